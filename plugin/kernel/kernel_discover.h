/* Kernel events recorded beside a capture: for run.pcap (or run.pcapng, run.cap, ...), the
 * files tcpstate-record writes with it, run.ftrace.txt (with its run.manifest) or run.ebpf.txt,
 * or an LTTng trace of the same stem: run.lttng (a CTF trace directory) or run.lttng.txt
 * (babeltrace2 text). Plain GLib: no Wireshark. */
#ifndef TCPSTATE_KERNEL_DISCOVER_H
#define TCPSTATE_KERNEL_DISCOVER_H

#include <glib.h>

/* The events file beside capture_path, NULL when there is none. *why says how it was found
 * ("found beside the capture", and which manifest names it). Free both with g_free. */
char *kernel_discover_beside(const char *capture_path, char **why);

#endif
