/*
 * workload compute: a ray tracer over a fixed scene (the Disco paper's
 * "raytrace"), rows shared out to one thread per CPU.
 *
 *   compute [THREADS] [SIZE]     defaults: one thread per online CPU, 256
 *
 * Renders a SIZE x SIZE image of spheres on a checkered plane (shadows,
 * reflections up to depth 4, 4 samples per pixel) in IEEE double arithmetic
 * (+ - * / and sqrt only, no contraction, so every machine gets the same bits),
 * and prints the FNV-1a hash of the 8-bit pixels. For the default size the
 * hash must be the one below; it does not depend on the thread count.
 */
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#define DEFAULT_SIZE 256
#define EXPECTED_HASH 0xcb35fd90u /* for DEFAULT_SIZE; a host build (gcc -ffp-contract=off) gives the same */

typedef struct { double x, y, z; } vec;

static vec v(double x, double y, double z) { vec r = {x, y, z}; return r; }
static vec add(vec a, vec b) { return v(a.x + b.x, a.y + b.y, a.z + b.z); }
static vec sub(vec a, vec b) { return v(a.x - b.x, a.y - b.y, a.z - b.z); }
static vec scale(vec a, double s) { return v(a.x * s, a.y * s, a.z * s); }
static vec mul(vec a, vec b) { return v(a.x * b.x, a.y * b.y, a.z * b.z); }
static double dot(vec a, vec b) { return a.x * b.x + a.y * b.y + a.z * b.z; }
static vec norm(vec a) { return scale(a, 1.0 / __builtin_sqrt(dot(a, a))); }

struct sphere { vec centre; double radius; vec colour; double reflect; };

static const struct sphere spheres[] = {
    {{0.0, 1.0, 5.0}, 1.0, {0.9, 0.2, 0.2}, 0.3},
    {{-2.2, 0.7, 6.0}, 0.7, {0.2, 0.8, 0.3}, 0.5},
    {{2.0, 1.3, 7.0}, 1.3, {0.3, 0.4, 0.9}, 0.6},
    {{-0.8, 0.35, 3.2}, 0.35, {0.9, 0.9, 0.2}, 0.1},
    {{1.1, 0.4, 3.6}, 0.4, {0.8, 0.5, 0.9}, 0.8},
    {{0.0, 4.5, 11.0}, 2.5, {0.7, 0.7, 0.7}, 0.4},
};
#define NSPHERES (int)(sizeof(spheres) / sizeof(spheres[0]))
static const vec light = {-4.0, 8.0, -2.0};

/* Distance along the ray (origin o, unit direction d) to the nearest object, or 0; *hit says which:
   0..NSPHERES-1 a sphere, NSPHERES the plane y = 0. */
static double intersect(vec o, vec d, int *hit)
{
    double best = 1e30;
    *hit = -1;
    for (int i = 0; i < NSPHERES; i++) {
        vec oc = sub(o, spheres[i].centre);
        double b = dot(oc, d);
        double c = dot(oc, oc) - spheres[i].radius * spheres[i].radius;
        double disc = b * b - c;
        if (disc < 0)
            continue;
        double s = __builtin_sqrt(disc);
        double t = -b - s;
        if (t < 1e-6)
            t = -b + s;
        if (t > 1e-6 && t < best) {
            best = t;
            *hit = i;
        }
    }
    if (d.y < -1e-9) {
        double t = -o.y / d.y;
        if (t > 1e-6 && t < best) {
            best = t;
            *hit = NSPHERES;
        }
    }
    return *hit < 0 ? 0 : best;
}

static vec trace(vec o, vec d, int depth)
{
    int hit;
    double t = intersect(o, d, &hit);
    if (hit < 0) /* sky */
        return add(v(0.5, 0.6, 0.9), scale(v(0.3, 0.3, 0.1), d.y > 0 ? 1.0 - d.y : 1.0));
    vec p = add(o, scale(d, t)), n, colour;
    double reflect;
    if (hit == NSPHERES) {
        n = v(0, 1, 0);
        int check = ((int)(p.x + 1000.0) + (int)(p.z + 1000.0)) & 1;
        colour = check ? v(0.9, 0.9, 0.9) : v(0.15, 0.15, 0.15);
        reflect = 0.25;
    } else {
        n = norm(sub(p, spheres[hit].centre));
        colour = spheres[hit].colour;
        reflect = spheres[hit].reflect;
    }
    vec l = norm(sub(light, p));
    double diffuse = dot(n, l);
    if (diffuse < 0)
        diffuse = 0;
    int shadow_hit;
    double ts = intersect(add(p, scale(n, 1e-4)), l, &shadow_hit);
    if (shadow_hit >= 0 && ts * ts < dot(sub(light, p), sub(light, p)))
        diffuse *= 0.2;
    vec h = norm(sub(l, d));
    double spec = dot(n, h);
    spec = spec > 0 ? spec : 0;
    spec *= spec; spec *= spec; spec *= spec; spec *= spec; spec *= spec; /* ^32 */
    vec c = add(scale(colour, 0.1 + 0.9 * diffuse), v(spec, spec, spec));
    if (depth < 4 && reflect > 0) {
        vec r = sub(d, scale(n, 2 * dot(d, n)));
        c = add(scale(c, 1 - reflect), scale(mul(trace(add(p, scale(n, 1e-4)), r, depth + 1), v(1, 1, 1)), reflect));
    }
    return c;
}

static int size = DEFAULT_SIZE;
static unsigned char *image;
static int next_row;
static pthread_mutex_t row_lock = PTHREAD_MUTEX_INITIALIZER;

static unsigned char to8(double x)
{
    if (x <= 0)
        return 0;
    if (x >= 1)
        return 255;
    return (unsigned char)(x * 255.0 + 0.5);
}

static void render_row(int y)
{
    for (int x = 0; x < size; x++) {
        vec sum = v(0, 0, 0);
        for (int s = 0; s < 4; s++) { /* 2x2 samples */
            double px = ((x + 0.25 + 0.5 * (s & 1)) / size - 0.5) * 1.6;
            double py = (0.5 - (y + 0.25 + 0.5 * (s >> 1)) / size) * 1.6;
            sum = add(sum, trace(v(0, 1.6, -1.5), norm(v(px, py - 0.15, 1.5)), 0));
        }
        unsigned char *pix = image + 3 * ((size_t)y * size + x);
        pix[0] = to8(sum.x / 4);
        pix[1] = to8(sum.y / 4);
        pix[2] = to8(sum.z / 4);
    }
}

static void *worker(void *arg)
{
    int *rows_done = arg;
    for (;;) {
        pthread_mutex_lock(&row_lock);
        int y = next_row++;
        pthread_mutex_unlock(&row_lock);
        if (y >= size)
            return 0;
        render_row(y);
        ++*rows_done;
    }
}

int main(int argc, char **argv)
{
    long cpus = sysconf(_SC_NPROCESSORS_ONLN);
    int threads = argc > 1 ? atoi(argv[1]) : (int)(cpus > 0 ? cpus : 1);
    if (argc > 2)
        size = atoi(argv[2]);
    if (threads < 1 || threads > 64 || size < 1 || size > 4096) {
        printf("workload compute: FAILED bad arguments (compute [THREADS 1-64] [SIZE 1-4096])\n");
        return 2;
    }
    image = calloc((size_t)size * size, 3);
    pthread_t tid[64];
    int rows[64] = {0};
    for (int i = 0; i < threads; i++)
        if (pthread_create(&tid[i], 0, worker, &rows[i])) {
            printf("workload compute: FAILED pthread_create\n");
            return 1;
        }
    for (int i = 0; i < threads; i++)
        pthread_join(tid[i], 0);
    uint32_t hash = 2166136261u;
    for (size_t i = 0; i < (size_t)size * size * 3; i++)
        hash = (hash ^ image[i]) * 16777619u;
    printf("compute: %d threads, %dx%d pixels, rows per thread:", threads, size, size);
    for (int i = 0; i < threads; i++)
        printf(" %d", rows[i]);
    printf("\n");
    if (size == DEFAULT_SIZE && hash != EXPECTED_HASH) {
        printf("workload compute: FAILED image hash %08x, expected %08x\n", (unsigned)hash, EXPECTED_HASH);
        return 1;
    }
    printf("workload compute: ok %08x\n", (unsigned)hash);
    return 0;
}
