#include "platform/console_input.h"

#include <poll.h>
#include <termios.h>
#include <unistd.h>

#include <csignal>
#include <cstdio>
#include <cstdlib>

namespace flashsim::platform {

namespace {
constexpr char kEscape = 0x01;  // Ctrl-A
struct termios saved_termios;
int saved_fd = -1;

void restore_terminal() {
    if (saved_fd >= 0) tcsetattr(saved_fd, TCSANOW, &saved_termios);
}
void restore_and_reraise(int sig) {
    restore_terminal();
    std::signal(sig, SIG_DFL);
    std::raise(sig);
}
}  // namespace

ConsoleInput::ConsoleInput(int fd) : fd_(fd), tty_(isatty(fd) != 0) {}

ConsoleInput::~ConsoleInput() {
    if (raw_) {
        restore_terminal();
        saved_fd = -1;
    }
}

void ConsoleInput::enter_raw() {
    // Only now, when the guest first listens: runs that never read the console leave the
    // terminal alone.
    if (tcgetattr(fd_, &saved_termios) != 0) {
        tty_ = false;
        return;
    }
    saved_fd = fd_;
    std::atexit(restore_terminal);
    for (int sig : {SIGTERM, SIGHUP, SIGQUIT}) std::signal(sig, restore_and_reraise);
    struct termios t = saved_termios;
    cfmakeraw(&t);
    t.c_oflag |= OPOST | ONLCR;  // flashsim's own messages on the same terminal stay readable
    tcsetattr(fd_, TCSANOW, &t);
    raw_ = true;
}

std::string ConsoleInput::poll() {
    std::string out;
    if (eof_ || quit_) return out;
    // What the guest printed so far (a prompt has no newline) must be visible to whoever
    // types or scripts the answer.
    std::fflush(stdout);
    if (!tty_) {
        // A script: the next whole line. Never waiting, so an open but silent stdin (a wrapper's
        // pipe) cannot stop the machine; a file, or input written up front (printf ... |), gives
        // the guest the same lines at the same simulated times on every run.
        for (;;) {
            const size_t nl = pending_.find('\n');
            if (nl != std::string::npos) {
                out = pending_.substr(0, nl + 1);
                pending_.erase(0, nl + 1);
                return out;
            }
            if (at_end_) {
                out.swap(pending_);
                eof_ = true;
                return out;
            }
            struct pollfd p = {fd_, POLLIN, 0};
            if (::poll(&p, 1, 0) != 1) return out;  // nothing yet
            char buf[4096];
            const ssize_t n = ::read(fd_, buf, sizeof buf);
            if (n <= 0) at_end_ = true;
            else pending_.append(buf, static_cast<size_t>(n));
        }
    }
    if (!raw_) enter_raw();
    struct pollfd p = {fd_, POLLIN, 0};
    while (::poll(&p, 1, 0) == 1 && (p.revents & (POLLIN | POLLHUP))) {
        char buf[64];
        const ssize_t n = ::read(fd_, buf, sizeof buf);
        if (n <= 0) {
            eof_ = true;
            break;
        }
        for (ssize_t i = 0; i < n; ++i) {
            const char c = buf[i];
            if (escape_) {
                escape_ = false;
                if (c == 'x' || c == 'X') {
                    quit_ = true;
                    return out;
                }
                if (c == kEscape) out += c;
                continue;
            }
            if (c == kEscape) escape_ = true;
            else out += c;
        }
    }
    return out;
}

}  // namespace flashsim::platform
