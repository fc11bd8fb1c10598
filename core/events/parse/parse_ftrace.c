/* The layout of an ftrace text line, as tracefs `trace`/`trace_pipe` and `trace-cmd report` write it:
 *       curl-5515    [001] ..s2.  2814.955770: tcp_probe: family=AF_INET src=...
 *   inst: curl-5515 [001]  2814.955770: tcp_probe:  family=AF_INET src=...      (trace-cmd)
 * TASK may hold blanks and dashes: the PID follows the last dash before " [CPU]". The flags column
 * is absent in trace-cmd output; trace-cmd puts "INSTANCE: " before lines of a buffer instance.
 * The FIELDS part is decoded by ftrace_fields.c. */
#include "events_build.h"
#include "parse.h"
#include "ftrace_fields.h"
#include "parse_util.h"

#include <string.h>

static const struct {
    const char *name;
    ts_event_kind kind;
} known_events[] = {
    {"tcp_probe", TS_EV_TCP_PROBE},
    {"tcp_retransmit_skb", TS_EV_TCP_RETRANSMIT_SKB},
    {"tcp_send_reset", TS_EV_TCP_SEND_RESET},
    {"tcp_receive_reset", TS_EV_TCP_RECEIVE_RESET},
    {"inet_sock_set_state", TS_EV_INET_SOCK_SET_STATE},
    {"net_dev_xmit", TS_EV_NET_DEV_XMIT},
    {"netif_receive_skb", TS_EV_NETIF_RECEIVE_SKB},
};

static ts_event_kind kind_of(const char *name, gsize len)
{
    for (guint i = 0; i < G_N_ELEMENTS(known_events); i++)
        if (strlen(known_events[i].name) == len && memcmp(name, known_events[i].name, len) == 0)
            return known_events[i].kind;
    return TS_EV_GENERIC;
}

/* Lines that are not events: trace-cmd's "cpus=N" / "version = N" / "CPU N is empty", and lost
 * event notices ("CPU:1 [LOST 12 EVENTS]"), whose count is kept. */
static gboolean notice_line(ts_events_builder *b, const char *p)
{
    const char *lost = strstr(p, "[LOST ");
    if (lost) {
        guint64 n = g_ascii_strtoull(lost + 6, NULL, 10);
        b->evs->n_lost += (guint)MIN(n, (guint64)(G_MAXUINT - b->evs->n_lost));
        return TRUE;
    }
    return g_str_has_prefix(p, "cpus=") || g_str_has_prefix(p, "version = ") ||
           (g_str_has_prefix(p, "CPU ") && g_str_has_suffix(p, " is empty"));
}

/* The " [CPU]" that ends TASK-PID: first "[digits]" after a blank, after "-digits" (and the
 * "(TGID)" column when the record-tgid option is on). Sets *dash to the dash before the PID and
 * *pid_end past the PID. */
static char *find_cpu(char *start, char **dash, char **pid_end)
{
    for (char *q = strchr(start, '['); q; q = strchr(q + 1, '[')) {
        if (q == start || q[-1] != ' ')
            continue;
        char *d = q + 1;
        if (!g_ascii_isdigit(*d))
            continue;
        while (g_ascii_isdigit(*d))
            d++;
        if (*d != ']')
            continue;
        char *e = q - 1;
        while (e > start && *e == ' ')
            e--;
        if (*e == ')') { /* "(  5515)" or "(-------)" */
            while (e > start && *e != '(')
                e--;
            if (e == start)
                continue;
            for (e--; e > start && *e == ' '; e--)
                ;
        }
        char *s = e;
        while (s > start && g_ascii_isdigit(*s))
            s--;
        if (s == e || *s != '-')
            continue;
        *dash = s;
        *pid_end = e + 1;
        return q;
    }
    return NULL;
}

static gboolean parse_small_int(const char *s, const char *end, gint64 max, gint64 *out)
{
    gint64 v = 0;
    if (s == end)
        return FALSE;
    for (; s < end; s++) {
        if (!g_ascii_isdigit(*s))
            return FALSE;
        v = v * 10 + (*s - '0');
        if (v > max)
            return FALSE;
    }
    *out = v;
    return TRUE;
}

ts_parse_result ts_parse_ftrace_line(ts_events_builder *b, char *line, const char **why)
{
    char *p = line;
    while (*p == ' ' || *p == '\t')
        p++;
    if (*p == '\0' || *p == '#' || g_str_has_prefix(p, "=>"))
        return TSP_SKIP;
    if (p == line) {
        /* Task columns are right-aligned, so a line starting with a non-blank "WORD: " carries
         * trace-cmd's instance name. */
        char *sp = strpbrk(p, " \t");
        if (sp && sp > p + 1 && sp[-1] == ':')
            for (p = sp; *p == ' ' || *p == '\t'; p++)
                ;
    }

    char *dash, *pid_end;
    char *br = find_cpu(p, &dash, &pid_end);
    if (!br) {
        if (notice_line(b, p))
            return TSP_SKIP;
        *why = "no TASK-PID [CPU] at the start";
        return TSP_BAD;
    }
    gint64 pid, cpu;
    char *cpu_end = strchr(br, ']');
    if (!parse_small_int(dash + 1, pid_end, G_MAXINT32, &pid) ||
        !parse_small_int(br + 1, cpu_end, G_MAXINT16, &cpu)) {
        *why = "bad PID or CPU";
        return TSP_BAD;
    }

    /* optional flags column, then "SECONDS.FRACTION:" */
    char *q = cpu_end + 1;
    while (*q == ' ')
        q++;
    gint64 ts;
    const char *tend;
    if (!tsp_seconds_ns(q, &tend, &ts) || *tend != ':') {
        while (*q != '\0' && *q != ' ')
            q++;
        while (*q == ' ')
            q++;
        if (!tsp_seconds_ns(q, &tend, &ts) || *tend != ':') {
            *why = "bad timestamp";
            return TSP_BAD;
        }
    }
    q = (char *)tend + 1;
    while (*q == ' ')
        q++;
    if (*q == '<')
        return TSP_SKIP; /* "<stack trace>" and "<user stack trace>" headers */

    char *name = q;
    while (g_ascii_isalnum(*q) || *q == '_')
        q++;
    if (q == name || *q != ':' || (q[1] != ' ' && q[1] != '\0')) {
        *why = "no EVENT: after the timestamp";
        return TSP_BAD;
    }
    gsize name_len = (gsize)(q - name);
    *q++ = '\0';

    ts_event *ev = tsb_push(b);
    ev->ts_ns = ts;
    ev->pid = (gint32)pid;
    ev->cpu = (gint16)cpu;
    ev->comm = tsb_comm(b, p, (gsize)(dash - p));
    ev->kind = (guint8)kind_of(name, name_len);
    ev->name = ev->kind == TS_EV_GENERIC ? tsb_intern(b, name) : tsb_kind_name(b, ev->kind);
    const char *bad = ts_ftrace_fields(b, ev, q);
    if (bad) {
        tsb_pop(b);
        *why = bad;
        return TSP_BAD;
    }
    return TSP_EVENT;
}
