/* Test fixtures: packets from tshark's field output (see captures/events/README.md), and paths. */
#ifndef TCPSTATE_EVENTS_FIXTURES_H
#define TCPSTATE_EVENTS_FIXTURES_H

#include "events.h"
#include "wire.h"

/* Reads a "tshark -T fields -E header=y" dump with the columns named in the README; columns are
 * found by their header name. Aborts the test on a malformed file. Free with g_free(). */
ts_wire_packet *wire_fixture_load(const char *path, guint *n);

/* captures/events/NAME; free with g_free(). */
char *fixture_path(const char *name);

/* Loads captures/events/NAME (format detected), failing the test on an error. */
ts_events *fixture_events(const char *name);
/* Packets of captures/events/NAME (a .packets.tsv). */
ts_wire_packet *fixture_packets(const char *name, guint *n);

/* How many events of a kind. */
guint count_kind(const ts_events *evs, ts_event_kind kind);
/* The event that came from line LINE of the file (NULL when none). */
const ts_event *event_at_line(const ts_events *evs, guint line);
/* A file in a new temporary directory holding text; free with remove_temp(). */
char *write_temp(const char *name, const char *text, gsize len);
void remove_temp(char *path);
/* Removes a directory and everything below it. */
void remove_tree(const char *dir);

#endif
