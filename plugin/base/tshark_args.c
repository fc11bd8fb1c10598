#include "tshark_args.h"

#include <string.h>
#include <sys/stat.h>

#include "tcpstate_proto.h"

/* tshark's options that take a value (its getopt string). */
static const char short_with_value[] = "aAbBcCdeEfFGHijJKMNoOrRsStTuUwWXyYz";
/* Those whose value may name fields: -e, -Y, -R, -j, -J. */
static const char field_options[] = "eYRjJ";

static gboolean ident_char(char c)
{
    return g_ascii_isalnum(c) || c == '_';
}

/* Notes the tcpstate fields named in a field list or display filter: "tcpstate.kernel" and
 * "tcpstate.kernel.cwnd" are kernel fields, "tcpstate", "tcpstate.conn" the others. */
static void note_fields(const char *s, tshark_args *out)
{
    static const char proto[] = "tcpstate";
    for (const char *p = s; (p = strstr(p, proto)) != NULL; p++) {
        if (p > s && (ident_char(p[-1]) || p[-1] == '.'))
            continue;
        const char *rest = p + strlen(proto);
        if (ident_char(*rest))
            continue;
        if (g_str_has_prefix(rest, ".kernel") && !ident_char(rest[strlen(".kernel")]))
            out->kernel_fields = TRUE;
        else
            out->packet_fields = TRUE;
    }
}

static void note_value(tshark_args *out, char opt, const char *value)
{
    if (opt == 'r') {
        struct stat st;
        out->read_path = value;
        out->from_file = g_strcmp0(value, "-") != 0 && stat(value, &st) == 0 && S_ISREG(st.st_mode);
    }
    /* the tables whose kernel columns or rows need every frame read first */
    if (opt == 'z' && (g_str_has_prefix(value, "tcpstate,table") || g_str_has_prefix(value, "tcpstate,processes")))
        out->kernel_fields = TRUE;
    if (opt == 'T' && (!strcmp(value, "pdml") || !strcmp(value, "json") ||
                       !strcmp(value, "jsonraw") || !strcmp(value, "ek")))
        out->full_tree = TRUE;
    if (strchr(field_options, opt))
        note_fields(value, out);
}

void tshark_args_scan(char **argv, tshark_args *out)
{
    memset(out, 0, sizeof *out);
    for (int i = 1; argv[i]; i++) {
        const char *a = argv[i];
        if (a[0] != '-' || a[1] == '\0')
            continue;
        if (a[1] == '-') { /* --name=value or --name value */
            if (!strchr(a, '=') && argv[i + 1] && argv[i + 1][0] != '-')
                i++;
            continue;
        }
        for (const char *c = a + 1; *c; c++) {
            if (*c == '2')
                out->two_pass = TRUE;
            if (*c == 'V')
                out->full_tree = TRUE;
            if (strchr(short_with_value, *c)) {
                const char *value = c[1] ? c + 1 : argv[i + 1];
                if (value) {
                    note_value(out, *c, value);
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
GPtrArray *tshark_args_split(const char *cmdline, gsize len)
{
    GPtrArray *raw = g_ptr_array_new();
    for (gsize at = 0; at < len; at += strlen(cmdline + at) + 1)
        g_ptr_array_add(raw, (gpointer)(cmdline + at));
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

GPtrArray *tshark_args_argv(void)
{
    gchar *cmdline = NULL;
    gsize len = 0;
    if (!g_file_get_contents("/proc/self/cmdline", &cmdline, &len, NULL) || !len) {
        g_free(cmdline);
        return NULL;
    }
    GPtrArray *argv = tshark_args_split(cmdline, len);
    g_free(cmdline);
    return argv;
}

const tshark_args *tshark_args_get(void)
{
    static tshark_args args;
    static GPtrArray *argv; /* kept for the process: args points into it */
    static gboolean read;
    if (!read && tcpstate_in_tshark()) {
        read = TRUE;
        argv = tshark_args_argv();
        if (argv)
            tshark_args_scan((char **)argv->pdata, &args);
    }
    return argv ? &args : NULL;
}
