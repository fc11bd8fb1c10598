/* Internal: how the line parsers add events to a ts_events being built. */
#ifndef TCPSTATE_EVENTS_BUILD_H
#define TCPSTATE_EVENTS_BUILD_H

#include "events.h"

#define TSB_MAX_EXTRA 16

typedef struct ts_events_builder {
    ts_events *evs;
    const char *name;                 /* file name for messages */
    guint line_no;
    const char *kind_name[TS_EV_N_KINDS];  /* interned tracepoint names, filled on first use */
    const char *last_comm;            /* one-entry cache: consecutive lines mostly share a task */
    /* eBPF layout: extra columns named by the header after TCP_DESCRIPTION */
    gboolean saw_header;
    guint n_extra;
    const char *extra_name[TSB_MAX_EXTRA];
    char why[80];                     /* room for a bad line's reason that names a field */
    /* babeltrace2 text printed as time of day: days added after passing midnight */
    gint64 tod_last_ns, tod_days_ns;
    char lt_key[256];                 /* LTTng: a flattened field name being built */
} ts_events_builder;

/* What a parser made of one line. */
typedef enum { TSP_EVENT, TSP_SKIP, TSP_BAD } ts_parse_result;

void tsb_init(ts_events_builder *b, const char *name, ts_event_format fmt);
/* Room for n events, so that adding them copies nothing. */
void tsb_reserve(ts_events_builder *b, guint n);
/* Sorts, indexes and hands over the result; the builder is spent. */
ts_events *tsb_finish(ts_events_builder *b);
void tsb_discard(ts_events_builder *b);

/* Interning: the returned string lives as long as the ts_events. */
const char *tsb_intern(ts_events_builder *b, const char *s);
const char *tsb_intern_len(ts_events_builder *b, const char *s, gsize len);
const char *tsb_comm(ts_events_builder *b, const char *s, gsize len);
const char *tsb_kind_name(ts_events_builder *b, ts_event_kind kind);

/* A new zeroed event for the current line (pid and cpu -1); valid until the next tsb_push(). */
ts_event *tsb_push(ts_events_builder *b);
/* Drops the event just pushed and its fields (the line turned out bad). */
void tsb_pop(ts_events_builder *b);
/* Appends a key=value pair to the last pushed event. FALSE when it has too many. */
gboolean tsb_add_field(ts_events_builder *b, const char *key, const char *value);

#endif
