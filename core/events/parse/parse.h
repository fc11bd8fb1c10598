/* Stage 1, parse: reading event files.
 * In: a path (ftrace text, trace-cmd report, the eBPF tool's rows, LTTng as babeltrace2 text or a
 * CTF trace directory) or a buffer. Out: ts_events (model/events.h), with the lines it could
 * not read counted and named. Depends on the model only. */
#ifndef TCPSTATE_PARSE_H
#define TCPSTATE_PARSE_H

#include "events_build.h"

/* Reads a file (memory-mapped). fmt TS_EVENTS_AUTO detects the format; an empty file is then an
 * error, while a forced format gives an empty result. NULL + err (whose message names the file)
 * when the file is missing, unreadable, empty or of no known format. A directory, or a CTF
 * `metadata` file, is read as a CTF trace (TS_EVENTS_AUTO or TS_EVENTS_CTF). */
ts_events *ts_events_load(const char *path, ts_event_format fmt, GError **err);
/* The same, reading at most max_bytes of a text file: a larger file, or a device or pipe that
 * gives more (/dev/zero, an endless FIFO), is an error (TS_EVENTS_ERROR_TOO_BIG) once that
 * much was read. Files whose size says 0 (/proc) and pipes are read by content.
 * ts_events_load() uses TS_EVENTS_DEFAULT_MAX_BYTES. CTF traces are not bounded here. */
#define TS_EVENTS_DEFAULT_MAX_BYTES ((guint64)1024 * 1024 * 1024)
ts_events *ts_events_load_limited(const char *path, ts_event_format fmt, guint64 max_bytes, GError **err);
/* The same from memory; name is used in messages. data need not be NUL-terminated. */
ts_events *ts_events_parse_buffer(const char *data, gsize len, const char *name,
                                  ts_event_format fmt, GError **err);
/* The format the first lines look like, TS_EVENTS_AUTO when none. */
ts_event_format ts_events_detect(const char *data, gsize len);

/* One line, NUL-terminated and writable (parsers cut it up in place). */
ts_parse_result ts_parse_ftrace_line(ts_events_builder *b, char *line, const char **why);
ts_parse_result ts_parse_ebpf_line(ts_events_builder *b, char *line, const char **why);
ts_parse_result ts_parse_lttng_text_line(ts_events_builder *b, char *line, const char **why);

/* CTF traces (ctf_reader.c): a directory, or the directory of a `metadata` file. */
gboolean ts_ctf_metadata_file(const char *path);
ts_events *ts_ctf_load(const char *path, GError **err);

#endif
