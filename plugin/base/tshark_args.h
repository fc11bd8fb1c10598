/* What tshark was asked to do: its arguments, read back from /proc/self/cmdline (tshark has
 * parsed them before any plugin code runs, and gives plugins no other way to see them). */
#ifndef TCPSTATE_TSHARK_ARGS_H
#define TCPSTATE_TSHARK_ARGS_H

#include <glib.h>

typedef struct tshark_args {
    gboolean two_pass;       /* -2 */
    const char *read_path;   /* the value of -r, NULL without one */
    gboolean from_file;      /* -r names a regular file (not "-", not a pipe) */
    gboolean full_tree;      /* -V, or -T pdml|json|jsonraw|ek: every field is shown */
    gboolean kernel_fields;  /* a tcpstate.kernel field is named, or -z tcpstate,table or ,processes */
    gboolean packet_fields;  /* another tcpstate field is named (-e, -Y, -R, -j, -J, ...) */
} tshark_args;

/* The arguments of this tshark, read once per process; NULL outside tshark or when they
 * cannot be read. */
const tshark_args *tshark_args_get(void);

/* A copy of the argument vector (NULL-terminated, free with g_ptr_array_free(a, TRUE)),
 * fit for execv; NULL when it cannot be read. */
GPtrArray *tshark_args_argv(void);

/* Exposed for the unit test: the same, from a /proc/self/cmdline image. */
GPtrArray *tshark_args_split(const char *cmdline, gsize len);
void tshark_args_scan(char **argv, tshark_args *out);

#endif
