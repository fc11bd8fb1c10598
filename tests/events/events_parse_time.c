/* events_parse_time FILE [MAX_SECONDS]: loads an events file and prints how long parsing and
 * indexing took (wall clock and CPU), the events' heap bytes and the process's peak memory; fails
 * when the CPU time exceeds MAX_SECONDS (CPU time, so that a busy machine does not fail it). Used
 * on a generated 1,000,000-line file (gen_big_ftrace.py). */
#include "events.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static double cpu_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static long peak_rss_kb(void)
{
    char *status = NULL;
    long kb = -1;
    if (g_file_get_contents("/proc/self/status", &status, NULL, NULL)) {
        const char *p = strstr(status, "VmHWM:");
        if (p)
            kb = strtol(p + 6, NULL, 10);
    }
    g_free(status);
    return kb;
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: %s FILE [MAX_SECONDS]\n", argv[0]);
        return 2;
    }
    double max_s = argc > 2 ? g_ascii_strtod(argv[2], NULL) : 0;
    GError *err = NULL;
    gint64 t0 = g_get_monotonic_time();
    double c0 = cpu_seconds();
    ts_events *evs = ts_events_load(argv[1], TS_EVENTS_AUTO, &err);
    double cpu = cpu_seconds() - c0;
    double s = (double)(g_get_monotonic_time() - t0) / 1e6;
    if (!evs) {
        fprintf(stderr, "%s\n", err->message);
        g_error_free(err);
        return 1;
    }
    printf("%s: %u lines, %u events, %u bad, parsed and indexed in %.3f s (%.3f s CPU); "
           "events %.1f MB, peak RSS %.1f MB (the file is mapped, so its pages count too)\n",
           argv[1], evs->n_lines, evs->n, evs->n_bad, s, cpu, ts_events_bytes(evs) / 1e6,
           peak_rss_kb() / 1e3);
    ts_events_free(evs);
    if (max_s > 0 && cpu > max_s) {
        fprintf(stderr, "slower than %.1f s\n", max_s);
        return 1;
    }
    return 0;
}
