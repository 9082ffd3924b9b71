#include "cpu/shared_pages.h"

#include "cpu/cpu.h"

namespace flashsim::cpu {

void SharedPages::watch(uintptr_t host_page) {
    if (!pages_.insert(host_page).second) return;
    for (Cpu* c : cpus_) c->drop_store_entries(host_page);
}

void SharedPages::stored(const Cpu* by, uint64_t pa, uintptr_t host_page, unsigned offset, unsigned len) {
    for (Cpu* c : cpus_) {
        c->invalidate_code(host_page, offset, len);
        if (c != by) c->break_link(pa);
    }
}

}  // namespace flashsim::cpu
