#include "two_pass.h"

#include <errno.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

#include "tcpstate_proto.h"
#include "tshark_args.h"

#define RERUN_ENV "TCPSTATE_TWO_PASS_RERUN"

gboolean two_pass_running(void)
{
    const tshark_args *args = tshark_args_get();
    return args && args->two_pass;
}

void two_pass_rerun(const char *what, const char *reread)
{
    const tshark_args *args = tshark_args_get();
    if (!args || args->two_pass || g_getenv(RERUN_ENV))
        return;
    if (!args->from_file) {
        static gboolean said;
        if (!said)
            fprintf(stderr, "tcpstate: %s need the whole capture first (tshark -2), which a pipe cannot "
                            "give: they show the state so far\n", what);
        said = TRUE;
        return;
    }
    struct stat st;
    if (reread && !(stat(reread, &st) == 0 && (S_ISREG(st.st_mode) || S_ISDIR(st.st_mode)))) {
        /* a pipe read by this process would be read again by the next: it would wait forever
         * for a writer, or find nothing */
        fprintf(stderr, "tcpstate: %s need the whole capture first (tshark -2), and the events "
                        "file %s is not a regular file (a pipe?) that could be read a second time: "
                        "tshark is not run again, and kernel fields are not shown; run tshark -2 "
                        "yourself\n", what, reread);
        return;
    }
    GPtrArray *argv = tshark_args_argv();
    if (!argv)
        return;
    g_ptr_array_insert(argv, 1, g_strdup("-2"));
    fprintf(stderr, "tcpstate: %s need the whole capture first: running as tshark -2\n", what);
    fflush(stdout);
    fflush(stderr);
    g_setenv(RERUN_ENV, "1", TRUE);
    execv("/proc/self/exe", (char **)argv->pdata);
    fprintf(stderr, "tcpstate: cannot run tshark -2 (%s): %s show the state so far\n", g_strerror(errno), what);
    g_unsetenv(RERUN_ENV);
    g_ptr_array_free(argv, TRUE);
}
