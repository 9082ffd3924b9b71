/*
 * workload fsheavy: a database-like file I/O mix (the Disco paper's
 * "database" workload, reduced to what a file system sees).
 *
 *   fsheavy DIR [OPS] [SEED]       defaults: 3000 operations, seed 1
 *
 * Keeps NRECORDS record files in DIR, each a run of 512-byte pages whose
 * contents follow from (record, page, generation). A seeded generator picks
 * each operation: replace a record atomically (write a temporary file, fsync,
 * rename over the old one), update a page in place (pwrite + fdatasync),
 * append a page, truncate, unlink, or read a record back and verify every
 * byte. Every operation is appended to a journal that is fsynced every 8
 * operations; every 500 operations a checkpoint lists DIR and verifies
 * every record. At the end the journal is read back and checked, the files
 * are removed, and the result is a hash of the final state, which for the
 * default OPS and SEED must be the one below.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define EXPECTED_HASH 0xc2bd9b9fu /* default OPS and SEED; a host build on tmpfs gives the same */
#define NRECORDS 48
#define MAXPAGES 24
#define PAGE 512

static const char *dir;
static uint32_t npages[NRECORDS];           /* 0: the record does not exist */
static uint32_t gen[NRECORDS][MAXPAGES];
static uint32_t next_gen = 1;
static uint64_t rng;
static unsigned long bytes_written, bytes_read, journal_lines;
static uint32_t journal_hash = 2166136261u;
static int journal_fd;

static uint32_t next(void)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return (uint32_t)(rng >> 32);
}

static void fail(const char *what, const char *path)
{
    printf("workload fsheavy: FAILED %s %s: %s\n", what, path ? path : "", errno ? strerror(errno) : "");
    exit(1);
}

static void fill_page(unsigned char *out, int rec, int page, uint32_t g)
{
    uint32_t x = (uint32_t)rec * 2654435761u ^ (uint32_t)page * 40503u ^ g * 2246822519u;
    for (int i = 0; i < PAGE; i += 4) {
        x = x * 1664525u + 1013904223u;
        out[i] = (unsigned char)(x >> 24);
        out[i + 1] = (unsigned char)(x >> 16);
        out[i + 2] = (unsigned char)(x >> 8);
        out[i + 3] = (unsigned char)x;
    }
}

static void path_of(char *out, size_t size, int rec, const char *suffix)
{
    snprintf(out, size, "%s/rec%03d%s", dir, rec, suffix);
}

static void write_all(int fd, const unsigned char *buf, size_t n, off_t off, const char *path)
{
    while (n) {
        ssize_t w = off < 0 ? write(fd, buf, n) : pwrite(fd, buf, n, off);
        if (w <= 0)
            fail("write", path);
        buf += w;
        n -= (size_t)w;
        if (off >= 0)
            off += w;
        bytes_written += (unsigned long)w;
    }
}

static void journal(const char *op, int rec)
{
    char line[64];
    int n = snprintf(line, sizeof(line), "%lu %s %d %u\n", journal_lines, op, rec, npages[rec]);
    write_all(journal_fd, (const unsigned char *)line, (size_t)n, -1, "journal");
    for (int i = 0; i < n; i++)
        journal_hash = (journal_hash ^ (unsigned char)line[i]) * 16777619u;
    if (++journal_lines % 8 == 0 && fsync(journal_fd))
        fail("fsync", "journal");
}

/* Replace record rec with a new one of n pages: temporary file, fsync, rename. */
static void replace(int rec, uint32_t n)
{
    char tmp[512], path[512];
    unsigned char buf[PAGE];
    path_of(tmp, sizeof(tmp), rec, ".tmp");
    path_of(path, sizeof(path), rec, "");
    int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (fd < 0)
        fail("create", tmp);
    for (uint32_t p = 0; p < n; p++) {
        gen[rec][p] = next_gen++;
        fill_page(buf, rec, (int)p, gen[rec][p]);
        write_all(fd, buf, PAGE, -1, tmp);
    }
    if (fsync(fd) || close(fd))
        fail("fsync", tmp);
    if (rename(tmp, path))
        fail("rename", tmp);
    npages[rec] = n;
    journal("replace", rec);
}

static void update(int rec)
{
    char path[512];
    unsigned char buf[PAGE];
    path_of(path, sizeof(path), rec, "");
    uint32_t p = next() % npages[rec];
    int fd = open(path, O_RDWR);
    if (fd < 0)
        fail("open", path);
    gen[rec][p] = next_gen++;
    fill_page(buf, rec, (int)p, gen[rec][p]);
    write_all(fd, buf, PAGE, (off_t)p * PAGE, path);
    if (fdatasync(fd) || close(fd))
        fail("fdatasync", path);
    journal("update", rec);
}

static void append(int rec)
{
    char path[512];
    unsigned char buf[PAGE];
    path_of(path, sizeof(path), rec, "");
    int fd = open(path, O_WRONLY | O_APPEND);
    if (fd < 0)
        fail("open", path);
    uint32_t p = npages[rec];
    gen[rec][p] = next_gen++;
    fill_page(buf, rec, (int)p, gen[rec][p]);
    write_all(fd, buf, PAGE, -1, path);
    if (close(fd))
        fail("close", path);
    npages[rec] = p + 1;
    journal("append", rec);
}

static void shrink(int rec)
{
    char path[512];
    path_of(path, sizeof(path), rec, "");
    uint32_t n = 1 + next() % npages[rec];
    if (truncate(path, (off_t)n * PAGE))
        fail("truncate", path);
    npages[rec] = n;
    journal("truncate", rec);
}

static void remove_record(int rec)
{
    char path[512];
    path_of(path, sizeof(path), rec, "");
    if (unlink(path))
        fail("unlink", path);
    npages[rec] = 0;
    journal("unlink", rec);
}

/* Reads record rec back and compares it with the model; folds its bytes into *hash. */
static void verify(int rec, uint32_t *hash)
{
    char path[512];
    unsigned char want[PAGE], got[PAGE];
    path_of(path, sizeof(path), rec, "");
    int fd = open(path, O_RDONLY);
    if (fd < 0)
        fail("open", path);
    struct stat st;
    if (fstat(fd, &st))
        fail("stat", path);
    if (st.st_size != (off_t)npages[rec] * PAGE) {
        printf("workload fsheavy: FAILED %s has %lld bytes, expected %lu\n", path, (long long)st.st_size,
               (unsigned long)npages[rec] * PAGE);
        exit(1);
    }
    for (uint32_t p = 0; p < npages[rec]; p++) {
        ssize_t r = read(fd, got, PAGE);
        if (r != PAGE)
            fail("short read", path);
        bytes_read += PAGE;
        fill_page(want, rec, (int)p, gen[rec][p]);
        if (memcmp(want, got, PAGE)) {
            printf("workload fsheavy: FAILED %s page %u differs from what was written\n", path, p);
            exit(1);
        }
        if (hash)
            for (int i = 0; i < PAGE; i += 64)
                *hash = (*hash ^ got[i]) * 16777619u;
    }
    close(fd);
}

/* The directory must hold exactly the existing records and the journal. */
static void checkpoint(void)
{
    int seen[NRECORDS] = {0}, others = 0;
    DIR *d = opendir(dir);
    if (!d)
        fail("opendir", dir);
    struct dirent *e;
    while ((e = readdir(d))) {
        int rec;
        char extra;
        if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, "..") || !strcmp(e->d_name, "journal"))
            continue;
        if (sscanf(e->d_name, "rec%3d%c", &rec, &extra) == 1 && rec >= 0 && rec < NRECORDS)
            seen[rec] = 1;
        else
            others++;
    }
    closedir(d);
    for (int rec = 0; rec < NRECORDS; rec++) {
        if (seen[rec] != (npages[rec] != 0) || others) {
            printf("workload fsheavy: FAILED the directory listing does not match (record %d)\n", rec);
            exit(1);
        }
        if (npages[rec])
            verify(rec, 0);
    }
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        printf("workload fsheavy: FAILED usage: fsheavy DIR [OPS] [SEED]\n");
        return 2;
    }
    dir = argv[1];
    long ops = argc > 2 ? atol(argv[2]) : 3000;
    long seed = argc > 3 ? atol(argv[3]) : 1;
    rng = 0x9e3779b97f4a7c15ull ^ (uint64_t)seed;
    char jpath[512];
    snprintf(jpath, sizeof(jpath), "%s/journal", dir);
    if (mkdir(dir, 0755) && errno != EEXIST)
        fail("mkdir", dir);
    journal_fd = open(jpath, O_WRONLY | O_CREAT | O_TRUNC | O_APPEND, 0644);
    if (journal_fd < 0)
        fail("create", jpath);

    long verified = 0;
    for (long op = 1; op <= ops; op++) {
        int rec = (int)(next() % NRECORDS);
        uint32_t choice = next() % 100;
        if (!npages[rec] || choice < 25)
            replace(rec, 1 + next() % (MAXPAGES / 2));
        else if (choice < 45)
            update(rec);
        else if (choice < 55 && npages[rec] < MAXPAGES)
            append(rec);
        else if (choice < 60)
            shrink(rec);
        else if (choice < 68)
            remove_record(rec);
        else {
            verify(rec, 0);
            verified++;
        }
        if (op % 500 == 0)
            checkpoint();
    }
    if (fsync(journal_fd) || close(journal_fd))
        fail("fsync", jpath);

    /* The journal must read back as written. */
    uint32_t jhash = 2166136261u;
    unsigned long lines = 0;
    unsigned char buf[4096];
    int fd = open(jpath, O_RDONLY);
    if (fd < 0)
        fail("open", jpath);
    for (ssize_t r; (r = read(fd, buf, sizeof(buf))) > 0;)
        for (ssize_t i = 0; i < r; i++) {
            jhash = (jhash ^ buf[i]) * 16777619u;
            lines += buf[i] == '\n';
        }
    close(fd);
    if (jhash != journal_hash || lines != journal_lines) {
        printf("workload fsheavy: FAILED the journal reads back differently (%lu lines, %lu written)\n", lines,
               journal_lines);
        return 1;
    }

    uint32_t hash = journal_hash;
    int records = 0;
    for (int rec = 0; rec < NRECORDS; rec++)
        if (npages[rec]) {
            verify(rec, &hash);
            records++;
            char path[512];
            path_of(path, sizeof(path), rec, "");
            if (unlink(path))
                fail("unlink", path);
        }
    if (unlink(jpath))
        fail("unlink", jpath);
    printf("fsheavy: %ld operations on %s, %d records left, %lu KiB written, %lu KiB read, %ld reads checked\n", ops,
           dir, records, bytes_written / 1024, bytes_read / 1024, verified);
    if (ops == 3000 && seed == 1 && hash != EXPECTED_HASH) {
        printf("workload fsheavy: FAILED final state hash %08x, expected %08x\n", (unsigned)hash, EXPECTED_HASH);
        return 1;
    }
    printf("workload fsheavy: ok %08x\n", (unsigned)hash);
    return 0;
}
