#include "kernel_prefs.h"

#include <wsutil/report_message.h>

#include "clock_align.h"
#include "ws_compat.h"

static const char *pref_events_file = "";
static gint pref_format = TS_EVENTS_AUTO;
static const char *pref_offset = "";
static guint pref_max_mb = 1024;
static ts_pref_bool pref_beside = TRUE;

static const enum_val_t format_names[] = {
    {"auto", "Detect from the content", TS_EVENTS_AUTO},
    {"ftrace", "ftrace text (trace, trace_pipe, trace-cmd report)", TS_EVENTS_FTRACE},
    {"ebpf", "eBPF/XDP tool rows", TS_EVENTS_EBPF},
    {"lttng", "LTTng trace as babeltrace2 text", TS_EVENTS_LTTNG_TEXT},
    {"ctf", "LTTng CTF trace directory", TS_EVENTS_CTF},
    /* Each further ts_event_format gets a line here. */
    {NULL, NULL, -1},
};

void kernel_prefs_register(module_t *m)
{
    prefs_register_filename_preference(
        m, "events_file", "Kernel events file",
        "Kernel events recorded beside this capture (ftrace text, eBPF tool rows, LTTng as "
        "babeltrace2 text or a CTF trace directory): they are "
        "aligned with the capture's clock and matched to its packets (tcpstate.kernel.* fields). "
        "Empty: none.",
        &pref_events_file, FALSE);
    prefs_register_bool_preference(
        m, "events_beside_capture", "Use kernel events found beside the capture",
        "When no kernel events file is set: for run.pcap, use the events recorded beside it by "
        "tcpstate-record (run.ftrace.txt, run.ebpf.txt) or an LTTng trace of the same name "
        "(run.lttng directory, run.lttng.txt). They are used only when they fit the capture.",
        &pref_beside);
    prefs_register_enum_preference(
        m, "events_format", "Kernel events format",
        "The format of the events file; automatic detection looks at its first lines.",
        &pref_format, format_names, FALSE);
    prefs_register_string_preference(
        m, "kernel_offset", "Kernel clock offset (s)",
        "Capture time minus kernel event time in seconds (e.g. 1795358380.226780). Empty: "
        "estimated from events that identify packets.",
        &pref_offset);
    prefs_register_uint_preference(
        m, "events_max_mb", "Largest events file (MiB)",
        "An events file larger than this, or a device or pipe that gives more, is not read "
        "(a guard against /dev/zero or an endless pipe). CTF trace directories are not bounded.",
        10, &pref_max_mb);
}

guint64 kernel_prefs_max_bytes(void)
{
    return (guint64)pref_max_mb * 1024 * 1024;
}

const char *kernel_prefs_events_file(void)
{
    return pref_events_file && *pref_events_file ? pref_events_file : NULL;
}

gboolean kernel_prefs_events_beside(void)
{
    return pref_beside;
}

ts_event_format kernel_prefs_format(void)
{
    return (ts_event_format)pref_format;
}

static char *reported; /* the bad kernel_offset value last reported */

void kernel_prefs_free(void)
{
    g_free(reported);
    reported = NULL;
}

gboolean kernel_prefs_offset(gint64 *offset_ns)
{
    if (!pref_offset)
        return FALSE;
    char *text = g_strstrip(g_strdup(pref_offset));
    gboolean ok = *text && ts_clock_parse_offset(text, offset_ns);
    if (*text && !ok && g_strcmp0(reported, pref_offset) != 0) {
        report_failure("tcpstate.kernel_offset: \"%s\" is not a number of seconds "
                       "(e.g. 1795358380.226780); the offset is estimated from the events instead",
                       pref_offset);
        g_free(reported);
        reported = g_strdup(pref_offset);
    }
    g_free(text);
    return ok;
}

#define MAX_LISTENERS 4
static void (*listeners[MAX_LISTENERS])(void);
static guint n_listeners;

void kernel_prefs_on_applied(void (*fn)(void))
{
    g_assert(n_listeners < MAX_LISTENERS);
    listeners[n_listeners++] = fn;
}

void kernel_prefs_applied(void)
{
    gint64 ignored;
    kernel_prefs_offset(&ignored);
    for (guint i = 0; i < n_listeners; i++)
        listeners[i]();
}
