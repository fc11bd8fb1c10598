#include "kernel_discover.h"

#include <string.h>

/* In the order they are tried: the first that exists is used. */
static const struct {
    const char *suffix;
    GFileTest test;
} candidates[] = {
    {".ftrace.txt", G_FILE_TEST_IS_REGULAR},
    {".ebpf.txt", G_FILE_TEST_IS_REGULAR},
    {".lttng", G_FILE_TEST_IS_DIR},
    {".lttng.txt", G_FILE_TEST_IS_REGULAR},
};

/* run.pcap -> run; run.pcap.gz -> run; a name without extension is its own stem. */
static char *stem_of(const char *path)
{
    char *dir = g_path_get_dirname(path), *base = g_path_get_basename(path);
    char *gz = g_str_has_suffix(base, ".gz") ? base + strlen(base) - 3 : NULL;
    if (gz)
        *gz = '\0';
    char *dot = strrchr(base, '.');
    if (dot && dot != base)
        *dot = '\0';
    char *stem = g_build_filename(dir, base, NULL);
    g_free(dir);
    g_free(base);
    return stem;
}

/* The manifest beside the capture names the file: tcpstate-record lists its ".ebpf.txt"
 * (bpftrace line), and its ftrace file is always recorded. */
static gboolean manifest_names(const char *manifest, const char *file)
{
    gchar *text = NULL;
    if (!g_file_get_contents(manifest, &text, NULL, NULL))
        return FALSE;
    char *base = g_path_get_basename(file);
    gboolean named = g_str_has_suffix(file, ".ftrace.txt") ? strstr(text, "trace_clock:") != NULL
                                                           : strstr(text, base) != NULL;
    g_free(base);
    g_free(text);
    return named;
}

char *kernel_discover_beside(const char *capture_path, char **why)
{
    *why = NULL;
    if (!capture_path || !*capture_path)
        return NULL;
    char *stem = stem_of(capture_path);
    char *found = NULL;
    for (guint i = 0; !found && i < G_N_ELEMENTS(candidates); i++) {
        char *path = g_strconcat(stem, candidates[i].suffix, NULL);
        if (g_file_test(path, candidates[i].test))
            found = path;
        else
            g_free(path);
    }
    if (found) {
        char *manifest = g_strconcat(stem, ".manifest", NULL);
        char *mbase = g_path_get_basename(manifest);
        *why = manifest_names(manifest, found)
                   ? g_strdup_printf("found beside the capture, recorded with it: %s", mbase)
                   : g_strdup("found beside the capture");
        g_free(mbase);
        g_free(manifest);
    }
    g_free(stem);
    return found;
}
