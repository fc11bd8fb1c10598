#include "child_wait.h"

#include <errno.h>
#include <signal.h>
#include <sys/wait.h>

gboolean ts_child_wait(pid_t pid, guint seconds, int *status)
{
    gint64 deadline = g_get_monotonic_time() + (gint64)seconds * G_USEC_PER_SEC;
    gulong pause = 1000; /* microseconds, doubled up to 50 ms */
    for (;;) {
        pid_t done = waitpid(pid, status, WNOHANG);
        if (done == pid)
            return TRUE;
        if (done < 0 && errno != EINTR)
            return FALSE;
        if (g_get_monotonic_time() >= deadline) {
            kill(pid, SIGKILL);
            while (waitpid(pid, status, 0) < 0 && errno == EINTR)
                ;
            return FALSE;
        }
        g_usleep(pause);
        pause = MIN(pause * 2, 50000);
    }
}
