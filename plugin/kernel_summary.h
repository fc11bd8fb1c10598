/* What the alignment and matching came to: the text of kernel_context_describe(), printed once
 * per file on stderr by tshark; and the note that one-pass tshark shows no kernel fields. */
#ifndef TCPSTATE_KERNEL_SUMMARY_H
#define TCPSTATE_KERNEL_SUMMARY_H

#include <glib.h>

void kernel_summary_file_init(void);
void kernel_summary_free(void);
/* Why no clock model was found, NULL when one was. */
void kernel_summary_set_align_error(const char *why);
/* The whole file was read (tshark -2 after its first pass, Wireshark after loading). */
void kernel_summary_all_frames(void);
/* The file is closed. */
void kernel_summary_file_end(void);
/* A frame's first pass asked for kernel fields: a one-pass tshark run gets a note that they
 * need -2. */
void kernel_summary_one_pass_note(void);
/* The two halves of kernel_context_describe(): clock model, and matching. */
void kernel_summary_parts(GString *clock, GString *match);

#endif
