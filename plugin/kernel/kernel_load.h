/* The events file named by the preferences, read once per change of the preferences or of
 * the file itself (its size and modification time). */
#ifndef TCPSTATE_KERNEL_LOAD_H
#define TCPSTATE_KERNEL_LOAD_H

#include "events.h"

/* The events, NULL when no file is set or it could not be read (reported once, naming the
 * file). *path is the file's name as set, valid until the next call. */
const ts_events *kernel_load_events(const char **path);
void kernel_load_free(void);

#endif
