/* tshark reading a file in one pass prints each frame as soon as it is dissected: fields that
 * need the whole capture (a connection's final state, the DNS lookup that comes before the
 * connection it served, kernel events aligned on the whole capture) would show the state so
 * far. When such fields are asked for, tshark is started again, before it has printed anything,
 * with the same arguments and -2 in front. */
#ifndef TCPSTATE_TWO_PASS_H
#define TCPSTATE_TWO_PASS_H

#include <glib.h>

/* what: the fields asked for ("kernel fields", "whole-connection fields"). reread: a file that
 * the restarted tshark reads again (the events file), NULL for none. Returns when nothing was
 * done (not tshark, already two passes, not reading a file, or a reread file that cannot be
 * read a second time, such as a pipe: then it says so) or when tshark could not be started
 * again. */
void two_pass_rerun(const char *what, const char *reread);

/* TRUE when this tshark runs two passes (-2, given or added by two_pass_rerun). */
gboolean two_pass_running(void);

#endif
