/* Internal: what the two LTTng routes (babeltrace2 text, CTF through libbabeltrace2) share.
 * Both flatten an event's scopes into key=value fields the same way, in babeltrace2's printing
 * order (packet context, common context, specific context, payload):
 *   - integers as babeltrace2 prints them (decimal, 0x%X, 0%o, 0b...), bools true/false, reals %g;
 *   - strings unquoted and unescaped; an enumeration is its first label (its value when none);
 *   - a structure member is PREFIX.NAME; a variant is its selected option, under the variant's
 *     own name; an array of scalars is one field, the elements joined by ","; an array of
 *     compound elements gives PREFIX[i].NAME.
 * Then ts_lttng_map() fills the typed part of the event from those fields. */
#ifndef TCPSTATE_LTTNG_MAP_H
#define TCPSTATE_LTTNG_MAP_H

#include "events_build.h"

/* ev has ts_ns set and its fields added; the first n_ctx of them came from context scopes.
 * Sets name, kind, cpu, comm, pid and the union. NULL, or why the event is bad. */
const char *ts_lttng_map(ts_events_builder *b, ts_event *ev, const char *name, gsize name_len,
                         guint n_ctx);

/* An integer as babeltrace2 prints one ("-12", "0x1F", "017", "0b101"); FALSE when it is not. */
gboolean ts_lttng_int(const char *s, gint64 *out);

#endif
