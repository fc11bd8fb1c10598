/* What a TCP header's options say, as far as tcpstate uses them (RFC 9293 3.1 and 3.2). */
#ifndef TCPSTATE_TCP_OPTIONS_H
#define TCPSTATE_TCP_OPTIONS_H

#include <glib.h>

#define TS_OPT_SACK_PERM 0x01   /* SACK permitted (RFC 2018), kind 4 */
#define TS_OPT_TIMESTAMPS 0x02  /* timestamps (RFC 7323), kind 8: tsval and tsecr hold them */
#define TS_OPT_TFO 0x04         /* TCP Fast Open (RFC 7413): a cookie or a request, in kind 34
                                 * or in the experimental kind 254 with identifier 0xF989 */
#define TS_OPT_CUT 0x08         /* the options were not captured whole, or are malformed:
                                 * what came before the cut or the fault is kept */

typedef struct ts_tcp_options {
    guint16 mss;    /* maximum segment size (kind 2); 0 when absent */
    guint8 wscale;  /* window scale (kind 3): the shift plus one; 0 when absent */
    guint8 bits;    /* TS_OPT_* */
    guint32 tsval, tsecr;
} ts_tcp_options;

/* Reads the options area of a TCP header: `captured` of its `len` bytes (the header length
 * minus 20) are at `bytes`. Never reads past `captured`. */
void ts_tcp_options_parse(const guint8 *bytes, gsize captured, gsize len, ts_tcp_options *out);

#endif
