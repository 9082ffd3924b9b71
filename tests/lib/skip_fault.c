/* skip_fault (guest.h), in a file of its own: only the guests that use it link it, so the
   others' code (the Table 2 microbenchmark's in particular) keeps its layout. */
#include "guest.h"

volatile uint64_t faults, fault_code;

void skip_fault(struct exc_frame *f) {
    faults++;
    fault_code = EXC_CODE(f);
    f->epc += 4;
}
