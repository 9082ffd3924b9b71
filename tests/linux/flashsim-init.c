/*
 * The init of the test initramfs: a static program over the kernel's own
 * nolibc (no C library to rebuild for the R10000). It reports what the kernel
 * sees of the machine (CPUs, NUMA nodes, node distances) in lines the ctest
 * scripts compare with the topology, runs the job named on the kernel command
 * line after "--", and ends the run through reboot(RESTART2, "<status>"),
 * which the flashsim platform turns into flashsim's exit status.
 */
#define FLASHSIM_REBOOT_MAGIC1 0xfee1deadu
#define FLASHSIM_REBOOT_MAGIC2 672274793
#define FLASHSIM_REBOOT_RESTART2 0xA1B2C3D4u

static void put(const char *s) { write(1, s, strlen(s)); }

/* Writes prefix, the decimal value and suffix into out (nolibc 6.1 has no snprintf). */
static void format_int(char *out, const char *prefix, int value, const char *suffix)
{
    char digits[12];
    int n = 0;
    unsigned v = value < 0 ? -(unsigned)value : (unsigned)value;
    do {
        digits[n++] = (char)('0' + v % 10);
        v /= 10;
    } while (v);
    strcpy(out, prefix);
    out += strlen(out);
    if (value < 0)
        *out++ = '-';
    while (n)
        *out++ = digits[--n];
    strcpy(out, suffix);
}

/* Prints "flashsim-init: <label>: <first line of path>" or says it is missing. */
static void report_file(const char *label, const char *path)
{
    char buf[512];
    int fd = open(path, O_RDONLY, 0);
    put("flashsim-init: ");
    put(label);
    put(": ");
    if (fd < 0) {
        put("(none)\n");
        return;
    }
    ssize_t n = read(fd, buf, sizeof(buf) - 1);
    close(fd);
    if (n < 0)
        n = 0;
    buf[n] = 0;
    char *nl = strchr(buf, '\n');
    if (nl)
        *nl = 0;
    put(buf);
    put("\n");
}

/* Node distances: one line per online node, as /sys shows them. */
static void report_nodes(void)
{
    char path[64];
    report_file("nodes", "/sys/devices/system/node/online");
    for (int node = 0; node < 64; node++) {
        char label[24];
        format_int(path, "/sys/devices/system/node/node", node, "/distance");
        format_int(label, "node", node, " distance");
        int fd = open(path, O_RDONLY, 0);
        if (fd < 0)
            continue;
        close(fd);
        report_file(label, path);
    }
}

/* A compute job with a known answer: sieve of Eratosthenes up to 200000. */
static int job_compute(void)
{
    static unsigned char composite[200001];
    int primes = 0;
    for (int i = 2; i <= 200000; i++) {
        if (composite[i])
            continue;
        primes++;
        for (int j = 2 * i; j <= 200000; j += i)
            composite[j] = 1;
    }
    printf("flashsim-init: compute: %d primes below 200000\n", primes);
    return primes == 17984 ? 0 : 1;
}

static void end_run(int status)
{
    char arg[8];
    format_int(arg, "", status & 0xff, "");
    put("flashsim-init: exit ");
    put(arg);
    put("\n");
    ioctl(1, TCSBRK, (void *)1); /* TCSBRK with 1: drain the console: the UART is polled, output lags */
    my_syscall0(__NR_sync);
    sys_reboot(FLASHSIM_REBOOT_MAGIC1, FLASHSIM_REBOOT_MAGIC2, FLASHSIM_REBOOT_RESTART2, arg);
    for (;;)
        ;
}

int main(int argc, char **argv)
{
    mkdir("/proc", 0555);
    mkdir("/sys", 0555);
    if (mount("proc", "/proc", "proc", 0, 0) || mount("sysfs", "/sys", "sysfs", 0, 0))
        put("flashsim-init: mounting /proc or /sys failed\n");
    put("flashsim-init: userland up\n");
    report_file("cpus online", "/sys/devices/system/cpu/online");
    report_nodes();

    int status = 0;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "compute"))
            status |= job_compute();
        else if (!strncmp(argv[i], "exit=", 5))
            status |= atoi(argv[i] + 5);
        else {
            printf("flashsim-init: unknown job '%s' (jobs: compute, exit=N)\n", argv[i]);
            status |= 2;
        }
    }
    end_run(status);
    return 0;
}
