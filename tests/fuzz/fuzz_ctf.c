/* libFuzzer target: the CTF reader (libbabeltrace2, and the reading of what is left of a cut
 * stream file). The input is a stream file written beside the metadata of the trace that
 * tests/events/make_ctf_trace.py makes (its path in TCPSTATE_CTF_METADATA); its seeds are that
 * trace's stream files. */
#include <stdio.h>
#include <stdlib.h>

#include <glib.h>
#include <glib/gstdio.h>

#include "fuzz_common.h"
#include "parse.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char *dir, *stream;

static void remove_dir(void)
{
    g_remove(stream);
    char *metadata = g_build_filename(dir, "metadata", NULL);
    g_remove(metadata);
    g_free(metadata);
    g_rmdir(dir);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    const char *metadata = g_getenv("TCPSTATE_CTF_METADATA");
    gchar *text = NULL;
    gsize len = 0;
    if (!metadata || !g_file_get_contents(metadata, &text, &len, NULL)) {
        fprintf(stderr, "fuzz_ctf: TCPSTATE_CTF_METADATA must name a CTF metadata file\n");
        exit(2);
    }
    dir = g_dir_make_tmp("tcpstate-fuzz-ctf-XXXXXX", NULL);
    char *copy = g_build_filename(dir, "metadata", NULL);
    if (!dir || !g_file_set_contents(copy, text, (gssize)len, NULL)) {
        fprintf(stderr, "fuzz_ctf: cannot write a trace directory\n");
        exit(2);
    }
    g_free(copy);
    g_free(text);
    stream = g_build_filename(dir, "channel0_0", NULL);
    atexit(remove_dir);
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!g_file_set_contents(stream, (const gchar *)data, (gssize)size, NULL))
        return 0;
    GError *err = NULL;
    ts_events *evs = ts_events_load(dir, TS_EVENTS_CTF, &err);
    g_clear_error(&err);
    if (evs) {
        fuzz_align_and_match(evs);
        ts_events_free(evs);
    }
    return 0;
}
