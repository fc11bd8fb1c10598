/* Tables from a pair of endpoints to the positions (packets, streams) filed under it, in the
 * order they were added: the indexes of the packet array and of the capture's connections. */
#ifndef TCPSTATE_FLOW_TABLE_H
#define TCPSTATE_FLOW_TABLE_H

#include <glib.h>

#include "segment.h"

/* Always built by ts_flow_key_make(), zeroed first, so that padding compares equal. */
typedef struct ts_flow_key {
    ts_addr a, b;
    guint16 pa, pb;
} ts_flow_key;

/* a or b may be NULL: a key without that address. */
ts_flow_key ts_flow_key_make(const ts_addr *a, guint16 pa, const ts_addr *b, guint16 pb);

GHashTable *ts_flow_table_new(void);
void ts_flow_table_add(GHashTable *t, const ts_flow_key *k, guint32 pos);
/* The positions filed under k (a GArray of guint32), NULL when none. */
const GArray *ts_flow_table_get(GHashTable *t, const ts_flow_key *k);

/* GDestroyNotify of a GArray, for other tables of position lists. */
void ts_flow_positions_free(gpointer positions);

#endif
