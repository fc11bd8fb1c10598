/* Running minimum / mean / maximum / standard deviation of a series of values. */
#ifndef TCPSTATE_STAT_ACC_H
#define TCPSTATE_STAT_ACC_H

#include <glib.h>
#include <math.h>

typedef struct ts_acc {
    guint64 n;
    double sum, min, max;
    double sumsq; /* sum of the squares, for the standard deviation */
} ts_acc;

static inline void ts_acc_add(ts_acc *a, double v)
{
    if (a->n == 0 || v < a->min)
        a->min = v;
    if (a->n == 0 || v > a->max)
        a->max = v;
    a->sum += v;
    a->sumsq += v * v;
    a->n++;
}

static inline double ts_acc_mean(const ts_acc *a)
{
    return a->n ? a->sum / (double)a->n : 0.0;
}

/* The sample standard deviation (n - 1 in the denominator); 0 with fewer than 2 values. */
static inline double ts_acc_stddev(const ts_acc *a)
{
    if (a->n < 2)
        return 0.0;
    double var = (a->sumsq - a->sum * a->sum / (double)a->n) / (double)(a->n - 1);
    return var > 0 ? sqrt(var) : 0.0;
}

#endif
