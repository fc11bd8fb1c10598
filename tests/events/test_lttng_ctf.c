/* The LTTng traces of the shared corpus (scp_src, scp_dest: an scp between two hosts), read as
 * CTF through libbabeltrace2 and as babeltrace2's text output, checked against babeltrace2's own
 * CLI; the clock offset between the two hosts from the segments both traces saw; bad traces.
 * Skipped (77) when the corpus is not there. */
#include "fixtures.h"
#include "parse.h"
#include "lttng_compare.h"

#include <glib/gstdio.h>
#include <stdio.h>
#include <string.h>

static const char *const traces[] = {"scp_src", "scp_dest"};
static ts_events *ctf[2];
static double ctf_seconds[2];

static char *trace_dir(guint i)
{
    return g_build_filename(LTTNG_CORPUS, traces[i], NULL);
}

static ts_events *load_ctf(guint i)
{
    if (!ctf[i]) {
        char *dir = trace_dir(i);
        GError *err = NULL;
        gint64 t0 = g_get_monotonic_time();
        ctf[i] = ts_events_load(dir, TS_EVENTS_AUTO, &err);
        ctf_seconds[i] = (double)(g_get_monotonic_time() - t0) / 1e6;
        g_assert_no_error(err);
        g_assert_cmpint(ctf[i]->format, ==, TS_EVENTS_CTF);
        g_assert_cmpuint(ctf[i]->n_bad, ==, 0);
        g_assert_cmpuint(ctf[i]->n_cut, ==, 0);
        g_free(dir);
    }
    return ctf[i];
}

/* babeltrace2 ARGS... DIR (in UTC); stdout, and whether it exited with 0. */
static char *babeltrace2(guint i, const char *const *args, gboolean *ok)
{
    char *dir = trace_dir(i);
    GPtrArray *argv = g_ptr_array_new();
    g_ptr_array_add(argv, (gpointer)BABELTRACE2_EXE);
    for (; *args; args++)
        g_ptr_array_add(argv, g_strdup_printf(*args, dir));
    g_ptr_array_add(argv, NULL);
    const char *envp[] = {"TZ=UTC", "PATH=/usr/bin:/bin", NULL};
    char *out = NULL;
    gint status;
    GError *err = NULL;
    g_assert_true(g_spawn_sync(NULL, (char **)argv->pdata, (char **)envp, G_SPAWN_STDERR_TO_DEV_NULL,
                               NULL, NULL, &out, NULL, &status, &err));
    g_assert_no_error(err);
    *ok = g_spawn_check_wait_status(status, NULL);
    for (guint k = 1; k + 1 < argv->len; k++)
        g_free(argv->pdata[k]);
    g_ptr_array_free(argv, TRUE);
    g_free(dir);
    return out;
}

/* The whole trace as text: src.ctf.fs straight into the text sink. babeltrace2's default
 * command puts a muxer between them, which stops where the packets go back in time. */
static const char *const whole_seconds[] = {
    "run", "--component=src:src.ctf.fs", "--params=inputs=[\"%s\"]",
    "--component=sink:sink.text.pretty", "--params=clock-seconds=true", "--connect=src:sink", NULL};

static ts_events *load_text(const char *text, const char *name, double *seconds)
{
    char *path = write_temp(name, text, strlen(text));
    GError *err = NULL;
    gint64 t0 = g_get_monotonic_time();
    ts_events *evs = ts_events_load(path, TS_EVENTS_AUTO, &err);
    if (seconds)
        *seconds = (double)(g_get_monotonic_time() - t0) / 1e6;
    g_assert_no_error(err);
    g_assert_cmpint(evs->format, ==, TS_EVENTS_LTTNG_TEXT);
    remove_temp(path);
    return evs;
}

static void test_counts_and_routes_agree(void)
{
    for (guint i = 0; i < G_N_ELEMENTS(traces); i++) {
        gboolean ok;
        char *text = babeltrace2(i, whole_seconds, &ok);
        g_assert_true(ok);
        ts_events *c = load_ctf(i);
        double text_s;
        ts_events *t = load_text(text, "whole.txt", &text_s);

        /* per event name, against babeltrace2's own lines */
        GHashTable *want = lttng_count_text_names(text), *got = lttng_count_names(c);
        g_assert_cmpuint(g_hash_table_size(got), ==, g_hash_table_size(want));
        GHashTableIter it;
        gpointer k, v;
        guint total = 0;
        g_hash_table_iter_init(&it, want);
        while (g_hash_table_iter_next(&it, &k, &v)) {
            g_assert_cmpuint(GPOINTER_TO_UINT(g_hash_table_lookup(got, k)), ==, GPOINTER_TO_UINT(v));
            total += GPOINTER_TO_UINT(v);
        }
        g_assert_cmpuint(c->n, ==, total);
        printf("# %s: %u events (babeltrace2: %u), %u inet_sock_local_out, %u inet_sock_local_in;"
               " CTF read in %.3f s, text in %.3f s\n", traces[i], c->n, total,
               GPOINTER_TO_UINT(g_hash_table_lookup(want, "inet_sock_local_out")),
               GPOINTER_TO_UINT(g_hash_table_lookup(want, "inet_sock_local_in")), ctf_seconds[i],
               text_s);
        g_hash_table_unref(want);
        g_hash_table_unref(got);

        /* the two routes, event by event */
        g_assert_cmpuint(t->n, ==, c->n);
        g_assert_cmpuint(t->n_bad, ==, 0);
        char *diff = lttng_first_difference(t, c, c->n);
        g_assert_cmpstr(diff, ==, NULL);
        ts_events_free(t);
        g_free(text);
    }
}

static void test_dates_agree(void)
{
    /* --clock-date in UTC gives the same times as the CTF clock */
    static const char *const args[] = {"--clock-date", "--clock-gmt", "--no-delta", "%s", NULL};
    gboolean ok;
    char *text = babeltrace2(1, args, &ok);
    (void)ok; /* may stop part way, as below */
    ts_events *t = load_text(text, "dates.txt", NULL);
    ts_events *c = load_ctf(1);
    g_assert_cmpuint(t->n, >, 0);
    g_assert_cmpuint(t->n, <=, c->n);
    char *diff = lttng_first_difference(t, c, t->n);
    g_assert_cmpstr(diff, ==, NULL);
    ts_events_free(t);
    g_free(text);
}

static void test_muxer_output_is_a_prefix(void)
{
    /* babeltrace2 2.0's `babeltrace2 --clock-seconds DIR` fails part way on these traces
     * (timestamp order): what it printed is the start of what the CTF reader reads. 2.1 reads
     * them whole: then what it printed is all of it. */
    static const char *const args[] = {"--clock-seconds", "%s", NULL};
    for (guint i = 0; i < G_N_ELEMENTS(traces); i++) {
        gboolean ok;
        char *text = babeltrace2(i, args, &ok);
        ts_events *t = load_text(text, "muxed.txt", NULL);
        ts_events *c = load_ctf(i);
        printf("# %s: babeltrace2's default command %s after %u of %u events\n", traces[i],
               ok ? "ends" : "stops", t->n, c->n);
        g_assert_cmpuint(t->n, >, 1000);
        if (ok)
            g_assert_cmpuint(t->n, ==, c->n);
        else
            g_assert_cmpuint(t->n, <, c->n);
        char *diff = lttng_first_difference(t, c, t->n);
        g_assert_cmpstr(diff, ==, NULL);
        ts_events_free(t);
        g_free(text);
    }
}

/* (seq, ack, flags) -> time of the only segment with them, over events of one kind */
static GHashTable *segments(const ts_events *evs, ts_event_kind kind)
{
    GHashTable *h = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
    GHashTable *dup = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    guint n;
    const guint32 *pos = ts_events_of_kind(evs, kind, &n);
    for (guint i = 0; i < n; i++) {
        const ts_tcp_hdr *t = &evs->ev[pos[i]].u.seg.tcp;
        char *key = g_strdup_printf("%08x/%08x/%04x", t->seq, t->ack, t->flags);
        if (g_hash_table_contains(h, key) || g_hash_table_contains(dup, key)) {
            g_hash_table_remove(h, key);
            g_hash_table_add(dup, key);
            continue;
        }
        g_hash_table_insert(h, key, g_memdup2(&evs->ev[pos[i]].ts_ns, sizeof(gint64)));
    }
    g_hash_table_unref(dup);
    return h;
}

/* Receive time minus send time of every segment both traces saw; min, max, count. */
static guint one_way(const ts_events *from, const ts_events *to, gint64 *min, gint64 *max)
{
    GHashTable *out = segments(from, TS_EV_INET_SOCK_LOCAL_OUT);
    GHashTable *in = segments(to, TS_EV_INET_SOCK_LOCAL_IN);
    GHashTableIter it;
    gpointer k, v;
    guint n = 0;
    *min = G_MAXINT64, *max = G_MININT64;
    g_hash_table_iter_init(&it, out);
    while (g_hash_table_iter_next(&it, &k, &v)) {
        const gint64 *rx = g_hash_table_lookup(in, k);
        if (!rx)
            continue;
        gint64 d = *rx - *(const gint64 *)v;
        *min = MIN(*min, d), *max = MAX(*max, d);
        n++;
    }
    g_hash_table_unref(out);
    g_hash_table_unref(in);
    return n;
}

static void test_clock_offset(void)
{
    /* As Trace Compass synchronises traces: a segment sent at s on one host and received at r
     * on the other gives r - s = theta + delay (theta: dest clock minus src clock, delay > 0)
     * one way, and r - s = -theta + delay the other way. So theta < min(d_src->dest) and
     * theta > -min(d_dest->src); the middle of that interval is the estimate. */
    const ts_events *src = load_ctf(0), *dest = load_ctf(1);
    gint64 min_a, max_a, min_b, max_b;
    guint na = one_way(src, dest, &min_a, &max_a);
    guint nb = one_way(dest, src, &min_b, &max_b);
    g_assert_cmpuint(na, >=, 20);
    g_assert_cmpuint(nb, >=, 20);
    gint64 upper = min_a, lower = -min_b;
    gint64 theta = (upper + lower) / 2;
    printf("# src -> dest: %u segments, receive - send in [%.6f, %.6f] ms (spread %.6f ms)\n", na,
           min_a / 1e6, max_a / 1e6, (max_a - min_a) / 1e6);
    printf("# dest -> src: %u segments, receive - send in [%.6f, %.6f] ms (spread %.6f ms)\n", nb,
           min_b / 1e6, max_b / 1e6, (max_b - min_b) / 1e6);
    printf("# theta (dest clock - src clock) in (%.6f, %.6f) ms: %.6f ms +- %.6f ms\n",
           lower / 1e6, upper / 1e6, theta / 1e6, (upper - lower) / 2e6);
    /* consistent: some theta explains every pair with positive delays */
    g_assert_cmpint(lower, <, upper);
    /* and the pairs agree on it: both spreads are small next to the offset */
    gint64 mag = theta < 0 ? -theta : theta;
    g_assert_cmpint(mag, >, 0);
    g_assert_cmpint((max_a - min_a) * 50, <, mag);
    g_assert_cmpint((max_b - min_b) * 50, <, mag);
    g_assert_cmpint((upper - lower) * 50, <, mag);
}

static char *copy_trace(guint i, const char *tmp, gsize meta_len, gsize data_len)
{
    char *dir = trace_dir(i), *to = g_build_filename(tmp, traces[i], NULL);
    g_assert_cmpint(g_mkdir(to, 0700), ==, 0);
    static const char *const files[] = {"metadata", "channel0_0"};
    for (guint f = 0; f < 2; f++) {
        char *from_path = g_build_filename(dir, files[f], NULL);
        char *to_path = g_build_filename(to, files[f], NULL);
        char *data;
        gsize len;
        g_assert_true(g_file_get_contents(from_path, &data, &len, NULL));
        gsize keep = MIN(len, f == 0 ? meta_len : data_len);
        g_assert_true(g_file_set_contents(to_path, data, (gssize)keep, NULL));
        g_free(data);
        g_free(from_path);
        g_free(to_path);
    }
    g_free(dir);
    return to;
}

static void assert_error(const char *path, ts_event_format fmt, int code, const char *names)
{
    GError *err = NULL;
    ts_events *evs = ts_events_load(path, fmt, &err);
    g_assert_null(evs);
    g_assert_error(err, TS_EVENTS_ERROR, code);
    g_assert_nonnull(strstr(err->message, names));
    printf("# %s\n", err->message);
    g_error_free(err);
}

static void test_bad_traces(void)
{
    char *tmp = g_dir_make_tmp("lttng-XXXXXX", NULL);
    g_assert_nonnull(tmp);

    char *empty = g_build_filename(tmp, "empty", NULL);
    g_mkdir(empty, 0700);
    assert_error(empty, TS_EVENTS_AUTO, TS_EVENTS_ERROR_IO, empty);

    char *notes = g_build_filename(tmp, "notes", NULL), *readme = g_build_filename(notes, "README", NULL);
    g_mkdir(notes, 0700);
    g_file_set_contents(readme, "not a trace\n", -1, NULL);
    assert_error(notes, TS_EVENTS_AUTO, TS_EVENTS_ERROR_IO, notes);
    assert_error(readme, TS_EVENTS_CTF, TS_EVENTS_ERROR_IO, readme);

    /* metadata cut inside its second packet: babeltrace2 2.0 would never return */
    char *cut_meta = copy_trace(1, tmp, 5000, G_MAXSIZE);
    assert_error(cut_meta, TS_EVENTS_AUTO, TS_EVENTS_ERROR_FORMAT, cut_meta);
    remove_tree(cut_meta);

    /* a stream file cut short (at 1,000,000 of its 1,904,640 bytes, in its fourth 256 KiB
     * packet): babeltrace2 refuses it whole; the first three packets are read, and they are
     * the start of the whole trace */
    char *cut_data = copy_trace(1, tmp, G_MAXSIZE, 1000000);
    GError *err = NULL;
    ts_events *cut = ts_events_load(cut_data, TS_EVENTS_AUTO, &err);
    g_assert_no_error(err);
    g_assert_cmpuint(cut->n_cut, ==, 1);
    g_assert_cmpuint(cut->n, >, 1000);
    g_assert_cmpuint(cut->n, <, load_ctf(1)->n);
    char *diff = lttng_first_difference(cut, load_ctf(1), cut->n);
    g_assert_cmpstr(diff, ==, NULL);
    g_assert_cmpuint(cut->messages->len, >=, 1);
    const char *msg = cut->messages->pdata[0];
    printf("# %u of %u events read: %s\n", cut->n, load_ctf(1)->n, msg);
    g_assert_true(g_str_has_prefix(msg, cut_data));
    g_assert_nonnull(strstr(msg, "at byte 786432, the last 213568 bytes of it are lost"));
    ts_events_free(cut);
    remove_tree(cut_data);

    /* bytes overwritten inside the second packet: the stream is read up to there */
    char *bad_data = copy_trace(1, tmp, G_MAXSIZE, G_MAXSIZE);
    char *stream = g_build_filename(bad_data, "channel0_0", NULL);
    FILE *f = fopen(stream, "r+b");
    g_assert_nonnull(f);
    char junk[64];
    memset(junk, 0xFF, sizeof junk);
    g_assert_cmpint(fseek(f, 300000, SEEK_SET), ==, 0);
    g_assert_cmpuint(fwrite(junk, 1, sizeof junk, f), ==, sizeof junk);
    fclose(f);
    ts_events *damaged = ts_events_load(bad_data, TS_EVENTS_AUTO, &err);
    g_assert_no_error(err);
    g_assert_cmpuint(damaged->n_cut, ==, 1);
    g_assert_cmpuint(damaged->n, >, 1000);
    g_assert_cmpuint(damaged->n, <, load_ctf(1)->n);
    /* (the last event read has some of the overwritten bytes in its fields) */
    diff = lttng_first_difference(damaged, load_ctf(1), damaged->n - 1);
    g_assert_cmpstr(diff, ==, NULL);
    msg = damaged->messages->pdata[0];
    printf("# %u of %u events read: %s\n", damaged->n, load_ctf(1)->n, msg);
    g_assert_true(g_str_has_prefix(msg, bad_data));
    g_assert_nonnull(strstr(msg, "the rest of it is lost"));
    ts_events_free(damaged);
    remove_tree(bad_data);
    g_free(stream);
    g_free(bad_data);

    /* the metadata file itself stands for its directory */
    char *whole = copy_trace(0, tmp, G_MAXSIZE, G_MAXSIZE);
    char *meta = g_build_filename(whole, "metadata", NULL);
    ts_events *evs = ts_events_load(meta, TS_EVENTS_AUTO, &err);
    g_assert_no_error(err);
    diff = lttng_first_difference(evs, load_ctf(0), load_ctf(0)->n);
    g_assert_cmpuint(evs->n, ==, load_ctf(0)->n);
    g_assert_cmpstr(diff, ==, NULL);
    ts_events_free(evs);
    remove_tree(whole);

    g_free(meta);
    g_free(whole);
    g_free(cut_meta);
    g_free(cut_data);
    g_free(readme);
    g_free(notes);
    g_free(empty);
    remove_tree(tmp);
    g_free(tmp);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    char *meta = g_build_filename(LTTNG_CORPUS, "scp_src", "metadata", NULL);
    gboolean have = g_file_test(meta, G_FILE_TEST_IS_REGULAR);
    g_free(meta);
    if (!have || !g_file_test(BABELTRACE2_EXE, G_FILE_TEST_IS_EXECUTABLE)) {
        printf("skipped: needs %s/scp_src and scp_dest (CMake: TCPSTATE_SHARED_CORPUS) and "
               "babeltrace2\n", LTTNG_CORPUS);
        return 77;
    }
    g_test_add_func("/events/lttng_ctf/counts_and_routes_agree", test_counts_and_routes_agree);
    g_test_add_func("/events/lttng_ctf/dates_agree", test_dates_agree);
    g_test_add_func("/events/lttng_ctf/muxer_output_is_a_prefix", test_muxer_output_is_a_prefix);
    g_test_add_func("/events/lttng_ctf/clock_offset", test_clock_offset);
    g_test_add_func("/events/lttng_ctf/bad_traces", test_bad_traces);
    int rc = g_test_run();
    for (guint i = 0; i < G_N_ELEMENTS(ctf); i++)
        ts_events_free(ctf[i]);
    return rc;
}
