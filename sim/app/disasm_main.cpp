// flashsim-disasm: disassemble 32-bit words given in hex (one per line on stdin, or as
// arguments) with the decode table, as `<word> <mnemonic> <operands>`. Used by the test that
// cross-checks the table against binutils.
#include <cstdio>
#include <iostream>
#include <string>

#include <fmt/format.h>

#include "isa/isa.h"

int main(int argc, char* argv[]) {
    auto one = [](const std::string& s) {
        try {
            const auto w = static_cast<uint32_t>(std::stoul(s, nullptr, 16));
            fmt::print("{:08x} {}\n", w, flashsim::isa::disassemble(w, 0));
            return true;
        } catch (const std::exception&) {
            fmt::print(stderr, "flashsim-disasm: '{}' is not a hex word\n", s);
            return false;
        }
    };
    bool ok = true;
    if (argc > 1)
        for (int i = 1; i < argc; ++i) ok &= one(argv[i]);
    else
        for (std::string line; std::getline(std::cin, line);)
            if (!line.empty()) ok &= one(line);
    return ok ? 0 : 2;
}
