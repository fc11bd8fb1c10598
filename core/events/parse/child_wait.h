/* Internal: waiting for a child process for a bounded time. */
#ifndef TCPSTATE_CHILD_WAIT_H
#define TCPSTATE_CHILD_WAIT_H

#include <glib.h>
#include <sys/types.h>

/* Waits for child pid to end, for at most seconds. TRUE when it ended (its wait status in
 * *status); FALSE when it was still running then (it is killed and reaped) or cannot be
 * waited for. */
gboolean ts_child_wait(pid_t pid, guint seconds, int *status);

#endif
