/* The handshake and flow figures of a connection (flight.h), one table for every report
 * form: their names in JSON and CSV, their labels in the text report, and how each is read.
 * Each is per direction, and may be unknown (JSON null, an empty CSV cell, "n/a"). */
#ifndef TCPSTATE_FLIGHT_FIGURES_H
#define TCPSTATE_FLIGHT_FIGURES_H

#include "conn.h"

typedef struct ts_flight_figure {
    const char *name;   /* JSON key and CSV column stem */
    const char *label;  /* text report */
    gboolean boolean;   /* a yes/no figure (JSON true/false, CSV 1/0) */
    gboolean (*get)(const ts_conn *c, int d, guint32 *v); /* FALSE when not known */
} ts_flight_figure;

extern const ts_flight_figure ts_flight_figures[];
extern const guint ts_flight_figure_count;

/* The figure as JSON (a number, true/false or null) or as a CSV cell (a number, 1/0 or
 * nothing) or as text (a number, yes/no or n/a). buf of at least 16 bytes. */
typedef enum { TS_FIGURE_JSON, TS_FIGURE_CSV, TS_FIGURE_TEXT } ts_figure_form;
const char *ts_flight_figure_str(const ts_flight_figure *f, const ts_conn *c, int d, ts_figure_form form,
                                 char *buf, gsize len);

#endif
