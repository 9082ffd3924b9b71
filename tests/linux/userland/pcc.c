/*
 * pcc: the "compiler" and "linker" of workload pbuild (there is no real
 * compiler in the guest). It does the kind of work a compiler does on a
 * small scale, deterministically:
 *
 *   pcc -c OUT.o < SOURCE      tokenize C-like source, find the functions it
 *                              defines and the ones it calls, run a few
 *                              "optimisation" passes over each body's tokens,
 *                              write an object file: one "T name hash" line
 *                              per definition, one "U name" line per call of
 *                              a function defined elsewhere.
 *   pcc -o PROG OBJ...         link: every U must be defined by exactly one
 *                              T; write the symbol table (sorted), each
 *                              symbol's hash folded with its callees' hashes.
 */
#include <ctype.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAXTOK 65536
#define MAXSYM 8192
#define NAMELEN 32

static char tok[MAXTOK][NAMELEN];
static int ntok;

static void die(const char *why, const char *what)
{
    fprintf(stderr, "pcc: %s%s%s\n", why, what ? ": " : "", what ? what : "");
    exit(1);
}

static uint32_t hash_str(uint32_t h, const char *s)
{
    while (*s)
        h = (h ^ (unsigned char)*s++) * 16777619u;
    return h;
}

static void tokenize(FILE *f)
{
    int c = getc(f);
    while (c != EOF) {
        if (isspace(c)) {
            c = getc(f);
            continue;
        }
        if (ntok == MAXTOK)
            die("source too long", 0);
        char *t = tok[ntok++];
        int n = 0;
        if (isalnum(c) || c == '_') {
            while ((isalnum(c) || c == '_') && c != EOF) {
                if (n < NAMELEN - 1)
                    t[n++] = (char)c;
                c = getc(f);
            }
        } else {
            t[n++] = (char)c;
            c = getc(f);
        }
        t[n] = 0;
    }
}

static int is_ident(const char *t) { return isalpha((unsigned char)t[0]) || t[0] == '_'; }
static int is_keyword(const char *t)
{
    static const char *const kw[] = {"if", "while", "for", "return", "int", "static", "unsigned", "sizeof", 0};
    for (int i = 0; kw[i]; i++)
        if (!strcmp(t, kw[i]))
            return 1;
    return 0;
}

/* The "optimiser": a few passes of value numbering over the body's tokens. */
static uint32_t optimise(int from, int to)
{
    static uint32_t value[MAXTOK];
    uint32_t h = 2166136261u;
    for (int i = from; i < to; i++)
        value[i] = hash_str(2166136261u, tok[i]);
    for (int pass = 0; pass < 24; pass++)
        for (int i = from + 1; i < to; i++) {
            value[i] = (value[i] ^ (value[i - 1] >> 7)) * 2654435761u + (uint32_t)pass;
            h = (h ^ value[i]) * 16777619u;
        }
    return h;
}

static int compile(const char *out)
{
    tokenize(stdin);
    char defined[MAXSYM][NAMELEN], called[MAXSYM][NAMELEN];
    uint32_t hashes[MAXSYM];
    int ndef = 0, ncall = 0;
    for (int i = 0; i < ntok; i++) {
        /* At top level: [static] int NAME ( ... ) { body } */
        if (!is_ident(tok[i]) || is_keyword(tok[i]) || i + 1 >= ntok || strcmp(tok[i + 1], "("))
            continue;
        int j = i + 2;
        while (j < ntok && strcmp(tok[j], ")"))
            j++;
        if (j + 1 >= ntok || strcmp(tok[j + 1], "{")) {
            i = j;
            continue; /* a declaration */
        }
        int depth = 0, body = j + 1, end = body;
        for (; end < ntok; end++) {
            depth += !strcmp(tok[end], "{") - !strcmp(tok[end], "}");
            if (!depth)
                break;
            if (is_ident(tok[end]) && !is_keyword(tok[end]) && end + 1 < ntok && !strcmp(tok[end + 1], "(")) {
                int k = 0;
                while (k < ncall && strcmp(called[k], tok[end]))
                    k++;
                if (k == ncall) {
                    if (ncall == MAXSYM)
                        die("too many calls", 0);
                    strcpy(called[ncall++], tok[end]);
                }
            }
        }
        if (end == ntok)
            die("unbalanced braces in", tok[i]);
        if (ndef == MAXSYM)
            die("too many functions", 0);
        strcpy(defined[ndef], tok[i]);
        hashes[ndef++] = optimise(i, end + 1);
        i = end;
    }
    FILE *o = fopen(out, "w");
    if (!o)
        die("cannot write", out);
    for (int d = 0; d < ndef; d++)
        fprintf(o, "T %s %08x\n", defined[d], (unsigned)hashes[d]);
    for (int c = 0; c < ncall; c++) {
        int d = 0;
        while (d < ndef && strcmp(defined[d], called[c]))
            d++;
        if (d == ndef)
            fprintf(o, "U %s\n", called[c]);
    }
    return fclose(o) ? 1 : 0;
}

struct sym { char name[NAMELEN]; uint32_t hash; const char *object; };
static struct sym syms[MAXSYM];
static int nsyms;

static int by_name(const void *a, const void *b) { return strcmp(((const struct sym *)a)->name, ((const struct sym *)b)->name); }

static int link_objects(const char *out, int nobj, char **objs)
{
    static char undefined[MAXSYM][NAMELEN];
    int nundef = 0;
    char line[128], name[NAMELEN];
    unsigned hash;
    for (int i = 0; i < nobj; i++) {
        FILE *f = fopen(objs[i], "r");
        if (!f)
            die("cannot read", objs[i]);
        while (fgets(line, sizeof(line), f)) {
            if (sscanf(line, "T %31s %x", name, &hash) == 2) {
                if (nsyms == MAXSYM)
                    die("too many symbols", 0);
                strcpy(syms[nsyms].name, name);
                syms[nsyms].hash = hash;
                syms[nsyms++].object = objs[i];
            } else if (sscanf(line, "U %31s", name) == 1) {
                if (nundef == MAXSYM)
                    die("too many references", 0);
                strcpy(undefined[nundef++], name);
            } else
                die("bad object file", objs[i]);
        }
        fclose(f);
    }
    qsort(syms, (size_t)nsyms, sizeof(syms[0]), by_name);
    for (int i = 1; i < nsyms; i++)
        if (!strcmp(syms[i].name, syms[i - 1].name)) {
            fprintf(stderr, "pcc: %s defined in %s and %s\n", syms[i].name, syms[i - 1].object, syms[i].object);
            return 1;
        }
    uint32_t all = 2166136261u;
    for (int u = 0; u < nundef; u++) {
        struct sym key;
        strcpy(key.name, undefined[u]);
        struct sym *s = bsearch(&key, syms, (size_t)nsyms, sizeof(syms[0]), by_name);
        if (!s)
            die("undefined reference to", undefined[u]);
        all = (all ^ s->hash) * 16777619u;
    }
    FILE *o = fopen(out, "w");
    if (!o)
        die("cannot write", out);
    for (int i = 0; i < nsyms; i++)
        fprintf(o, "%08x %s\n", (unsigned)(syms[i].hash ^ all), syms[i].name);
    return fclose(o) ? 1 : 0;
}

int main(int argc, char **argv)
{
    if (argc == 3 && !strcmp(argv[1], "-c"))
        return compile(argv[2]);
    if (argc >= 4 && !strcmp(argv[1], "-o"))
        return link_objects(argv[2], argc - 3, argv + 3);
    die("usage: pcc -c OUT.o < SOURCE | pcc -o PROG OBJ...", 0);
    return 2;
}
