/* Internal: strict number and address parsing on NUL-terminated tokens. Every function accepts
 * the whole token or fails (no sign, no surrounding blanks, no overflow). */
#ifndef TCPSTATE_PARSE_UTIL_H
#define TCPSTATE_PARSE_UTIL_H

#include <glib.h>

#include "segment.h"

gboolean tsp_u64(const char *s, guint base, guint64 *out);
gboolean tsp_u32(const char *s, guint base, guint32 *out);
gboolean tsp_u16(const char *s, guint16 *out);
/* "SECONDS[.FRACTION]" (up to 9 fraction digits count) as ns; *end is set past the digits.
 * Does not need the whole token. */
gboolean tsp_seconds_ns(const char *s, const char **end, gint64 *out);
/* A numeric address; family 4, 6, or 0 for either. */
gboolean tsp_addr(const char *s, int family, ts_addr *out);
/* "a.b.c.d:port" or "[v6]:port"; s is cut in place. */
gboolean tsp_addr_port(char *s, ts_addr *addr, guint16 *port);
/* Splits off the next blank-separated token of *p (cut in place), NULL at the end. */
char *tsp_token(char **p);
/* TRUE when s is [-+]digits[.digits] */
gboolean tsp_is_number(const char *s, gsize len);

#endif
