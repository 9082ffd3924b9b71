#include "platform/elf_loader.h"

#include <elf.h>

#include <fstream>
#include <iterator>

#include <fmt/format.h>

#include "platform/input_error.h"

namespace flashsim::platform {
namespace {

struct Reader {
    const std::vector<uint8_t>& b;
    const std::string& path;
    uint64_t get(uint64_t off, unsigned len, const char* what) const {
        if (off + len > b.size() || off + len < off)
            throw InputError(fmt::format("{}: truncated ELF file ({} at offset {} is past the end, file has {} bytes)",
                                         path, what, off, b.size()));
        uint64_t v = 0;
        for (unsigned i = 0; i < len; ++i) v = (v << 8) | b[off + i];  // big-endian
        return v;
    }
};

// Notes: namesz, descsz, type (4 bytes each), then name and desc, each padded to 4 bytes.
void read_notes(const Reader& r, uint64_t off, uint64_t size, std::vector<std::string>& owners) {
    const uint64_t end = off + size;
    while (off + 12 <= end) {
        const uint64_t namesz = r.get(off, 4, "note"), descsz = r.get(off + 4, 4, "note");
        if (namesz > size || descsz > size) return;  // not a note we understand; loading goes on
        std::string name;
        for (uint64_t i = 0; i + 1 < namesz; ++i) name += static_cast<char>(r.get(off + 12 + i, 1, "note name"));
        owners.push_back(name);
        off += 12 + ((namesz + 3) & ~3ull) + ((descsz + 3) & ~3ull);
    }
}

}  // namespace

bool kernel_virt_to_phys(uint64_t va, uint64_t& pa) {
    if (va >= 0xFFFFFFFF80000000ull && va < 0xFFFFFFFFC0000000ull) {  // (c)kseg0, (c)kseg1
        pa = va & 0x1FFFFFFFull;
        return true;
    }
    if (va >= 0x8000000000000000ull && va < 0xC000000000000000ull &&
        (va & 0x07FFFF0000000000ull) == 0) {  // xkphys
        pa = va & 0xFFFFFFFFFFull;
        return true;
    }
    return false;
}

ElfImage read_elf(const std::string& path, bool physical) {
    std::ifstream f(path, std::ios::binary);
    if (!f) throw InputError(fmt::format("{}: cannot open file", path));
    const std::vector<uint8_t> b((std::istreambuf_iterator<char>(f)), std::istreambuf_iterator<char>());
    if (b.size() < EI_NIDENT || b[0] != ELFMAG0 || b[1] != ELFMAG1 || b[2] != ELFMAG2 || b[3] != ELFMAG3)
        throw InputError(fmt::format("{}: not an ELF file", path));
    if (b[EI_DATA] == ELFDATA2LSB)
        throw InputError(fmt::format("{}: little-endian ELF; this machine is big-endian (build with -EB)", path));
    if (b[EI_DATA] != ELFDATA2MSB) throw InputError(fmt::format("{}: bad ELF data encoding {}", path, b[EI_DATA]));
    if (b[EI_CLASS] != ELFCLASS64 && b[EI_CLASS] != ELFCLASS32)
        throw InputError(fmt::format("{}: bad ELF class {}", path, b[EI_CLASS]));
    const bool e64 = b[EI_CLASS] == ELFCLASS64;
    const Reader r{b, path};
    const unsigned w = e64 ? 8 : 4;  // address width
    const uint64_t type = r.get(16, 2, "e_type"), machine = r.get(18, 2, "e_machine");
    if (machine != EM_MIPS) throw InputError(fmt::format("{}: ELF for machine {}, not MIPS", path, machine));
    if (type != ET_EXEC) throw InputError(fmt::format("{}: ELF type {} is not an executable (ET_EXEC)", path, type));
    ElfImage img;
    img.elf64 = e64;
    uint64_t entry = r.get(24, w, "e_entry");
    const uint64_t phoff = r.get(24 + w, w, "e_phoff");
    const uint64_t phentsize = r.get(e64 ? 54 : 42, 2, "e_phentsize");
    const uint64_t phnum = r.get(e64 ? 56 : 44, 2, "e_phnum");
    if (phentsize != (e64 ? sizeof(Elf64_Phdr) : sizeof(Elf32_Phdr)))
        throw InputError(fmt::format("{}: corrupt ELF header (program header size {})", path, phentsize));
    if (phnum == 0) throw InputError(fmt::format("{}: ELF has no program headers", path));
    auto sext = [&](uint64_t v) { return e64 ? v : static_cast<uint64_t>(static_cast<int64_t>(static_cast<int32_t>(v))); };
    img.entry = sext(entry);
    for (uint64_t i = 0; i < phnum; ++i) {
        const uint64_t ph = phoff + i * phentsize;
        const uint64_t ptype = r.get(ph, 4, "p_type");
        if (ptype == PT_NOTE) {
            read_notes(r, r.get(ph + (e64 ? 8 : 4), w, "p_offset"), r.get(ph + (e64 ? 32 : 16), w, "p_filesz"),
                       img.note_owners);
            continue;
        }
        if (ptype != PT_LOAD) continue;
        uint64_t off, vaddr, filesz, memsz;
        if (e64) {
            off = r.get(ph + 8, 8, "p_offset");
            vaddr = r.get(ph + 16, 8, "p_vaddr");
            filesz = r.get(ph + 32, 8, "p_filesz");
            memsz = r.get(ph + 40, 8, "p_memsz");
        } else {
            off = r.get(ph + 4, 4, "p_offset");
            vaddr = sext(r.get(ph + 8, 4, "p_vaddr"));
            filesz = r.get(ph + 16, 4, "p_filesz");
            memsz = r.get(ph + 20, 4, "p_memsz");
        }
        if (memsz == 0) continue;
        if (filesz > memsz)
            throw InputError(fmt::format("{}: corrupt program header {} (filesz {} > memsz {})", path, i, filesz, memsz));
        if (off + filesz > b.size() || off + filesz < off)
            throw InputError(fmt::format("{}: truncated ELF file (segment {} needs bytes {}..{}, file has {})", path, i,
                                         off, off + filesz, b.size()));
        ElfSegment s;
        s.paddr = vaddr;
        uint64_t last = 0;
        if (physical && (!kernel_virt_to_phys(vaddr + memsz - 1, last) || !kernel_virt_to_phys(vaddr, s.paddr)))
            throw InputError(fmt::format("{}: segment {} at virtual 0x{:x} is not in kseg0/kseg1/xkphys; "
                                         "flashsim loads by physical address",
                                         path, i, vaddr));
        s.memsz = memsz;
        s.data.assign(b.begin() + static_cast<long>(off), b.begin() + static_cast<long>(off + filesz));
        img.segments.push_back(std::move(s));
    }
    if (img.segments.empty()) throw InputError(fmt::format("{}: ELF has no loadable segment", path));
    return img;
}

}  // namespace flashsim::platform
