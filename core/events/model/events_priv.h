/* Internal: how a ts_events stores its events, fields and strings; shared by the builder
 * (events_build.c) and the accessors (events.c). */
#ifndef TCPSTATE_EVENTS_PRIV_H
#define TCPSTATE_EVENTS_PRIV_H

#include "events.h"

struct ts_events_priv {
    GArray *events;                   /* ts_event; evs->ev points into it once finished */
    GArray *fields;                   /* ts_event_field */
    GStringChunk *strings;            /* interned strings and field values */
    GHashTable *interned;             /* set of the interned strings; dropped once finished */
    gsize string_bytes;               /* bytes put into strings, for ts_events_bytes() */
    guint32 *kind_pos[TS_EV_N_KINDS];
    guint kind_n[TS_EV_N_KINDS];
};

#endif
