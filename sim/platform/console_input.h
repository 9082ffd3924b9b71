// The host side of the console's receive path: flashsim's stdin, fed to node 0's UART.
//
// From a file or a pipe, the guest gets a whole line when the machine asks at fixed simulated
// times and one is there (never waiting for one), so a scripted session written up front gives
// the same run every time, and a silent open pipe does not stop the machine. From a
// terminal, the terminal is put in raw mode (restored at exit) and whatever has been typed is
// taken without waiting; Ctrl-A x stops flashsim, Ctrl-A Ctrl-A sends a Ctrl-A.
#pragma once
#include <string>

namespace flashsim::platform {

class ConsoleInput {
public:
    explicit ConsoleInput(int fd);
    ~ConsoleInput();
    ConsoleInput(const ConsoleInput&) = delete;
    ConsoleInput& operator=(const ConsoleInput&) = delete;
    // Bytes for the guest now (maybe none). Sets quit() when the user typed Ctrl-A x.
    std::string poll();
    bool eof() const { return eof_; }
    bool quit() const { return quit_; }
    bool interactive() const { return tty_; }

private:
    int fd_;
    bool tty_, raw_ = false, eof_ = false, quit_ = false, escape_ = false, at_end_ = false;
    std::string pending_;  // read from a file or pipe, not yet given to the guest
    void enter_raw();
};

}  // namespace flashsim::platform
