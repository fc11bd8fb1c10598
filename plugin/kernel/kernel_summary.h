/* What the alignment and matching came to: the text of kernel_context_describe(), printed once
 * per file on stderr by tshark; and the note that one-pass tshark shows no kernel fields. */
#ifndef TCPSTATE_KERNEL_SUMMARY_H
#define TCPSTATE_KERNEL_SUMMARY_H

#include <glib.h>

/* Follows the capture files of kernel_context.c (their begin, all frames read, end). */
void kernel_summary_register(void);
/* A frame's first pass asked for kernel fields: a one-pass tshark run gets a note that they
 * need -2. */
void kernel_summary_one_pass_note(void);
/* The two halves of kernel_context_describe(): clock model, and matching. */
void kernel_summary_parts(GString *clock, GString *match);
/* When the events do not fit the capture (kernel_view.mismatch): appends the warning (file,
 * why, what to do) to out and returns TRUE. */
gboolean kernel_summary_mismatch(GString *out);
/* One line on the alignment and matching (offset, drift, anchors by type, residuals, match rate
 * overall and per kind, events outside the capture, bad lines), appended to out. Nothing when no
 * events file is loaded. */
void kernel_context_describe(GString *out);

#endif
