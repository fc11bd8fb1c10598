/* libFuzzer target: the TCP options parser (core/tcp_options.c) on any options area. The
 * first byte says how long the header's options area is (0 to 40 bytes); the bytes after it
 * are what was captured of it, so the input may be shorter (cut by a snapshot length) or
 * longer (more bytes captured than the header holds). Checked: nothing past the captured
 * bytes is read (the sanitizers), a cut area is marked cut, and the values stay in range. */
#include <stdint.h>
#include <stdlib.h>

#include "tcp_options.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size == 0)
        return 0;
    gsize len = data[0] % 41, captured = MIN(size - 1, len);
    /* a copy of exactly the captured bytes, so that reading one more is an error */
    guint8 *bytes = captured ? g_memdup2(data + 1, (guint)captured) : NULL;
    ts_tcp_options o;
    ts_tcp_options_parse(bytes, captured, len, &o);
    if (captured < len && !(o.bits & TS_OPT_CUT))
        abort();
    if (o.wscale > 15 || (o.bits & ~(TS_OPT_SACK_PERM | TS_OPT_TIMESTAMPS | TS_OPT_TFO | TS_OPT_CUT)))
        abort();
    if (!(o.bits & TS_OPT_TIMESTAMPS) && (o.tsval || o.tsecr))
        abort();
    g_free(bytes);
    return 0;
}
