/* Internal: reading what is left of a CTF trace whose stream file is cut short. */
#ifndef TCPSTATE_CTF_SALVAGE_H
#define TCPSTATE_CTF_SALVAGE_H

#include <glib.h>

/* The stream file babeltrace2 could not index, from its error message. */
gboolean ts_ctf_broken_stream(const char *message, char **file);
/* Offsets (> 0) where the file's last packets start, the last first, at most max of them. */
GArray *ts_ctf_packet_starts(const char *file, guint max);
/* A temporary trace directory: dir's files, with file cut to its first cut bytes. NULL on
 * failure. */
char *ts_ctf_salvage_copy(const char *dir, const char *file, gsize cut);
/* Removes it and frees the path. */
void ts_ctf_salvage_remove(char *tmp);

#endif
