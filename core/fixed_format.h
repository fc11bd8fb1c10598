/* Numbers as printf's "%.Nf" and "%u" write them, without printf: the text report prints
 * some twenty numbers per connection, and a capture may hold millions of connections. */
#ifndef TCPSTATE_FIXED_FORMAT_H
#define TCPSTATE_FIXED_FORMAT_H

#include <glib.h>

/* Room for any double with up to 9 decimals (1e308 has 309 digits). */
#define TS_FORMAT_FIXED_LEN 330

/* Writes x with `decimals` (0 to 9) digits after the point, exactly as printf("%.*f") does
 * (the binary value rounded to nearest, ties to even), into buf (TS_FORMAT_FIXED_LEN bytes);
 * returns the length. */
gsize ts_format_fixed(char *buf, double x, int decimals);
/* Writes v in decimal; returns the length. buf holds at least 21 bytes. */
gsize ts_format_uint(char *buf, guint64 v);

#endif
