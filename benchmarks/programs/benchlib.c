/* benchlib.c - memset/memcpy for the freestanding benchmark programs (GCC may
 * emit calls to them for plain loops). Built with loop-pattern recognition
 * off so they do not call themselves. */
#include "bench.h"

__attribute__((optimize("no-tree-loop-distribute-patterns")))
void *memset(void *d, int c, unsigned long n)
{
    unsigned char *p = d;
    while (n--)
        *p++ = (unsigned char)c;
    return d;
}

__attribute__((optimize("no-tree-loop-distribute-patterns")))
void *memcpy(void *d, const void *s, unsigned long n)
{
    unsigned char *p = d;
    const unsigned char *q = s;
    while (n--)
        *p++ = *q++;
    return d;
}
