/* Helpers of the LTTng trace tests: comparing two loads event by event, counting by name. */
#ifndef TCPSTATE_LTTNG_COMPARE_H
#define TCPSTATE_LTTNG_COMPARE_H

#include "events.h"

/* NULL when a[first..first+n) and b[first..first+n) agree (time, name, kind, cpu, pid, comm,
 * every field, the typed part), else a description of the first difference (g_free it). */
char *lttng_first_difference(const ts_events *a, const ts_events *b, guint n);

/* name -> count (GUINT_TO_POINTER) over the events; free with g_hash_table_unref(). */
GHashTable *lttng_count_names(const ts_events *evs);

/* name -> count over babeltrace2 text lines: the token before the first ": {", found with plain
 * string splitting, independently of the parser. */
GHashTable *lttng_count_text_names(const char *text);

#endif
