/* A block-buffered writer for reports made of millions of short pieces: literals are copied
 * with a length known when compiling, numbers are formatted in place, and the text reaches
 * the FILE in large blocks. A piece through stdio or a GString costs more than formatting it. */
#ifndef TCPSTATE_TEXT_BUF_H
#define TCPSTATE_TEXT_BUF_H

#include <stdio.h>
#include <string.h>

#include <glib.h>

#include "fixed_format.h"

#define TS_TEXT_BUF_SIZE 65536

typedef struct ts_text_buf {
    FILE *out;
    gsize len;
    char data[TS_TEXT_BUF_SIZE];
} ts_text_buf;

static inline ts_text_buf *ts_text_buf_new(FILE *out)
{
    ts_text_buf *b = g_new(ts_text_buf, 1);
    b->out = out;
    b->len = 0;
    return b;
}

static inline void ts_text_flush(ts_text_buf *b)
{
    if (b->len)
        fwrite(b->data, 1, b->len, b->out);
    b->len = 0;
}

/* Flushes and frees. */
static inline void ts_text_buf_free(ts_text_buf *b)
{
    ts_text_flush(b);
    g_free(b);
}

/* Makes room for n more bytes (n <= TS_TEXT_BUF_SIZE). */
static inline char *ts_text_room(ts_text_buf *b, gsize n)
{
    if (b->len + n > TS_TEXT_BUF_SIZE)
        ts_text_flush(b);
    return b->data + b->len;
}

static inline void ts_text_put(ts_text_buf *b, const char *s, gsize n)
{
    if (n > TS_TEXT_BUF_SIZE) {
        ts_text_flush(b);
        fwrite(s, 1, n, b->out);
        return;
    }
    memcpy(ts_text_room(b, n), s, n);
    b->len += n;
}

/* A string literal: its length is a constant. */
#define ts_text_lit(b, s) ts_text_put((b), "" s "", sizeof(s) - 1)

static inline void ts_text_str(ts_text_buf *b, const char *s)
{
    ts_text_put(b, s, strlen(s));
}

static inline void ts_text_uint(ts_text_buf *b, guint64 v)
{
    b->len += ts_format_uint(ts_text_room(b, 24), v);
}

static inline void ts_text_fixed(ts_text_buf *b, double x, int decimals)
{
    b->len += ts_format_fixed(ts_text_room(b, TS_FORMAT_FIXED_LEN), x, decimals);
}

#endif
