/* What the tables of the Statistics dialogs (gui_table.c, gui_processes.c) share: text cells
 * padded so that sorting the text sorts the numbers, and the check of a -z argument. */
#ifndef TCPSTATE_TABLE_CELLS_H
#define TCPSTATE_TABLE_CELLS_H

#include <epan/packet.h>
#include <epan/stat_tap_ui.h>

/* Each padded cell is a buffer of this many bytes, written in place. */
#define TS_PAD_CAP 32

/* Writes text into row's cell of column col right-aligned to *width, the column's widest
 * value so far; a wider value widens the column and pads the cells of table written before.
 * An empty text empties the cell. */
void ts_cell_set_padded(stat_tap_table *table, guint *width, stat_tap_table_item_type *row, guint col,
                        const char *text);

/* A -z argument for the form cli: "cli" or "cli,<filter>", once per run (*accepted counts
 * them); otherwise *filter becomes NULL and *err says why. */
void ts_cell_filter_check(const char *cli, guint *accepted, const char *opt_arg, const char **filter, char **err);

#endif
