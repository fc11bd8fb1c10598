/* Totals over a connection table (report sections C and D). */
#ifndef TCPSTATE_SUMMARY_H
#define TCPSTATE_SUMMARY_H

#include "conn_table.h"

typedef struct ts_summary {
    guint total, complete, reset, open, before_capture;
    /* Over complete connections only. */
    ts_acc duration; /* one value per connection */
    ts_acc packets;  /* one value per connection */
    ts_acc rtt;      /* every RTT sample */
    ts_acc window;   /* every segment's advertised window (scaled) */
} ts_summary;

void ts_summary_compute(const ts_table *t, ts_summary *out);

#endif
