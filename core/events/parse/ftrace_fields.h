/* Internal: decoding the key=value part of an ftrace line. */
#ifndef TCPSTATE_FTRACE_FIELDS_H
#define TCPSTATE_FTRACE_FIELDS_H

#include "events_build.h"

/* Fills ev (kind already set) from body, cut in place. Returns NULL, or why the line is bad:
 * a value that does not parse or a field the kind needs that is missing. */
const char *ts_ftrace_fields(ts_events_builder *b, ts_event *ev, char *body);

#endif
