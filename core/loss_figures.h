/* The loss and ordering figures of a connection, one table for every report form: their
 * names in JSON and CSV, their labels in the text report, and how each is read. */
#ifndef TCPSTATE_LOSS_FIGURES_H
#define TCPSTATE_LOSS_FIGURES_H

#include "conn.h"

typedef struct ts_loss_figure {
    const char *name;   /* JSON key and CSV column stem */
    const char *label;  /* text report */
    guint64 (*get)(const ts_conn *c, int d);      /* a count, or NULL: */
    double (*seconds)(const ts_conn *c, int d);   /* a time, 6 decimals */
} ts_loss_figure;

/* The figure as printed: a count, or seconds with 6 decimals. buf of at least 32 bytes. */
const char *ts_loss_figure_str(const ts_loss_figure *f, const ts_conn *c, int d, char *buf, gsize len);
/* The sum of both directions, printed. */
const char *ts_loss_figure_total_str(const ts_loss_figure *f, const ts_conn *c, char *buf, gsize len);
/* The figure is not zero in direction d. */
gboolean ts_loss_figure_nonzero(const ts_loss_figure *f, const ts_conn *c, int d);

extern const ts_loss_figure ts_loss_figures[];
extern const guint ts_loss_figure_count;

/* The connection has any figure above zero. */
gboolean ts_loss_any(const ts_conn *c);

#endif
