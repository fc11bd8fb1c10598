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
#include <sys/stat.h>
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

/* A tcpstate.kernel field named in s ("tcpstate.kernel", "tcpstate.kernel.cwnd"), not a
 * preference such as tcpstate.kernel_offset. */
static gboolean names_kernel_field(const char *s)
{
    for (const char *p = s; (p = strstr(p, "tcpstate.kernel")) != NULL; p++) {
        char next = p[strlen("tcpstate.kernel")];
        if (!(g_ascii_isalnum(next) || next == '_'))
            return TRUE;
    }
    return FALSE;
}

static void scan(char **argv, args_seen *seen)
{
    for (int i = 1; argv[i]; i++) {
        const char *a = argv[i];
        if (names_kernel_field(a))
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
                    if (value != c + 1 && names_kernel_field(value))
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

/* In a cluster of short options ("-nE", "-Eheader=y"), the option that takes a value, if any,
 * and where its value starts within the cluster (NULL when it is the next argument). */
static char option_with_value(const char *a, const char **inline_value)
{
    *inline_value = NULL;
    if (a[0] != '-' || a[1] == '-' || a[1] == '\0')
        return 0;
    for (const char *c = a + 1; *c; c++)
        if (strchr(short_with_value, *c)) {
            *inline_value = c[1] ? c + 1 : NULL;
            return *c;
        }
    return 0;
}

/* tshark has already parsed its arguments, and its parser of -E writes a NUL over the '=' of
 * "name=value": /proc/self/cmdline then shows two arguments. An -E value always has a '=',
 * so one without it is such a split, and is joined with the next argument again; -E may end
 * a cluster ("-nE separator=,") or carry its value ("-Eseparator=,"). */
static GPtrArray *arguments(gchar *cmdline, gsize len)
{
    GPtrArray *raw = g_ptr_array_new();
    for (gsize at = 0; at < len; at += strlen(cmdline + at) + 1)
        g_ptr_array_add(raw, cmdline + at);
    GPtrArray *argv = g_ptr_array_new_with_free_func(g_free);
    for (guint i = 0; i < raw->len; i++) {
        const char *a = g_ptr_array_index(raw, i);
        const char *inline_value;
        char opt = option_with_value(a, &inline_value);
        if (opt == 'E' && !inline_value && i + 2 < raw->len) {
            const char *v = g_ptr_array_index(raw, i + 1);
            g_ptr_array_add(argv, g_strdup(a));
            if (!strchr(v, '=')) {
                g_ptr_array_add(argv, g_strconcat(v, "=", (const char *)g_ptr_array_index(raw, i + 2), NULL));
                i += 2;
            } else {
                g_ptr_array_add(argv, g_strdup(v));
                i++;
            }
        } else if (opt == 'E' && inline_value && !strchr(inline_value, '=') && i + 1 < raw->len) {
            g_ptr_array_add(argv, g_strconcat(a, "=", (const char *)g_ptr_array_index(raw, i + 1), NULL));
            i++;
        } else {
            g_ptr_array_add(argv, g_strdup(a));
            /* a value in the next argument is never an option cluster of its own */
            if (opt && !inline_value && i + 1 < raw->len)
                g_ptr_array_add(argv, g_strdup((const char *)g_ptr_array_index(raw, ++i)));
        }
    }
    g_ptr_array_add(argv, NULL);
    g_ptr_array_free(raw, TRUE);
    return argv;
}

void kernel_rerun_two_pass_if_needed(const char *events_path)
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
    struct stat st;
    gboolean events_rereadable = stat(events_path, &st) == 0 && (S_ISREG(st.st_mode) || S_ISDIR(st.st_mode));
    if (!seen.two_pass && seen.wants_kernel && seen.from_file && !events_rereadable) {
        /* a pipe read by this process would be read again by the next: it would wait forever
         * for a writer, or find nothing */
        fprintf(stderr, "tcpstate: kernel fields need the whole capture first (tshark -2), and the events "
                        "file %s is not a regular file (a pipe?) that could be read a second time: no "
                        "kernel fields are shown; run tshark -2 yourself\n", events_path);
    } else if (!seen.two_pass && seen.wants_kernel && seen.from_file) {
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
