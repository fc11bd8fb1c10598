/* An events file (named by the preferences or found beside the capture), read once per change
 * of the name, the format preference or the file itself (its size and modification time). */
#ifndef TCPSTATE_KERNEL_LOAD_H
#define TCPSTATE_KERNEL_LOAD_H

#include "events.h"

/* The events of want, NULL when want is NULL or could not be read (reported once, naming the
 * file). *path is want's copy, valid until the next call. */
const ts_events *kernel_load_events(const char *want, const char **path);
void kernel_load_free(void);

#endif
