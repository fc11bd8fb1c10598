/* Preferences of the kernel event import: events_file, events_format, kernel_offset. */
#ifndef TCPSTATE_KERNEL_PREFS_H
#define TCPSTATE_KERNEL_PREFS_H

#include <epan/prefs.h>

#include "events.h"

void kernel_prefs_register(module_t *m);

/* The events file, NULL when none is set. */
const char *kernel_prefs_events_file(void);
/* Look for events beside the capture when no events file is set (default TRUE). */
gboolean kernel_prefs_events_beside(void);
ts_event_format kernel_prefs_format(void);
/* The largest events file read (preference events_max_mb), in bytes. */
guint64 kernel_prefs_max_bytes(void);
/* TRUE and the offset when kernel_offset holds one. A value that is not a number of seconds
 * is reported once (naming the preference and the value) and treated as empty. */
gboolean kernel_prefs_offset(gint64 *offset_ns);
/* The preferences were applied (tshark's -o, Wireshark's Preferences dialog): a bad
 * kernel_offset is reported now, not when events are next aligned. */
void kernel_prefs_applied(void);
/* fn is called each time the preferences are applied (what depends on them is read by a UI
 * before any tap runs: the Statistics dialog's columns). */
void kernel_prefs_on_applied(void (*fn)(void));
void kernel_prefs_free(void);

#endif
