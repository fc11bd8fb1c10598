#include "kernel_load.h"
#include "parse.h"

#include <sys/stat.h>

#include <wsutil/report_message.h>

#include "kernel_prefs.h"

static ts_events *evs;
static char *loaded_key; /* what evs (or the failure) was read from */
static char *loaded_path;

/* A pipe cannot be read twice: its events are kept whatever its times say. */
static char *key_of(const char *path, ts_event_format fmt)
{
    struct stat st;
    if (stat(path, &st) != 0)
        return g_strdup_printf("%d|%s|missing", fmt, path);
    if (S_ISFIFO(st.st_mode))
        return g_strdup_printf("%d|%s|fifo", fmt, path);
    return g_strdup_printf("%d|%s|%lld|%lld|%ld", fmt, path, (long long)st.st_size,
                           (long long)st.st_mtim.tv_sec, (long)st.st_mtim.tv_nsec);
}

/* Lines that could not be read, and CTF streams cut short: a warning naming the file, with
 * the first messages (file and line, or stream and byte). */
static void report_bad_lines(const ts_events *e, const char *path)
{
    if (!e->n_bad && !e->n_cut)
        return;
    GString *msg = g_string_new("tcpstate: ");
    if (e->n_bad)
        g_string_append_printf(msg, "%s: %u of %u lines could not be read and were skipped "
                               "(the rest is used)", path, e->n_bad, e->n_lines);
    else
        g_string_append_printf(msg, "%s: %u stream%s cut short: the events after each cut are "
                               "missing (the %u events before are used)", path, e->n_cut,
                               e->n_cut == 1 ? "" : "s", e->n);
    for (guint i = 0; e->messages && i < e->messages->len; i++)
        g_string_append_printf(msg, "\n  %s", (const char *)g_ptr_array_index(e->messages, i));
    if (e->messages && e->n_bad > e->messages->len)
        g_string_append_printf(msg, "\n  ... and %u more", e->n_bad - e->messages->len);
    report_warning("%s", msg->str);
    g_string_free(msg, TRUE);
}

const ts_events *kernel_load_events(const char *want, const char **path)
{
    *path = want;
    if (!want) {
        kernel_load_free();
        return NULL;
    }
    ts_event_format fmt = kernel_prefs_format();
    char *key = key_of(want, fmt);
    if (g_strcmp0(key, loaded_key) == 0) {
        g_free(key);
        *path = loaded_path;
        return evs;
    }
    kernel_load_free();
    loaded_key = key;
    loaded_path = g_strdup(want);
    *path = loaded_path;
    GError *err = NULL;
    evs = ts_events_load_limited(want, fmt, kernel_prefs_max_bytes(), &err);
    if (!evs) {
        report_failure("tcpstate: kernel events not used: %s%s", err->message,
                       g_error_matches(err, TS_EVENTS_ERROR, TS_EVENTS_ERROR_TOO_BIG)
                           ? " (raise the preference tcpstate.events_max_mb to read it)" : "");
        g_error_free(err);
        return NULL;
    }
    report_bad_lines(evs, want);
    return evs;
}

void kernel_load_free(void)
{
    ts_events_free(evs);
    evs = NULL;
    g_free(loaded_key);
    loaded_key = NULL;
    g_free(loaded_path);
    loaded_path = NULL;
}
