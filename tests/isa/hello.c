/* The smallest guest: prints through the UART and exits 0. Also the README demo. */
#include "guest.h"

int main(void) {
    puts_("Hello from the R10000 on flashsim!\n");
    report(1, "console works");
    return report_summary();
}
