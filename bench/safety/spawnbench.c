/*
 * Side-by-side spawn benchmark: runs each case once per round in shuffled order (posix_spawn + waitpid,
 * stdio on /dev/null), discards warm-up rounds, and prints median and p95 (nearest rank) per case in ms.
 * Usage: spawnbench ROUNDS WARMUP EXPECTED_EXIT|LABEL|ARGV0[,ARG...] ...
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

extern char **environ;

struct bcase {
    int expect;
    char *label;
    char *argv[32];
    double *ms;
};

static int cmp(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

int main(int argc, char **argv) {
    if (argc < 4) {
        fprintf(stderr, "usage: %s ROUNDS WARMUP EXPECT|LABEL|ARGV,... ...\n", argv[0]);
        return 2;
    }
    int rounds = atoi(argv[1]), warm = atoi(argv[2]), n = argc - 3;
    struct bcase *c = calloc(n, sizeof *c);
    for (int i = 0; i < n; i++) {
        char *spec = strdup(argv[i + 3]);
        c[i].expect = atoi(strtok(spec, "|"));
        c[i].label = strtok(NULL, "|");
        char *rest = strtok(NULL, "");
        int k = 0;
        for (char *t = strtok(rest, ","); t && k < 31; t = strtok(NULL, ",")) c[i].argv[k++] = t;
        c[i].argv[k] = NULL;
        c[i].ms = calloc(rounds, sizeof(double));
    }
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", O_WRONLY, 0);
    posix_spawn_file_actions_addopen(&fa, 2, "/dev/null", O_WRONLY, 0);
    int *order = malloc(n * sizeof(int));
    srand(42);
    for (int r = 0; r < warm + rounds; r++) {
        for (int i = 0; i < n; i++) order[i] = i;
        for (int i = n - 1; i > 0; i--) {
            int j = rand() % (i + 1), t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        for (int oi = 0; oi < n; oi++) {
            struct bcase *b = &c[order[oi]];
            struct timespec t0, t1;
            pid_t pid;
            int st;
            clock_gettime(CLOCK_MONOTONIC, &t0);
            if (posix_spawn(&pid, b->argv[0], &fa, NULL, b->argv, environ) != 0) {
                perror("posix_spawn");
                return 1;
            }
            waitpid(pid, &st, 0);
            clock_gettime(CLOCK_MONOTONIC, &t1);
            if (!WIFEXITED(st) || WEXITSTATUS(st) != b->expect) {
                fprintf(stderr, "%s: exit %d, expected %d\n", b->label, WIFEXITED(st) ? WEXITSTATUS(st) : -1, b->expect);
                return 1;
            }
            if (r >= warm) b->ms[r - warm] = (t1.tv_sec - t0.tv_sec) * 1e3 + (t1.tv_nsec - t0.tv_nsec) / 1e6;
        }
    }
    printf("%-40s %10s %10s\n", "case", "median_ms", "p95_ms");
    for (int i = 0; i < n; i++) {
        qsort(c[i].ms, rounds, sizeof(double), cmp);
        double med = rounds % 2 ? c[i].ms[rounds / 2] : (c[i].ms[rounds / 2 - 1] + c[i].ms[rounds / 2]) / 2;
        int rank = (int)((95 * rounds + 99) / 100); /* nearest rank */
        printf("%-40s %10.3f %10.3f\n", c[i].label, med, c[i].ms[rank - 1]);
    }
    return 0;
}
