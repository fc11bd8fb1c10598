/* What tcpstate reads of tshark's arguments (plugin/base/tshark_args.c): the fields asked
 * for, -2, -r, and the argument vector rebuilt from /proc/self/cmdline's image after tshark's
 * -E parser has split "name=value" in two. */
#include <string.h>

#include <glib.h>

#include "tshark_args.h"

/* A /proc/self/cmdline image of args (NUL-separated). */
static GByteArray *cmdline(const char *const *args)
{
    GByteArray *b = g_byte_array_new();
    for (; *args; args++)
        g_byte_array_append(b, (const guint8 *)*args, (guint)strlen(*args) + 1);
    return b;
}

static tshark_args scan(const char *const *args)
{
    GByteArray *b = cmdline(args);
    GPtrArray *argv = tshark_args_split((const char *)b->data, b->len);
    tshark_args out;
    tshark_args_scan((char **)argv->pdata, &out);
    g_ptr_array_free(argv, TRUE);
    g_byte_array_free(b, TRUE);
    out.read_path = NULL; /* points into argv, freed */
    return out;
}

static void test_fields(void)
{
    const char *plain[] = {"tshark", "-r", "x.pcap", "-T", "fields", "-e", "tcp.stream", NULL};
    tshark_args a = scan(plain);
    g_assert_false(a.packet_fields || a.kernel_fields || a.full_tree || a.two_pass);

    const char *conn[] = {"tshark", "-r", "x.pcap", "-Tfields", "-e", "tcpstate.conn", NULL};
    a = scan(conn);
    g_assert_true(a.packet_fields);
    g_assert_false(a.kernel_fields);

    const char *kernel[] = {"tshark", "-2", "-r", "x.pcap", "-Y", "tcpstate.kernel.cwnd > 10", NULL};
    a = scan(kernel);
    g_assert_true(a.kernel_fields && a.two_pass);
    g_assert_false(a.packet_fields);

    const char *proto[] = {"tshark", "-r", "x.pcap", "-Y", "tcpstate && tcp.len > 0", NULL};
    g_assert_true(scan(proto).packet_fields);

    /* preferences, -z forms and names that only contain the word are not fields */
    const char *prefs[] = {"tshark", "-o", "tcpstate.kernel_offset:1.5", "-o", "tcpstate.events_file:a",
                           "-q", "-z", "tcpstate,summary", "-Y", "mytcpstate.x == 1", NULL};
    a = scan(prefs);
    g_assert_false(a.packet_fields || a.kernel_fields);

    const char *table[] = {"tshark", "-qz", "tcpstate,table", NULL};
    g_assert_true(scan(table).kernel_fields);
    const char *processes[] = {"tshark", "-q", "-z", "tcpstate,processes,tcp.port==80", NULL};
    g_assert_true(scan(processes).kernel_fields);

    const char *json[] = {"tshark", "-nTjson", NULL};
    g_assert_true(scan(json).full_tree);
    const char *verbose[] = {"tshark", "-nV", NULL};
    g_assert_true(scan(verbose).full_tree);
}

/* tshark's -E parser leaves "separator" and "," where "separator=," was given. */
static void test_split_rejoins_E(void)
{
    const char *seen[] = {"tshark", "-nE", "separator", ",", "-E", "header", "y", "-Eoccurrence", "a",
                          "-e", "tcpstate.conn", NULL};
    GByteArray *b = cmdline(seen);
    GPtrArray *argv = tshark_args_split((const char *)b->data, b->len);
    const char *want[] = {"tshark", "-nE", "separator=,", "-E", "header=y", "-Eoccurrence=a",
                          "-e", "tcpstate.conn", NULL};
    g_assert_cmpuint(argv->len, ==, G_N_ELEMENTS(want));
    for (guint i = 0; want[i]; i++)
        g_assert_cmpstr(g_ptr_array_index(argv, i), ==, want[i]);
    g_assert_null(g_ptr_array_index(argv, argv->len - 1));
    g_ptr_array_free(argv, TRUE);
    g_byte_array_free(b, TRUE);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/tshark_args/fields", test_fields);
    g_test_add_func("/tshark_args/split_rejoins_E", test_split_rejoins_E);
    return g_test_run();
}
