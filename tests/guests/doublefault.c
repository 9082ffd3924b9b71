/* A VM whose exception handler itself faults: it double-faults forever; the monitor notices
   and halts that VM (status 254) instead of letting it spin. */
#include "disco/abi.h"
#include "guest.h"

static void bad_handler(struct exc_frame *f) {
    (void)f;
    *(volatile uint64_t *)(DISCO_DIRECT_MAP + (1ull << 36)) = 1; /* faults again, in the handler */
}

int main(void) {
    puts_("about to double-fault\n");
    exc_handler = bad_handler;
    __asm__ volatile("break" ::: "memory");
    puts_("survived?\n");
    return 0;
}
