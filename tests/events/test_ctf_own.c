/* The CTF reader on a trace made here: make_ctf_trace.py writes an LTTng-kernel-like CTF trace
 * with babeltrace2's Python bindings and the events it holds as JSON. Checked: the CTF reader
 * against that list, event by event and field by field; babeltrace2's text of the trace through
 * the text parser against the CTF reader; a copy with a stream file cut inside a packet.
 * Skipped (77) when no python3 with the bt2 module (Debian: python3-bt2) was found. */
#include "child_wait.h"
#include "fixtures.h"
#include "parse.h"
#include "lttng_compare.h"
#include "segment.h"

#include <glib/gstdio.h>
#include <errno.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>
#include <stdio.h>
#include <string.h>

/* ---- expected.json: a list of flat objects whose values are strings, integers, or lists of
 * [key, value] string pairs ---- */

typedef struct expected {
    GHashTable *v;     /* key -> scalar text (strings unescaped, integers as written) */
    GPtrArray *fields; /* "key", "value", "key", "value", ... */
} expected;

typedef struct json {
    const char *p;
    gboolean ok;
} json;

static void blanks(json *j)
{
    while (*j->p == ' ' || *j->p == '\n' || *j->p == '\r' || *j->p == '\t')
        j->p++;
}

static gboolean eat(json *j, char c)
{
    blanks(j);
    if (*j->p != c)
        return j->ok = FALSE;
    j->p++;
    return TRUE;
}

static char *string(json *j)
{
    if (!eat(j, '"'))
        return NULL;
    GString *s = g_string_new(NULL);
    for (; *j->p && *j->p != '"'; j->p++) {
        if (*j->p != '\\') {
            g_string_append_c(s, *j->p);
            continue;
        }
        j->p++;
        switch (*j->p) {
        case 'n': g_string_append_c(s, '\n'); break;
        case 't': g_string_append_c(s, '\t'); break;
        case 'u': {
            char hex[5] = {0};
            for (int i = 0; i < 4 && j->p[1]; i++)
                hex[i] = *++j->p;
            g_string_append_unichar(s, (gunichar)g_ascii_strtoull(hex, NULL, 16));
            break;
        }
        case '\0': j->ok = FALSE; break;
        default: g_string_append_c(s, *j->p); break;
        }
    }
    if (!eat(j, '"')) {
        g_string_free(s, TRUE);
        return NULL;
    }
    return g_string_free(s, FALSE);
}

static char *number(json *j)
{
    blanks(j);
    const char *s = j->p;
    if (*j->p == '-')
        j->p++;
    while (g_ascii_isdigit(*j->p))
        j->p++;
    if (j->p == s)
        j->ok = FALSE;
    return g_strndup(s, (gsize)(j->p - s));
}

static void pairs(json *j, GPtrArray *out)
{
    eat(j, '[');
    blanks(j);
    for (gboolean first = TRUE; j->ok && *j->p != ']'; first = FALSE) {
        if (!first)
            eat(j, ',');
        eat(j, '[');
        g_ptr_array_add(out, string(j));
        eat(j, ',');
        g_ptr_array_add(out, string(j));
        eat(j, ']');
        blanks(j);
    }
    eat(j, ']');
}

static void expected_free(gpointer p)
{
    expected *e = p;
    g_hash_table_unref(e->v);
    g_ptr_array_free(e->fields, TRUE);
    g_free(e);
}

static GPtrArray *load_expected(const char *path)
{
    char *text;
    g_assert_true(g_file_get_contents(path, &text, NULL, NULL));
    GPtrArray *all = g_ptr_array_new_with_free_func(expected_free);
    json j = {text, TRUE};
    eat(&j, '[');
    while (j.ok) {
        blanks(&j);
        if (*j.p == ']')
            break;
        if (all->len > 0)
            eat(&j, ',');
        expected *e = g_new0(expected, 1);
        e->v = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
        e->fields = g_ptr_array_new_with_free_func(g_free);
        g_ptr_array_add(all, e);
        eat(&j, '{');
        for (gboolean first = TRUE; j.ok; first = FALSE) {
            blanks(&j);
            if (*j.p == '}')
                break;
            if (!first)
                eat(&j, ',');
            char *key = string(&j);
            eat(&j, ':');
            blanks(&j);
            if (!key)
                break;
            if (*j.p == '[') {
                pairs(&j, e->fields);
                g_free(key);
            } else {
                g_hash_table_replace(e->v, key, *j.p == '"' ? string(&j) : number(&j));
            }
        }
        eat(&j, '}');
    }
    g_assert_true(j.ok);
    g_free(text);
    return all;
}

static const char *val(const expected *e, const char *key)
{
    const char *v = g_hash_table_lookup(e->v, key);
    if (!v)
        g_error("expected.json: no %s", key);
    return v;
}

static gint64 ival(const expected *e, const char *key)
{
    return g_ascii_strtoll(val(e, key), NULL, 10);
}

static guint64 uval(const expected *e, const char *key)
{
    return g_ascii_strtoull(val(e, key), NULL, 10);
}

/* ---- the comparison ---- */

static const struct {
    const char *name;
    ts_event_kind kind;
} kinds[] = {
    {"net_dev_xmit", TS_EV_NET_DEV_XMIT},
    {"netif_receive_skb", TS_EV_NETIF_RECEIVE_SKB},
    {"inet_sock_local_in", TS_EV_INET_SOCK_LOCAL_IN},
    {"inet_sock_local_out", TS_EV_INET_SOCK_LOCAL_OUT},
    {"syscall", TS_EV_SYSCALL},
    {"generic", TS_EV_GENERIC},
};

static int kind_of(const char *name)
{
    for (guint i = 0; i < G_N_ELEMENTS(kinds); i++)
        if (strcmp(kinds[i].name, name) == 0)
            return kinds[i].kind;
    g_error("expected.json: unknown kind %s", name);
}

static void check_tcp(const expected *e, const ts_tcp_hdr *t)
{
    g_assert_cmpuint(t->present, ==, uval(e, "tcp_present"));
    g_assert_cmpuint(t->seq, ==, uval(e, "tcp_seq"));
    g_assert_cmpuint(t->ack, ==, uval(e, "tcp_ack"));
    g_assert_cmpuint(t->sport, ==, uval(e, "tcp_sport"));
    g_assert_cmpuint(t->dport, ==, uval(e, "tcp_dport"));
    g_assert_cmpuint(t->flags, ==, uval(e, "tcp_flags"));
    g_assert_cmpuint(t->window, ==, uval(e, "tcp_window"));
}

static void check_addr(const ts_event *ev, const ts_addr *a, const expected *e, const char *key)
{
    char buf[64];
    const char *want_addr = val(e, key);
    /* (connect and accept name only the peer) */
    g_assert_cmpstr(ts_addr_to_str(a, buf, sizeof buf), ==, *want_addr ? want_addr : "?");
    (void)ev;
}

/* The event the reader gave against the generator's record of it. */
static void check_event(const ts_events *evs, guint i, const expected *e)
{
    const ts_event *ev = &evs->ev[i];
    g_test_message("event %u: %s", i, ev->name);
    g_assert_cmpstr(ev->name, ==, val(e, "name"));
    g_assert_cmpint(ev->ts_ns, ==, ival(e, "ts_ns"));
    g_assert_cmpint(ev->cpu, ==, ival(e, "cpu"));
    g_assert_cmpstr(ev->comm, ==, val(e, "comm"));
    g_assert_cmpint(ev->pid, ==, ival(e, "pid"));
    g_assert_cmpint(ev->kind, ==, kind_of(val(e, "kind")));
    g_assert_cmpuint(ev->family, ==, uval(e, "family"));
    g_assert_cmpuint(ev->sport, ==, uval(e, "sport"));
    g_assert_cmpuint(ev->dport, ==, uval(e, "dport"));
    check_addr(ev, &ev->src, e, "src");
    check_addr(ev, &ev->dst, e, "dst");
    switch (ev->kind) {
    case TS_EV_NET_DEV_XMIT:
    case TS_EV_NETIF_RECEIVE_SKB:
        g_assert_cmpstr(ev->u.dev.dev, ==, val(e, "dev"));
        g_assert_cmpuint(ev->u.dev.len, ==, uval(e, "len"));
        g_assert_cmpuint(ev->u.dev.skbaddr, ==, uval(e, "skbaddr"));
        check_tcp(e, &ev->u.dev.tcp);
        break;
    case TS_EV_INET_SOCK_LOCAL_IN:
    case TS_EV_INET_SOCK_LOCAL_OUT:
        g_assert_cmpuint(ev->u.seg.sk, ==, uval(e, "sk"));
        check_tcp(e, &ev->u.seg.tcp);
        break;
    case TS_EV_SYSCALL:
        g_assert_cmpstr(ev->u.sys.call, ==, val(e, "call"));
        g_assert_cmpuint(ev->u.sys.exit, ==, uval(e, "exit"));
        g_assert_cmpint(ev->u.sys.fd, ==, ival(e, "fd"));
        if (ev->u.sys.exit)
            g_assert_cmpint(ev->u.sys.ret, ==, ival(e, "ret"));
        break;
    default:
        break;
    }
    guint n;
    const ts_event_field *f = ts_event_fields(evs, ev, &n);
    g_assert_cmpuint(n, ==, e->fields->len / 2);
    for (guint k = 0; k < n; k++) {
        g_assert_cmpstr(f[k].key, ==, e->fields->pdata[2 * k]);
        g_assert_cmpstr(f[k].value, ==, e->fields->pdata[2 * k + 1]);
    }
}

/* ---- the trace ---- */

static char *out_dir, *trace_dir;
static GPtrArray *want;

static void spawn(char **argv, char **out, gboolean must_succeed)
{
    const char *envp[] = {"TZ=UTC", "PATH=/usr/bin:/bin", NULL};
    gint status;
    GError *err = NULL;
    g_assert_true(g_spawn_sync(NULL, argv, (char **)envp, out ? 0 : G_SPAWN_STDOUT_TO_DEV_NULL,
                               NULL, NULL, out, NULL, &status, &err));
    g_assert_no_error(err);
    if (must_succeed) {
        g_spawn_check_wait_status(status, &err);
        g_assert_no_error(err);
    }
}

static ts_events *load_ctf(const char *dir)
{
    GError *err = NULL;
    ts_events *evs = ts_events_load(dir, TS_EVENTS_AUTO, &err);
    g_assert_no_error(err);
    g_assert_cmpint(evs->format, ==, TS_EVENTS_CTF);
    g_assert_cmpuint(evs->n_bad, ==, 0);
    return evs;
}

static void test_reader_against_generator(void)
{
    gint64 t0 = g_get_monotonic_time();
    ts_events *evs = load_ctf(trace_dir);
    double s = (double)(g_get_monotonic_time() - t0) / 1e6;
    g_assert_cmpuint(evs->n_cut, ==, 0);
    g_assert_cmpuint(evs->n_lost, ==, 0);
    g_assert_cmpuint(evs->messages->len, ==, 0);
    g_assert_cmpuint(evs->n, ==, want->len);
    guint by_kind[TS_EV_N_KINDS] = {0};
    for (guint i = 0; i < evs->n; i++) {
        check_event(evs, i, want->pdata[i]);
        by_kind[evs->ev[i].kind]++;
    }
    printf("# %u events read in %.4f s: %u net_dev_xmit/queue, %u netif_receive_skb, %u "
           "inet_sock_local_out, %u inet_sock_local_in, %u socket calls, %u other\n", evs->n, s,
           by_kind[TS_EV_NET_DEV_XMIT], by_kind[TS_EV_NETIF_RECEIVE_SKB],
           by_kind[TS_EV_INET_SOCK_LOCAL_OUT], by_kind[TS_EV_INET_SOCK_LOCAL_IN],
           by_kind[TS_EV_SYSCALL], by_kind[TS_EV_GENERIC]);
    ts_events_free(evs);
}

static void test_text_route_agrees(void)
{
    char *argv[] = {(char *)BABELTRACE2_EXE, (char *)"--clock-seconds", trace_dir, NULL};
    char *text;
    spawn(argv, &text, TRUE);
    char *path = write_temp("ctf_own.txt", text, strlen(text));
    GError *err = NULL;
    ts_events *t = ts_events_load(path, TS_EVENTS_AUTO, &err);
    g_assert_no_error(err);
    remove_temp(path);
    g_assert_cmpint(t->format, ==, TS_EVENTS_LTTNG_TEXT);
    g_assert_cmpuint(t->n_bad, ==, 0);
    ts_events *c = load_ctf(trace_dir);
    g_assert_cmpuint(t->n, ==, want->len);
    g_assert_cmpuint(c->n, ==, want->len);
    char *diff = lttng_first_difference(t, c, c->n);
    g_assert_cmpstr(diff, ==, NULL);
    for (guint i = 0; i < t->n; i++)
        check_event(t, i, want->pdata[i]);
    /* and babeltrace2's lines name the same events */
    GHashTable *lines = lttng_count_text_names(text), *read = lttng_count_names(c);
    g_assert_cmpuint(g_hash_table_size(lines), ==, g_hash_table_size(read));
    GHashTableIter it;
    gpointer k, v;
    g_hash_table_iter_init(&it, lines);
    while (g_hash_table_iter_next(&it, &k, &v))
        g_assert_cmpuint(GPOINTER_TO_UINT(g_hash_table_lookup(read, k)), ==, GPOINTER_TO_UINT(v));
    g_hash_table_unref(lines);
    g_hash_table_unref(read);
    ts_events_free(t);
    ts_events_free(c);
    g_free(text);
}

static guint64 le64(const guint8 *p)
{
    guint64 v = 0;
    for (int i = 7; i >= 0; i--)
        v = (v << 8) | p[i];
    return v;
}

static void test_cut_stream(void)
{
    /* a copy of the trace whose cpu 1 stream file ends in the middle of its second packet */
    char *tmp = g_dir_make_tmp("ctf-own-XXXXXX", NULL);
    g_assert_nonnull(tmp);
    char *cut_dir = g_build_filename(tmp, "trace", NULL);
    g_assert_cmpint(g_mkdir(cut_dir, 0700), ==, 0);
    static const char *const files[] = {"metadata", "channel0_0", "channel0_1"};
    gsize cut_at = 0;
    for (guint f = 0; f < G_N_ELEMENTS(files); f++) {
        char *from = g_build_filename(trace_dir, files[f], NULL);
        char *to = g_build_filename(cut_dir, files[f], NULL);
        char *data;
        gsize len;
        g_assert_true(g_file_get_contents(from, &data, &len, NULL));
        if (strcmp(files[f], "channel0_1") == 0) {
            /* packet header: magic (0xC1FC1FC1), uuid[16], two 64-bit ids; then the packet
             * context, which sink.ctf.fs starts with packet_size in bits */
            const guint8 *p = (const guint8 *)data;
            g_assert_cmpuint(len, >, 44);
            g_assert_cmpuint(p[0] | p[1] << 8 | p[2] << 16 | (guint32)p[3] << 24, ==, 0xC1FC1FC1);
            gsize first = (gsize)(le64(p + 36) / 8);
            g_assert_cmpuint(first + 44, <, len);
            gsize second = (gsize)(le64(p + first + 36) / 8);
            g_assert_cmpuint(first + second, <, len);
            cut_at = first + second / 2;
            len = cut_at;
        }
        g_assert_true(g_file_set_contents(to, data, (gssize)len, NULL));
        g_free(data);
        g_free(from);
        g_free(to);
    }
    GError *err = NULL;
    ts_events *cut = ts_events_load(cut_dir, TS_EVENTS_AUTO, &err);
    g_assert_no_error(err);
    g_assert_cmpuint(cut->n_cut, ==, 1);
    g_assert_cmpuint(cut->messages->len, >=, 1);
    const char *msg = cut->messages->pdata[0];
    printf("# cut at byte %" G_GSIZE_FORMAT ": %u of %u events read: %s\n", cut_at, cut->n,
           want->len, msg);
    g_assert_true(g_str_has_prefix(msg, cut_dir));
    /* what is left: cpu 0's whole stream and cpu 1's first packet */
    guint n = 0;
    for (guint i = 0; i < want->len; i++) {
        const expected *e = want->pdata[i];
        if (ival(e, "stream") == 1 && ival(e, "packet") >= 1)
            continue;
        g_assert_cmpuint(n, <, cut->n);
        check_event(cut, n++, e);
    }
    g_assert_cmpuint(cut->n, ==, n);
    g_assert_cmpuint(n, <, want->len);
    ts_events_free(cut);
    remove_tree(tmp);
    g_free(cut_dir);
    g_free(tmp);
}

/* The CTF reader's child is waited for at most a bounded time: a child that ends is reported
 * with its status; one still running then (here: one that sleeps for ever, as a child blocked
 * on a lock held at the fork would) is killed and reaped, and the wait returns in about the
 * time given. */
static void test_child_wait_bounded(void)
{
    pid_t quick = fork();
    g_assert_cmpint(quick, >=, 0);
    if (quick == 0)
        _exit(3);
    int status = 0;
    g_assert_true(ts_child_wait(quick, 5, &status));
    g_assert_true(WIFEXITED(status));
    g_assert_cmpint(WEXITSTATUS(status), ==, 3);

    pid_t stuck = fork();
    g_assert_cmpint(stuck, >=, 0);
    if (stuck == 0) {
        for (;;)
            pause();
    }
    gint64 t0 = g_get_monotonic_time();
    g_assert_false(ts_child_wait(stuck, 1, &status));
    gint64 waited = g_get_monotonic_time() - t0;
    g_assert_cmpint(waited, >=, G_USEC_PER_SEC);
    g_assert_cmpint(waited, <, 10 * G_USEC_PER_SEC);
    g_assert_true(WIFSIGNALED(status));
    g_assert_cmpint(WTERMSIG(status), ==, SIGKILL);
    g_assert_cmpint(kill(stuck, 0), ==, -1); /* reaped: no such process */
    g_assert_cmpint(errno, ==, ESRCH);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    if (!*BT2_PYTHON) {
        printf("skipped: no python3 with babeltrace2's bindings (Debian: python3-bt2)\n");
        return 77;
    }
    out_dir = g_build_filename(CTF_OWN_DIR, NULL);
    trace_dir = g_build_filename(out_dir, "trace", NULL);
    char *gen[] = {(char *)BT2_PYTHON, (char *)CTF_GENERATOR, out_dir, NULL};
    gint64 t0 = g_get_monotonic_time();
    spawn(gen, NULL, TRUE);
    printf("# trace written by make_ctf_trace.py in %.3f s\n",
           (double)(g_get_monotonic_time() - t0) / 1e6);
    char *json_path = g_build_filename(out_dir, "expected.json", NULL);
    want = load_expected(json_path);
    g_assert_cmpuint(want->len, >, 0);
    g_test_add_func("/events/ctf_own/reader_against_generator", test_reader_against_generator);
    g_test_add_func("/events/ctf_own/text_route_agrees", test_text_route_agrees);
    g_test_add_func("/events/ctf_own/cut_stream", test_cut_stream);
    g_test_add_func("/events/ctf_own/child_wait_bounded", test_child_wait_bounded);
    int rc = g_test_run();
    g_ptr_array_free(want, TRUE);
    g_free(json_path);
    g_free(trace_dir);
    g_free(out_dir);
    return rc;
}
