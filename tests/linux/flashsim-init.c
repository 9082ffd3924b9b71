/*
 * PID 1 of the test initramfs (static, musl, n64, -march=r10000; built by
 * scripts/build-userland.sh). It mounts /proc, /sys, /dev (devtmpfs) and a
 * tmpfs on /tmp, reports what the kernel sees of the machine (CPUs, NUMA
 * nodes, node distances) in lines the ctest scripts compare with the
 * topology, runs the jobs named on the kernel command line after "--", one
 * after the other, and ends the run through reboot(RESTART2, "<status>"),
 * which the flashsim platform turns into flashsim's exit status: the first
 * failing job's status, or 0.
 *
 * Jobs (one kernel command-line word each; quote a word that holds spaces,
 * "run=fsheavy:/tmp/db 500"; the kernel strips the double quotes):
 *   compute           a sieve with a known answer, built into this init
 *   exit=N            status N
 *   run=sh:COMMAND    /bin/sh -c COMMAND
 *   run=NAME[:ARGS]   /bin/NAME with ARGS split at spaces (the workloads:
 *                     pbuild, compute, fsheavy; or any busybox applet)
 *   shell             an interactive /bin/sh on the console (its own session,
 *                     the console as controlling tty); the run ends with its
 *                     exit status when it exits
 * A job's status is its exit status, or 128 + the signal that killed it.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <termios.h>
#include <unistd.h>

#define FLASHSIM_REBOOT_MAGIC1 0xfee1deadu
#define FLASHSIM_REBOOT_MAGIC2 672274793
#define FLASHSIM_REBOOT_RESTART2 0xA1B2C3D4u

/* Prints "flashsim-init: <label>: <first line of path>" or says it is missing. */
static void report_file(const char *label, const char *path)
{
    char buf[512];
    int fd = open(path, O_RDONLY);
    if (fd < 0) {
        printf("flashsim-init: %s: (none)\n", label);
        return;
    }
    ssize_t n = read(fd, buf, sizeof(buf) - 1);
    close(fd);
    buf[n < 0 ? 0 : n] = 0;
    buf[strcspn(buf, "\n")] = 0;
    printf("flashsim-init: %s: %s\n", label, buf);
}

/* Node distances: one line per online node, as /sys shows them. */
static void report_nodes(void)
{
    report_file("nodes", "/sys/devices/system/node/online");
    for (int node = 0; node < 64; node++) {
        char path[64], label[24];
        snprintf(path, sizeof(path), "/sys/devices/system/node/node%d/distance", node);
        snprintf(label, sizeof(label), "node%d distance", node);
        if (access(path, R_OK) == 0)
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

/* Runs argv in a child and returns its status; interactive: its own session on the console. */
static int run_child(char **argv, int interactive)
{
    fflush(stdout);
    pid_t pid = fork();
    if (pid < 0) {
        perror("flashsim-init: fork");
        return 1;
    }
    if (pid == 0) {
        if (interactive) {
            setsid();
            int fd = open("/dev/console", O_RDWR);
            if (fd >= 0) {
                ioctl(fd, TIOCSCTTY, 1);
                dup2(fd, 0);
                dup2(fd, 1);
                dup2(fd, 2);
                if (fd > 2)
                    close(fd);
            }
        }
        execv(argv[0], argv);
        printf("flashsim-init: cannot run %s\n", argv[0]);
        _exit(127);
    }
    /* Reap everything (orphans are re-parented to us) until our child is gone. */
    for (;;) {
        int status;
        pid_t done = wait(&status);
        if (done < 0) {
            perror("flashsim-init: wait");
            return 1;
        }
        if (done == pid)
            return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    }
}

/* run=NAME[:ARGS]: "sh" takes ARGS as one command for sh -c, the others split ARGS at spaces. */
static int job_run(const char *spec)
{
    static char buf[4096], path[sizeof(buf) + 8];
    char *argv[64];
    int argc = 0;
    snprintf(buf, sizeof(buf), "%s", spec);
    char *args = strchr(buf, ':');
    if (args)
        *args++ = 0;
    if (!buf[0] || strchr(buf, '/')) {
        printf("flashsim-init: run=%s: bad program name\n", spec);
        return 2;
    }
    snprintf(path, sizeof(path), "/bin/%s", buf);
    argv[argc++] = path;
    if (!strcmp(buf, "sh") && args) {
        argv[argc++] = "-c";
        argv[argc++] = args;
    } else
        for (char *save = 0, *word = args ? strtok_r(args, " ", &save) : 0; word && argc < 63;
             word = strtok_r(0, " ", &save))
            argv[argc++] = word;
    argv[argc] = 0;
    int status = run_child(argv, 0);
    printf("flashsim-init: run %s: exit %d\n", buf, status);
    return status;
}

static int job_shell(void)
{
    char *argv[] = {"/bin/sh", 0};
    printf("flashsim-init: shell on the console; exit it to end the run\n");
    int status = run_child(argv, 1);
    printf("flashsim-init: shell: exit %d\n", status);
    return status;
}

static void end_run(int status)
{
    char arg[8];
    snprintf(arg, sizeof(arg), "%d", status & 0xff);
    printf("flashsim-init: exit %s\n", arg);
    fflush(stdout);
    tcdrain(1); /* the UART is polled: output lags */
    sync();
    syscall(SYS_reboot, FLASHSIM_REBOOT_MAGIC1, FLASHSIM_REBOOT_MAGIC2, FLASHSIM_REBOOT_RESTART2, arg);
    for (;;)
        pause();
}

static void mount_fs(const char *source, const char *target, const char *type)
{
    mkdir(target, 0755);
    if (mount(source, target, type, 0, 0))
        printf("flashsim-init: mounting %s on %s failed\n", type, target);
}

int main(int argc, char **argv)
{
    setvbuf(stdout, 0, _IOLBF, 0);
    mount_fs("proc", "/proc", "proc");
    mount_fs("sysfs", "/sys", "sysfs");
    mount_fs("devtmpfs", "/dev", "devtmpfs");
    mount_fs("tmpfs", "/tmp", "tmpfs");
    setenv("PATH", "/bin:/sbin:/usr/bin:/usr/sbin", 1);
    setenv("HOME", "/", 1);
    printf("flashsim-init: userland up\n");
    report_file("cpus online", "/sys/devices/system/cpu/online");
    report_nodes();

    int status = 0;
    for (int i = 1; i < argc; i++) {
        int job;
        if (!strcmp(argv[i], "compute"))
            job = job_compute();
        else if (!strncmp(argv[i], "exit=", 5))
            job = atoi(argv[i] + 5);
        else if (!strncmp(argv[i], "run=", 4))
            job = job_run(argv[i] + 4);
        else if (!strcmp(argv[i], "shell"))
            job = job_shell();
        else {
            printf("flashsim-init: unknown job '%s' (jobs: compute, exit=N, run=NAME[:ARGS], shell)\n", argv[i]);
            job = 2;
        }
        if (!status)
            status = job;
    }
    end_run(status);
    return 0;
}
