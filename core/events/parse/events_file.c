/* Reading an events file: the line loop, format detection, bad-line reports, errors. */
#include "events_build.h"
#include "parse.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

typedef ts_parse_result (*line_parser)(ts_events_builder *, char *, const char **);

/* The line buffer: each line is copied out so that parsers get a writable, NUL-terminated
 * string even when the input is a read-only mapping without a final NUL. */
typedef struct line_buf {
    char *s;
    gsize cap;
} line_buf;

static char *line_copy(line_buf *lb, const char *p, gsize n)
{
    if (n + 1 > lb->cap) {
        lb->cap = MAX(n + 1, lb->cap * 2);
        lb->s = g_realloc(lb->s, lb->cap);
    }
    memcpy(lb->s, p, n);
    lb->s[n] = '\0';
    return lb->s;
}

/* Next line of [*p, end) without its "\n" / "\r\n"; NULL at the end. */
static const char *next_line(const char **p, const char *end, gsize *len)
{
    if (*p >= end)
        return NULL;
    const char *s = *p;
    const char *nl = memchr(s, '\n', (gsize)(end - s));
    const char *e = nl ? nl : end;
    *p = nl ? nl + 1 : end;
    if (e > s && e[-1] == '\r')
        e--;
    *len = (gsize)(e - s);
    return s;
}

static void report_bad(ts_events_builder *b, const char *why, const char *text, gsize len)
{
    ts_events *evs = b->evs;
    evs->n_bad++;
    if (evs->messages->len >= TS_EVENTS_MAX_MESSAGES)
        return;
    /* a short, printable excerpt of the line as it was */
    char excerpt[81];
    gsize n = MIN(len, sizeof excerpt - 1);
    for (gsize i = 0; i < n; i++)
        excerpt[i] = g_ascii_isprint(text[i]) ? text[i] : '?';
    excerpt[n] = '\0';
    g_ptr_array_add(evs->messages, g_strdup_printf("%s:%u: %s: %s%s", b->name, b->line_no, why,
                                                   excerpt, len > n ? "..." : ""));
}

static line_parser parser_for(ts_event_format fmt)
{
    switch (fmt) {
    case TS_EVENTS_EBPF: return ts_parse_ebpf_line;
    case TS_EVENTS_LTTNG_TEXT: return ts_parse_lttng_text_line;
    default: return ts_parse_ftrace_line;
    }
}

static ts_events *parse_lines(const char *data, gsize len, const char *name, ts_event_format fmt)
{
    ts_events_builder b;
    tsb_init(&b, name, fmt);
    line_parser parse = parser_for(fmt);
    /* one event per line at most: reserve that many to spare regrowth copies */
    gsize lines = 1;
    for (const char *q = data; (q = memchr(q, '\n', (gsize)(data + len - q))) != NULL; q++)
        lines++;
    tsb_reserve(&b, (guint)MIN(lines, (gsize)G_MAXUINT / 2));

    line_buf lb = {NULL, 0};
    const char *p = data, *end = data + len, *text;
    gsize n;
    while ((text = next_line(&p, end, &n)) != NULL) {
        b.line_no++;
        const char *why = "cannot parse";
        if (parse(&b, line_copy(&lb, text, n), &why) == TSP_BAD)
            report_bad(&b, why, text, n);
    }
    g_free(lb.s);
    b.evs->n_lines = b.line_no;
    return tsb_finish(&b);
}

/* Scores the first lines against each parser: events parsed, plus weight for lines only that
 * format has (ftrace's "# tracer:" header and trace-cmd's "cpus=", the eBPF column header). */
ts_event_format ts_events_detect(const char *data, gsize len)
{
    const gsize probe_bytes = 256 * 1024;
    const guint probe_lines = 200;
    len = MIN(len, probe_bytes);
    if (memchr(data, '\0', MIN(len, 4096)))
        return TS_EVENTS_AUTO; /* binary, e.g. a pcap */

    ts_events_builder bf, be, bl;
    tsb_init(&bf, "", TS_EVENTS_FTRACE);
    tsb_init(&be, "", TS_EVENTS_EBPF);
    tsb_init(&bl, "", TS_EVENTS_LTTNG_TEXT);
    guint score_f = 0, score_e = 0, score_l = 0;
    line_buf lb = {NULL, 0};
    const char *p = data, *end = data + len, *text;
    gsize n;
    for (guint i = 0; i < probe_lines && (text = next_line(&p, end, &n)) != NULL; i++) {
        const char *why;
        if (n >= 9 && memcmp(text, "# tracer:", 9) == 0)
            score_f += 5;
        if (i == 0 && n >= 5 && memcmp(text, "cpus=", 5) == 0)
            score_f += 5;
        score_f += ts_parse_ftrace_line(&bf, line_copy(&lb, text, n), &why) == TSP_EVENT;
        gboolean had_header = be.saw_header;
        score_e += ts_parse_ebpf_line(&be, line_copy(&lb, text, n), &why) == TSP_EVENT;
        if (be.saw_header && !had_header)
            score_e += 5;
        score_l += ts_parse_lttng_text_line(&bl, line_copy(&lb, text, n), &why) == TSP_EVENT;
    }
    g_free(lb.s);
    tsb_discard(&bf);
    tsb_discard(&be);
    tsb_discard(&bl);
    if (score_f == 0 && score_e == 0 && score_l == 0)
        return TS_EVENTS_AUTO;
    if (score_l > score_f && score_l > score_e)
        return TS_EVENTS_LTTNG_TEXT;
    return score_e > score_f ? TS_EVENTS_EBPF : TS_EVENTS_FTRACE;
}

static gboolean only_blank(const char *data, gsize len)
{
    for (gsize i = 0; i < len; i++)
        if (!g_ascii_isspace(data[i]))
            return FALSE;
    return TRUE;
}

ts_events *ts_events_parse_buffer(const char *data, gsize len, const char *name,
                                  ts_event_format fmt, GError **err)
{
    if (!name)
        name = "(buffer)";
    if (len && !memchr(data, '\n', len) && memchr(data, '\r', len)) {
        g_set_error(err, TS_EVENTS_ERROR, TS_EVENTS_ERROR_FORMAT,
                    "%s: its lines end in a carriage return alone (CR, no LF), so no line can be "
                    "told from the next; convert the line ends first (tr '\\r' '\\n')", name);
        return NULL;
    }
    if (fmt == TS_EVENTS_AUTO) {
        if (only_blank(data, len)) {
            g_set_error(err, TS_EVENTS_ERROR, TS_EVENTS_ERROR_EMPTY, "%s: empty file, no events",
                        name);
            return NULL;
        }
        fmt = ts_events_detect(data, len);
        if (fmt == TS_EVENTS_AUTO) {
            g_set_error(err, TS_EVENTS_ERROR, TS_EVENTS_ERROR_FORMAT,
                        "%s: not a known events format (ftrace text, eBPF tool rows, "
                        "babeltrace2 text)", name);
            return NULL;
        }
    }
    return parse_lines(data, len, name, fmt);
}

static void set_too_big(GError **err, const char *path, guint64 max_bytes)
{
    g_set_error(err, TS_EVENTS_ERROR, TS_EVENTS_ERROR_TOO_BIG,
                "%s: larger than the limit of %" G_GUINT64_FORMAT " MiB for an events file: not read",
                path, max_bytes / (1024 * 1024));
}

/* By content, whatever the size says (pipes, devices, /proc), stopping past max_bytes. */
static gboolean read_bounded(const char *path, guint64 max_bytes, char **data, gsize *len, GError **err)
{
    int fd = g_open(path, O_RDONLY, 0);
    if (fd < 0) {
        int e = errno;
        g_set_error(err, TS_EVENTS_ERROR, TS_EVENTS_ERROR_IO, "%s: %s", path, g_strerror(e));
        return FALSE;
    }
    GByteArray *buf = g_byte_array_new();
    guint8 chunk[65536];
    for (;;) {
        ssize_t n = read(fd, chunk, sizeof chunk);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0) {
            int e = errno;
            g_set_error(err, TS_EVENTS_ERROR, TS_EVENTS_ERROR_IO, "%s: %s", path, g_strerror(e));
            break;
        }
        if (n == 0) {
            close(fd);
            *len = buf->len;
            char *d = (char *)g_byte_array_free(buf, FALSE);
            *data = d ? d : g_strdup(""); /* an empty array may hand back NULL */
            return TRUE;
        }
        if ((guint64)buf->len + (guint64)n > max_bytes) {
            set_too_big(err, path, max_bytes);
            break;
        }
        g_byte_array_append(buf, chunk, (guint)n);
    }
    close(fd);
    g_byte_array_free(buf, TRUE);
    return FALSE;
}

ts_events *ts_events_load(const char *path, ts_event_format fmt, GError **err)
{
    return ts_events_load_limited(path, fmt, TS_EVENTS_DEFAULT_MAX_BYTES, err);
}

ts_events *ts_events_load_limited(const char *path, ts_event_format fmt, guint64 max_bytes, GError **err)
{
    GStatBuf st;
    gboolean is_dir = g_stat(path, &st) == 0 && S_ISDIR(st.st_mode);
    if (fmt == TS_EVENTS_CTF || ((fmt == TS_EVENTS_AUTO) && (is_dir || ts_ctf_metadata_file(path))))
        return ts_ctf_load(path, err);
    /* Regular files are mapped: a large trace costs no copy, and its pages stay the page
     * cache's. Pipes (trace_pipe through a FIFO, "<(...)") can be opened only once: read them. */
    GMappedFile *mf = NULL;
    if (!is_dir && g_stat(path, &st) == 0 && S_ISREG(st.st_mode) && st.st_size > 0) {
        if ((guint64)st.st_size > max_bytes) {
            set_too_big(err, path, max_bytes);
            return NULL;
        }
        mf = g_mapped_file_new(path, FALSE, NULL);
    }
    if (mf) {
        const char *data = g_mapped_file_get_contents(mf);
        gsize len = g_mapped_file_get_length(mf);
        ts_events *evs = ts_events_parse_buffer(data ? data : "", data ? len : 0, path, fmt, err);
        g_mapped_file_unref(mf);
        return evs;
    }
    char *data;
    gsize len;
    if (!read_bounded(path, max_bytes, &data, &len, err))
        return NULL;
    ts_events *evs = ts_events_parse_buffer(data, len, path, fmt, err);
    g_free(data);
    return evs;
}
