// Pages every CPU must hear about when any of them writes: pages holding decoded code and
// pages holding an LL link. No CPU keeps a store soft-TLB entry for such a page, so stores to
// it take the slow path, which drops the decoded copies of the words written and breaks LL
// links on the line in the other CPUs (DESIGN.md: LL/SC work across processors).
#pragma once
#include <cstdint>
#include <unordered_set>
#include <vector>

namespace flashsim::cpu {

class Cpu;

class SharedPages {
public:
    void add(Cpu* c) { cpus_.push_back(c); }
    // From now on stores to this host page take every CPU's slow path.
    void watch(uintptr_t host_page);
    bool watched(uintptr_t host_page) const { return pages_.count(host_page) != 0; }
    // A store of len bytes at offset in a watched host page, physical address pa, by `by`.
    void stored(const Cpu* by, uint64_t pa, uintptr_t host_page, unsigned offset, unsigned len);

private:
    std::vector<Cpu*> cpus_;
    std::unordered_set<uintptr_t> pages_;
};

}  // namespace flashsim::cpu
