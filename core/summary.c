#include "summary.h"

#include <string.h>

static void merge(ts_acc *into, guint64 n, double sum, double sumsq, double min, double max)
{
    if (n == 0)
        return;
    if (into->n == 0 || min < into->min)
        into->min = min;
    if (into->n == 0 || max > into->max)
        into->max = max;
    into->sum += sum;
    into->sumsq += sumsq;
    into->n += n;
}

void ts_summary_compute(const ts_table *t, ts_summary *out)
{
    memset(out, 0, sizeof *out);
    guint n = ts_table_count(t);
    out->total = n;
    for (guint i = 0; i < n; i++) {
        const ts_conn *c = ts_table_nth(t, i);
        out->reset += ts_conn_reset(c);
        out->open += ts_conn_open(c);
        out->before_capture += ts_conn_before_capture(c);
        if (!ts_conn_complete(c))
            continue;
        out->complete++;
        ts_acc_add(&out->duration, ts_conn_duration(c));
        ts_acc_add(&out->packets, ts_conn_packets(c));
        merge(&out->rtt, c->rtt.n, c->rtt.sum, c->rtt.sumsq, c->rtt.min, c->rtt.max);
        /* no sum of squares is kept for windows: their standard deviation is not reported */
        merge(&out->window, ts_conn_window_samples(c), (double)c->win_sum, 0, c->win_min, c->win_max);
    }
}
