/* All connections of one capture, indexed by tcp.stream (dense from 0). */
#ifndef TCPSTATE_CONN_TABLE_H
#define TCPSTATE_CONN_TABLE_H

#include "conn.h"

typedef struct ts_table ts_table;

ts_table *ts_table_new(void);
void ts_table_free(ts_table *t);
/* Forget every connection (a new file, or a retap). */
void ts_table_reset(ts_table *t);

/* Feed one segment; out (may be NULL) gets what it did. Returns its connection. */
const ts_conn *ts_table_add(ts_table *t, const ts_segment *s, ts_seg_result *out);

/* Connections in stream order. */
guint ts_table_count(const ts_table *t);
const ts_conn *ts_table_nth(const ts_table *t, guint i);
const ts_conn *ts_table_lookup(const ts_table *t, guint32 stream);

/* Heap bytes held by the table, for the memory budget. */
gsize ts_table_bytes(const ts_table *t);

#endif
