// Generates the flattened device tree that describes the machine to the guest (DESIGN.md
// "Boot"; bindings in docs/dtb-bindings.md), with libfdt's sequential-write API.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

namespace flashsim::platform {

struct MemoryRange {
    uint64_t base, size;
    unsigned node;
};

struct DtbSpec {
    std::vector<unsigned> cpu_node = {0};  // node of each CPU, by CPU number
    uint64_t clock_hz = 200000000;
    std::vector<MemoryRange> memory;
    std::vector<std::vector<unsigned>> distances = {{10}};  // SLIT, node by node
    std::string bootargs;
    uint64_t initrd_start = 0, initrd_end = 0;  // physical; 0/0 = none
    uint64_t reserve_base = 0, reserve_size = 0;  // the DTB and modules' location, as /memreserve/
    struct Vm {  // a guest image for the Disco monitor (docs/boot.md, /chosen/vm@N)
        uint64_t base, size;
        unsigned cpus;
        uint64_t mem;
        std::string name;
        uint64_t disk_base = 0, disk_size = 0;  // 0/0: no disk
    };
    std::vector<Vm> vms;
    uint64_t boot_time = 0;  // /chosen flashsim,boot-time: seconds since the epoch at power-on
    std::vector<uint8_t> rng_seed;  // /chosen/rng-seed, entropy the kernel may credit; empty: none
    unsigned virtio_slots = 0;  // virtio-mmio devices in node 0's slots 0 .. virtio_slots-1
};

std::vector<uint8_t> build_dtb(const DtbSpec& spec);

}  // namespace flashsim::platform
