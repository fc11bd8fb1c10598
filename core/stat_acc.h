/* Running minimum / mean / maximum of a series of values. */
#ifndef TCPSTATE_STAT_ACC_H
#define TCPSTATE_STAT_ACC_H

#include <glib.h>

typedef struct ts_acc {
    guint64 n;
    double sum, min, max;
} ts_acc;

static inline void ts_acc_add(ts_acc *a, double v)
{
    if (a->n == 0 || v < a->min)
        a->min = v;
    if (a->n == 0 || v > a->max)
        a->max = v;
    a->sum += v;
    a->n++;
}

static inline double ts_acc_mean(const ts_acc *a)
{
    return a->n ? a->sum / (double)a->n : 0.0;
}

#endif
