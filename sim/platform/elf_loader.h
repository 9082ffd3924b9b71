// Reads a big-endian MIPS ELF64 or ELF32 executable into loadable segments at physical
// addresses (DESIGN.md "Boot": kseg0/ckseg0/kseg1/xkphys virtual addresses converted).
#pragma once
#include <cstdint>
#include <string>
#include <vector>

namespace flashsim::platform {

struct ElfSegment {
    uint64_t paddr;
    uint64_t memsz;
    std::vector<uint8_t> data;  // filesz bytes; the rest up to memsz is zero
};

struct ElfImage {
    uint64_t entry = 0;  // virtual, sign-extended for ELF32
    bool elf64 = true;
    std::vector<ElfSegment> segments;
    std::vector<std::string> note_owners;  // the name of every note in PT_NOTE segments
};

// Throws InputError naming the file and what is wrong with it. With physical = false the
// segments' addresses are not converted (guest images the monitor places itself); paddr is
// then the virtual address.
ElfImage read_elf(const std::string& path, bool physical = true);
// Physical address of an unmapped kernel virtual address, or false if mapped / invalid.
bool kernel_virt_to_phys(uint64_t va, uint64_t& pa);

}  // namespace flashsim::platform
