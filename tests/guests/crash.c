/* A VM that crashes: a wild store far outside its memory with no handler of its own. The
   guest library's default handler reports it and shuts the VM down with status 99; the
   monitor and the other VMs go on. */
#include "disco/abi.h"
#include "guest.h"

int main(void) {
    puts_("about to crash\n");
    *(volatile uint64_t *)(DISCO_DIRECT_MAP + (1ull << 36)) = 0xdead;
    puts_("still alive?\n");
    return 0;
}
