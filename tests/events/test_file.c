/* Loading files: detection, forced formats, and the files that are not events at all. */
#include "fixtures.h"
#include "parse.h"

#include <glib/gstdio.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

static void assert_load_error(const char *path, ts_event_format fmt, int code)
{
    GError *err = NULL;
    ts_events *evs = ts_events_load(path, fmt, &err);
    g_assert_null(evs);
    g_assert_error(err, TS_EVENTS_ERROR, code);
    char *base = g_path_get_basename(path);
    g_assert_nonnull(strstr(err->message, base)); /* the message names the file */
    g_free(base);
    g_error_free(err);
}

static void test_pcap_rejected(void)
{
    char *path = fixture_path("ebpf_http.pcap");
    assert_load_error(path, TS_EVENTS_AUTO, TS_EVENTS_ERROR_FORMAT);
    g_free(path);
}

static void test_prose_rejected(void)
{
    static const char text[] = "Meeting notes\n\nThe capture was taken on lo; see the README.\n"
                               "- item one [1]\n- item two: done\n";
    char *path = write_temp("notes.txt", text, strlen(text));
    assert_load_error(path, TS_EVENTS_AUTO, TS_EVENTS_ERROR_FORMAT);
    remove_temp(path);
}

static void test_empty_file(void)
{
    char *path = write_temp("empty.ftrace.txt", "", 0);
    assert_load_error(path, TS_EVENTS_AUTO, TS_EVENTS_ERROR_EMPTY);
    /* a forced format takes it as a recording with nothing in it */
    GError *err = NULL;
    ts_events *evs = ts_events_load(path, TS_EVENTS_FTRACE, &err);
    g_assert_no_error(err);
    g_assert_cmpuint(evs->n, ==, 0);
    g_assert_cmpuint(evs->n_bad, ==, 0);
    guint n;
    ts_events_of_kind(evs, TS_EV_TCP_PROBE, &n);
    g_assert_cmpuint(n, ==, 0);
    ts_events_free(evs);
    remove_temp(path);

    path = write_temp("blank.txt", "\n  \n\t\n", 6);
    assert_load_error(path, TS_EVENTS_AUTO, TS_EVENTS_ERROR_EMPTY);
    remove_temp(path);
}

static void test_header_only_trace(void)
{
    /* what tracefs writes when nothing happened */
    static const char text[] = "# tracer: nop\n#\n# entries-in-buffer/entries-written: 0/0   #P:2\n#\n";
    ts_events *evs = ts_events_parse_buffer(text, strlen(text), "idle", TS_EVENTS_AUTO, NULL);
    g_assert_nonnull(evs);
    g_assert_cmpuint(evs->format, ==, TS_EVENTS_FTRACE);
    g_assert_cmpuint(evs->n, ==, 0);
    ts_events_free(evs);
}

static void test_missing_file(void)
{
    assert_load_error("/nonexistent/dir/run.ftrace.txt", TS_EVENTS_AUTO, TS_EVENTS_ERROR_IO);
    assert_load_error("/nonexistent/dir/run.ftrace.txt", TS_EVENTS_FTRACE, TS_EVENTS_ERROR_IO);
}

static void test_directory(void)
{
    char *path = write_temp("x", "", 0);
    char *dir = g_path_get_dirname(path);
    assert_load_error(dir, TS_EVENTS_AUTO, TS_EVENTS_ERROR_IO);
    g_free(dir);
    remove_temp(path);
}

static gpointer write_fifo(gpointer path)
{
    char *src = fixture_path("ncat_hello.ftrace.txt");
    char *text;
    gsize len;
    g_assert_true(g_file_get_contents(src, &text, &len, NULL));
    FILE *f = fopen(path, "w");
    fwrite(text, 1, len, f);
    fclose(f);
    g_free(text);
    g_free(src);
    return NULL;
}

static void test_pipe(void)
{
    /* `tcpstate ... <(cat trace_pipe)`: a FIFO cannot be mapped, it is read instead */
    char *path = write_temp("pipe", "", 0);
    g_remove(path);
    g_assert_cmpint(mkfifo(path, 0600), ==, 0);
    GThread *writer = g_thread_new("writer", write_fifo, path);
    GError *err = NULL;
    ts_events *evs = ts_events_load(path, TS_EVENTS_AUTO, &err);
    g_thread_join(writer);
    g_assert_no_error(err);
    g_assert_cmpuint(evs->n, ==, 33); /* grep -vc '^#' ncat_hello.ftrace.txt */
    ts_events_free(evs);
    remove_temp(path);
}

static void test_detection(void)
{
    static const struct {
        const char *file;
        ts_event_format fmt;
    } cases[] = {
        {"http.ftrace.txt", TS_EVENTS_FTRACE},        {"lossy.ftrace.txt", TS_EVENTS_FTRACE},
        {"named_tasks.tracecmd.txt", TS_EVENTS_FTRACE}, {"ebpf_http.ebpf.txt", TS_EVENTS_EBPF},
        {"crisp_sample.ebpf.txt", TS_EVENTS_EBPF},    {"ebpf_http.pcap", TS_EVENTS_AUTO},
    };
    for (guint i = 0; i < G_N_ELEMENTS(cases); i++) {
        char *path = fixture_path(cases[i].file);
        char *text;
        gsize len;
        g_assert_true(g_file_get_contents(path, &text, &len, NULL));
        g_assert_cmpint(ts_events_detect(text, len), ==, cases[i].fmt);
        g_free(text);
        g_free(path);
    }
}

static void test_forced_wrong_format(void)
{
    /* an ftrace file read as eBPF rows: every line is bad, the first few are reported */
    char *path = fixture_path("ncat_hello.ftrace.txt");
    GError *err = NULL;
    ts_events *evs = ts_events_load(path, TS_EVENTS_EBPF, &err);
    g_assert_no_error(err);
    g_assert_cmpuint(evs->format, ==, TS_EVENTS_EBPF);
    g_assert_cmpuint(evs->n, ==, 0);
    g_assert_cmpuint(evs->n_bad, ==, 45); /* grep -c '' ncat_hello.ftrace.txt */
    g_assert_cmpuint(evs->messages->len, ==, TS_EVENTS_MAX_MESSAGES);
    ts_events_free(evs);
    g_free(path);
}

static void test_crlf_and_no_final_newline(void)
{
    static const char text[] =
        "   curl-1 [000] ..... 1.000001: net_dev_xmit: dev=lo skbaddr=0000000000000001 len=60 rc=0\r\n"
        "   curl-1 [000] ..... 1.000002: net_dev_xmit: dev=lo skbaddr=0000000000000001 len=61";
    /* an exact-size copy without a NUL, so that reading past the end shows under ASan/valgrind */
    gsize len = strlen(text);
    char *data = g_memdup2(text, len);
    ts_events *evs = ts_events_parse_buffer(data, len, "crlf", TS_EVENTS_AUTO, NULL);
    g_assert_cmpuint(evs->n, ==, 2);
    g_assert_cmpstr(evs->ev[0].u.dev.dev, ==, "lo");
    g_assert_cmpuint(evs->ev[1].u.dev.len, ==, 61);
    ts_events_free(evs);
    g_free(data);
}

static void test_names(void)
{
    g_assert_cmpstr(ts_event_kind_name(TS_EV_NET_DEV_XMIT), ==, "net_dev_xmit");
    g_assert_cmpstr(ts_event_kind_name(TS_EV_XDP_PACKET), ==, "xdp_packet");
    g_assert_cmpint(ts_tcp_state_from_name("TCP_CLOSE_WAIT"), ==, TS_TCP_CLOSE_WAIT);
    g_assert_cmpint(ts_tcp_state_from_name("TCP_NEW_SYN_RECV"), ==, 12);
    g_assert_cmpint(ts_tcp_state_from_name("UNKNOWN_STATE"), ==, TS_TCP_UNKNOWN);
    g_assert_cmpstr(ts_tcp_state_name(TS_TCP_LISTEN), ==, "TCP_LISTEN");
    g_assert_cmpstr(ts_event_format_name(TS_EVENTS_EBPF), ==, "ebpf");
}

static void test_memory_figure(void)
{
    ts_events *evs = fixture_events("lossy.ftrace.txt");
    gsize bytes = ts_events_bytes(evs);
    g_assert_cmpuint(bytes, >=, evs->n * sizeof(ts_event));
    g_assert_cmpuint(bytes, <, evs->n * (sizeof(ts_event) + 64)); /* strings are shared */
    ts_events_free(evs);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/events/file/pcap_rejected", test_pcap_rejected);
    g_test_add_func("/events/file/prose_rejected", test_prose_rejected);
    g_test_add_func("/events/file/empty_file", test_empty_file);
    g_test_add_func("/events/file/header_only_trace", test_header_only_trace);
    g_test_add_func("/events/file/missing_file", test_missing_file);
    g_test_add_func("/events/file/directory", test_directory);
    g_test_add_func("/events/file/pipe", test_pipe);
    g_test_add_func("/events/file/detection", test_detection);
    g_test_add_func("/events/file/forced_wrong_format", test_forced_wrong_format);
    g_test_add_func("/events/file/crlf_and_no_final_newline", test_crlf_and_no_final_newline);
    g_test_add_func("/events/file/names", test_names);
    g_test_add_func("/events/file/memory_figure", test_memory_figure);
    return g_test_run();
}
