/* A one-pass tshark run cannot show kernel fields: the clock model is fitted to the whole
 * capture, and tshark prints each frame as soon as it is dissected. When such a run reads a
 * capture file and its arguments ask for kernel fields (a tcpstate.kernel.* name anywhere,
 * a full packet tree: -V, -T pdml|json|jsonraw|ek, or the table -z tcpstate,table, whose
 * kernel columns are filled once every frame is read), tshark is started again, before it
 * has printed anything, with the same arguments and -2 in front. */
#include "kernel_rerun.h"
#include "tcpstate_proto.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <glib.h>

#define RERUN_ENV "TCPSTATE_TWO_PASS_RERUN"

/* tshark 4.0's options that take a value (its getopt string, and the long options). */
static const char short_with_value[] = "aAbBcCdeEfFGHijJKMNoOrRsStTuUwWXyYz";

typedef struct args_seen {
    gboolean two_pass, wants_kernel, from_file;
} args_seen;

static void note_value(args_seen *seen, char opt, const char *value)
{
    if (opt == 'r')
        seen->from_file = g_strcmp0(value, "-") != 0 && g_file_test(value, G_FILE_TEST_IS_REGULAR);
    if (opt == 'z' && g_str_has_prefix(value, "tcpstate,table"))
        seen->wants_kernel = TRUE;
    if (opt == 'T' && (!strcmp(value, "pdml") || !strcmp(value, "json") ||
                       !strcmp(value, "jsonraw") || !strcmp(value, "ek")))
        seen->wants_kernel = TRUE;
}

static void scan(char **argv, args_seen *seen)
{
    for (int i = 1; argv[i]; i++) {
        const char *a = argv[i];
        if (strstr(a, "tcpstate.kernel"))
            seen->wants_kernel = TRUE;
        if (a[0] != '-' || a[1] == '\0')
            continue;
        if (a[1] == '-') { /* --name=value or --name value */
            if (!strchr(a, '=') && argv[i + 1] && argv[i + 1][0] != '-')
                i++;
            continue;
        }
        for (const char *c = a + 1; *c; c++) {
            if (*c == '2')
                seen->two_pass = TRUE;
            if (*c == 'V')
                seen->wants_kernel = TRUE;
            if (strchr(short_with_value, *c)) {
                const char *value = c[1] ? c + 1 : argv[i + 1];
                if (value) {
                    if (value != c + 1 && strstr(value, "tcpstate.kernel"))
                        seen->wants_kernel = TRUE;
                    note_value(seen, *c, value);
                    if (value != c + 1)
                        i++;
                }
                break;
            }
        }
    }
}

/* tshark has already parsed its arguments, and its parser of -E writes a NUL over the '=' of
 * "name=value": /proc/self/cmdline then shows two arguments. An -E value always has a '=',
 * so one without it is such a split, and is joined with the next argument again. */
static GPtrArray *arguments(gchar *cmdline, gsize len)
{
    GPtrArray *raw = g_ptr_array_new();
    for (gsize at = 0; at < len; at += strlen(cmdline + at) + 1)
        g_ptr_array_add(raw, cmdline + at);
    GPtrArray *argv = g_ptr_array_new_with_free_func(g_free);
    for (guint i = 0; i < raw->len; i++) {
        const char *a = g_ptr_array_index(raw, i);
        gboolean cut = FALSE;
        if (!strcmp(a, "-E") && i + 2 < raw->len) {
            const char *v = g_ptr_array_index(raw, i + 1);
            if (!strchr(v, '=')) {
                g_ptr_array_add(argv, g_strdup(a));
                g_ptr_array_add(argv, g_strconcat(v, "=", (const char *)g_ptr_array_index(raw, i + 2), NULL));
                i += 2;
                continue;
            }
        } else if (g_str_has_prefix(a, "-E") && a[2] && !strchr(a, '=') && i + 1 < raw->len) {
            cut = TRUE;
        }
        if (cut) {
            g_ptr_array_add(argv, g_strconcat(a, "=", (const char *)g_ptr_array_index(raw, i + 1), NULL));
            i++;
        } else {
            g_ptr_array_add(argv, g_strdup(a));
        }
    }
    g_ptr_array_add(argv, NULL);
    g_ptr_array_free(raw, TRUE);
    return argv;
}

void kernel_rerun_two_pass_if_needed(void)
{
    if (!tcpstate_in_tshark() || g_getenv(RERUN_ENV))
        return;
    gchar *cmdline = NULL;
    gsize len = 0;
    if (!g_file_get_contents("/proc/self/cmdline", &cmdline, &len, NULL) || !len) {
        g_free(cmdline);
        return;
    }
    GPtrArray *argv = arguments(cmdline, len);
    g_free(cmdline);
    args_seen seen = {FALSE, FALSE, FALSE};
    scan((char **)argv->pdata, &seen);
    if (!seen.two_pass && seen.wants_kernel && seen.from_file) {
        g_ptr_array_insert(argv, 1, g_strdup("-2"));
        fprintf(stderr, "tcpstate: kernel fields need the whole capture first: running as tshark -2\n");
        fflush(stdout);
        fflush(stderr);
        g_setenv(RERUN_ENV, "1", TRUE);
        execv("/proc/self/exe", (char **)argv->pdata);
        fprintf(stderr, "tcpstate: cannot run tshark -2 (%s); kernel fields need -2\n", g_strerror(errno));
        g_unsetenv(RERUN_ENV);
    }
    g_ptr_array_free(argv, TRUE);
}
