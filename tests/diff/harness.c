/* harness.c - runs the generated cases of tests/diff (gen.py) and dumps the
 * machine state after each, identically on flashsim and QEMU:
 *   case <id>
 *   r1 0x...  .. r31      (k0/k1 = r26/r27 are the runtime's: printed as 0)
 *   hi, lo
 *   f0 .. f31             (a register last written as 32 bits: low half only,
 *                          the upper half is architecturally undefined)
 *   fcsr
 *   m000 .. m248          the 256-byte scratch buffer, as doublewords
 *   msum                  FNV-1a of the scratch buffer
 * Any exception ends the run with a TRAP line (tests/peers/peerlib.c). */
#include "platform.h"

#define NGPR 32
#define OUT_WORDS (NGPR + 2 + 32 + 1)
#define SCRATCH ((volatile uint8_t *)0xFFFFFFFF80400000ull) /* see gen.py SCRATCH */
#define BUF 256

struct diff_case {
    const char *id;
    const uint64_t *init; /* gpr[32], hi, lo, fpr[32], fcsr, buffer[BUF/8] */
    void (*body)(void);
    const uint64_t *fmask;
};
extern const struct diff_case diff_cases[];
extern const uint64_t diff_ncases;
extern char _end[];

/* harness_rt.S: loads the state, runs body, stores the state to out. */
void diff_enter(const uint64_t *init, void (*body)(void), uint64_t *out);

static uint64_t out[OUT_WORDS];

static void line(const char *name, int n, uint64_t v)
{
    plat_puts(name);
    if (n >= 0)
        plat_putdec(n);
    plat_putc(' ');
    plat_puthex(v);
    plat_putc('\n');
}

static void line3(const char *name, int n, uint64_t v)
{
    plat_puts(name);
    plat_putc('0' + n / 100);
    plat_putc('0' + n / 10 % 10);
    plat_putc('0' + n % 10);
    plat_putc(' ');
    plat_puthex(v);
    plat_putc('\n');
}

int main(void)
{
    if ((uint64_t)_end > (uint64_t)SCRATCH) {
        plat_puts("harness: image overlaps the scratch buffer\n");
        return 1;
    }
    for (uint64_t k = 0; k < diff_ncases; k++) {
        const struct diff_case *c = &diff_cases[k];
        plat_puts("case ");
        plat_puts(c->id);
        plat_putc('\n');
        diff_enter(c->init, c->body, out);
        for (int r = 1; r < NGPR; r++)
            line("r", r, out[r]);
        line("hi", -1, out[NGPR]);
        line("lo", -1, out[NGPR + 1]);
        for (int f = 0; f < 32; f++)
            line("f", f, out[NGPR + 2 + f] & c->fmask[f]);
        line("fcsr", -1, out[NGPR + 34]);
        uint64_t h = 0xCBF29CE484222325ull;
        for (int i = 0; i < BUF; i++)
            h = (h ^ SCRATCH[i]) * 0x100000001B3ull;
        for (int i = 0; i < BUF; i += 8) {
            uint64_t v = 0;
            for (int j = 0; j < 8; j++)
                v = v << 8 | SCRATCH[i + j];
            line3("m", i, v);
        }
        line("msum", -1, h);
    }
    plat_puts("done\n");
    return 0;
}
