/* The events beside a capture (plugin/kernel/kernel_discover.c), in a folder made here. */
#include <glib.h>
#include <glib/gstdio.h>

#include "kernel_discover.h"

static char *dir;

static char *at(const char *name)
{
    return g_build_filename(dir, name, NULL);
}

static void touch(const char *name, const char *text)
{
    char *p = at(name);
    g_assert_true(g_file_set_contents(p, text, -1, NULL));
    g_free(p);
}

/* The file found for capture (NULL for none), with *why. */
static char *found(const char *capture, char **why)
{
    char *c = at(capture);
    char *path = kernel_discover_beside(c, why);
    g_free(c);
    if (!path)
        return NULL;
    char *base = g_path_get_basename(path);
    g_free(path);
    return base;
}

static void check(const char *capture, const char *want, const char *want_why)
{
    char *why = NULL, *got = found(capture, &why);
    g_assert_cmpstr(got, ==, want);
    g_assert_cmpstr(why, ==, want_why);
    g_free(got);
    g_free(why);
}

static void test_beside(void)
{
    check("run.pcap", NULL, NULL);
    touch("run.ebpf.txt", "PID COMM\n");
    check("run.pcap", "run.ebpf.txt", "found beside the capture");
    touch("run.ftrace.txt", "# tracer: nop\n");
    check("run.pcap", "run.ftrace.txt", "found beside the capture"); /* ftrace first */
    check("run.pcapng", "run.ftrace.txt", "found beside the capture");
    check("run.pcap.gz", "run.ftrace.txt", "found beside the capture");
    check("run", "run.ftrace.txt", "found beside the capture");
    check("other.pcap", NULL, NULL);
    touch("run.manifest", "recorded: x\ntrace_clock: local\n");
    check("run.pcap", "run.ftrace.txt", "found beside the capture, recorded with it: run.manifest");

    /* an LTTng trace directory; a plain file of that name is not one */
    touch("trace.lttng", "not a directory");
    check("trace.pcap", NULL, NULL);
    char *d = at("ctf.lttng");
    g_assert_cmpint(g_mkdir(d, 0755), ==, 0);
    g_free(d);
    check("ctf.pcap", "ctf.lttng", "found beside the capture");
    touch("text.lttng.txt", "[00:00:00.000000000] host tcp:tcp_probe: {}\n");
    check("text.pcap", "text.lttng.txt", "found beside the capture");

    /* no capture name (a live capture, a pipe) */
    char *why = (char *)"x";
    g_assert_null(kernel_discover_beside(NULL, &why));
    g_assert_null(why);
    g_assert_null(kernel_discover_beside("", &why));
}

static void remove_tree(const char *path)
{
    GDir *d = g_dir_open(path, 0, NULL);
    const char *name;
    while (d && (name = g_dir_read_name(d))) {
        char *p = g_build_filename(path, name, NULL);
        if (g_file_test(p, G_FILE_TEST_IS_DIR))
            remove_tree(p);
        else
            g_remove(p);
        g_free(p);
    }
    if (d)
        g_dir_close(d);
    g_rmdir(path);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    dir = g_dir_make_tmp("tcpstate-discover-XXXXXX", NULL);
    g_assert_nonnull(dir);
    g_test_add_func("/kernel_discover/beside", test_beside);
    int rc = g_test_run();
    remove_tree(dir);
    g_free(dir);
    return rc;
}
