/* trivial.c - does nothing: its wall time is an emulator's start-up cost. */
#include "bench.h"

int main(void)
{
    bench_report("trivial", 0);
    return 0;
}
