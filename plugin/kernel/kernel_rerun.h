/* tshark without -2 asked for kernel fields: run it again with -2. */
#ifndef TCPSTATE_KERNEL_RERUN_H
#define TCPSTATE_KERNEL_RERUN_H

/* Called when a file is opened with an events file set (events_path, already read). Returns
 * only when nothing was done (not tshark, already two passes, no kernel field asked for, not
 * reading a file, or an events file that cannot be read again such as a pipe: then it says
 * so) or when tshark could not be started again. */
void kernel_rerun_two_pass_if_needed(const char *events_path);

#endif
