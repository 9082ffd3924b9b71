// Bad user input (files, options): reported as one line, exit status 2 (README "Exit status").
#pragma once
#include <stdexcept>
#include <string>

namespace flashsim {
struct InputError : std::runtime_error {
    using std::runtime_error::runtime_error;
};
}  // namespace flashsim
