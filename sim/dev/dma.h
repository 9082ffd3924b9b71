// A device's view of physical memory for DMA. The machine implements it: RAM only, split at
// page boundaries, and a write tells every CPU about the words it changed (decoded code,
// LL links), as a store from another CPU would.
#pragma once
#include <cstddef>
#include <cstdint>

namespace flashsim::dev {

class Dma {
public:
    virtual ~Dma() = default;
    // false if any byte of [pa, pa+len) is not RAM; nothing is transferred then.
    virtual bool read(uint64_t pa, void* buf, size_t len) = 0;
    virtual bool write(uint64_t pa, const void* buf, size_t len) = 0;
};

}  // namespace flashsim::dev
