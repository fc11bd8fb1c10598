/* Statistics > TCP Connection States and > TCP Connection Counts (Wireshark), and
 * -z tcpstate,table[,filter] and -z tcpstate,counts[,filter] (tshark).
 *
 * Two stat_tap_table_ui: "TCP Connection States", one row per connection, and "TCP Connection
 * Counts", one row per count (all, complete, reset, open, before capture). The rows are fed
 * from connection tables of the core (ts_table_add on the segments of the tcpstate.segment
 * tap, segment_tap.h), so the rules are those of the reports. The counts have a dialog of their
 * own: in one dialog they would sit under the connections' header (every table of a dialog
 * shares its columns) and be saved as connections.
 *
 * How Wireshark drives a stat_tap_table_ui (epan/stat_tap_ui.c,
 * ui/qt/simple_statistics_dialog.cpp, ui/cli/tap-simple_stattable.c), 4.0 to 4.6:
 * - every dialog of a statistic shares the one registered ui and its `tables`
 *   (a reference count frees them with free_stat_tables() when the last dialog closes);
 * - a dialog takes its header from the ui's fields/nfields when it is created; each
 *   (re)tap calls the init callback, then the reset callback per table, then the packet
 *   callback per packet; the dialog's tree items keep pointers to the row arrays and read
 *   them again when sorting or exporting; after each tap run it sorts by the first column;
 * - with one table the dialog shows its rows without the table's title;
 * - a cell is drawn by its type: 4.0 ignores field_format (floats get 6 decimals), later
 *   series use it; Copy and Save as export a float at full precision, and a cell of type
 *   TABLE_ITEM_NONE is left out of the saved row (the later cells move left); sorting
 *   compares the cells of a column by the type of one of them (mixed types would compare
 *   a number as a pointer);
 * - tshark calls the init callback once, never resets, and prints each row with the
 *   column's type and field_format, stopping at the first TABLE_ITEM_NONE cell.
 * Hence: every cell of a row has the column's type; floats are stored rounded to the
 * decimals shown (Save as then writes what the dialog shows); values that may not exist
 * (RTT without samples, kernel facts) are text we format, empty when there is none and
 * otherwise padded to the width of the column's widest value, so that sorting the text
 * sorts the numbers; the core's table lives in a state created with the tables and freed
 * with them (the free_item callback sees the first cell of the first row go; tables freed
 * without rows leave it to the next init); a reset keeps the row arrays (zeroed, for reuse)
 * so that no dialog is left pointing at freed memory.
 *
 * With an events file the kernel columns (process of each end, retransmissions by the kernel
 * and on the wire, max cwnd, mean srtt) come last and are filled from kernel_context_view(),
 * once per row and tap run, once every frame of the file has had its first pass
 * (kernel_context_all_frames_read(): Wireshark after loading or dissecting the file again,
 * tshark -2 after its first pass): aligning the clocks needs the whole capture. Without one
 * the ui's nfields leaves them out (set when the preferences are applied and when a file has
 * been read, for the dialogs opened afterwards, and at each init, for tshark). tshark runs
 * -z tcpstate,table with an events file as tshark -2 (plugin/base/two_pass.c). */
#include <stdio.h>
#include <string.h>

#include <epan/packet.h>
#include <epan/stat_tap_ui.h>
#include <epan/tap.h>

#include "conn_table.h"
#include "gui_table.h"
#include "kernel_conn.h"
#include "kernel_context.h"
#include "kernel_prefs.h"
#include "segment_tap.h"
#include "table_cells.h"
#include "tcpstate_proto.h"

#define CLI_STRING "tcpstate,table"
#define COUNTS_CLI_STRING "tcpstate,counts"
/* Printed by tshark above the rows; the dialog shows no title for its one table. */
#define CONN_TITLE "Connections (Conn is tcp.stream; display filter for a row: tcpstate.conn == Conn)"
#define COUNTS_TITLE "Connection counts"
/* The field of the Conn column. Wireshark's table dialog offers no "Apply as Filter"
 * (only its Service Response Time dialog combines a table's filter_string with a row, as
 * "<filter_string>==<first column>"); set in that form for any UI that does. */
#define CONN_FILTER_FIELD "tcpstate.conn"

enum {
    COL_CONN,
    COL_SRC,
    COL_SPORT,
    COL_DST,
    COL_DPORT,
    COL_STATUS,
    COL_START,
    COL_DURATION,
    COL_PKTS_AB,
    COL_PKTS_BA,
    COL_BYTES_AB,
    COL_BYTES_BA,
    COL_WIN_MIN,
    COL_WIN_MEAN,
    COL_WIN_MAX,
    COL_RTT_N,
    COL_RTT_MIN, /* text, empty without samples */
    COL_RTT_MEAN,
    COL_RTT_MAX,
    COL_RESENT_AB, /* loss and ordering (core/loss.c) */
    COL_RESENT_BA,
    COL_DUP_ACKS,
    COL_MISSED,
    COL_FLIGHT_AB, /* text: most bytes in flight (core/flight.c), empty while unknown */
    COL_FLIGHT_BA,
    COL_PROC_A, /* kernel columns: only with an events file, text, empty without facts */
    COL_PROC_B,
    COL_RETRANS_KERNEL,
    COL_RETRANS_WIRE,
    COL_MAX_CWND,
    COL_MEAN_SRTT,
    NCOLS
};
#define NCOLS_WIRE COL_PROC_A /* the columns without an events file */

#define ARROW "\xe2\x86\x92" /* U+2192 */
#define RTT_DECIMALS 3       /* in ms: whole microseconds */

/* No tooltip can be given to a column through stat_tap_table_item (4.0 to 4.6): the names
 * say the unit, and what Status means. docs/reference.md has the rest. */
static stat_tap_table_item fields[NCOLS] = {
    {TABLE_ITEM_UINT, TAP_ALIGN_RIGHT, "Conn", "%u"},
    {TABLE_ITEM_STRING, TAP_ALIGN_LEFT, "Source", "%s"},
    {TABLE_ITEM_UINT, TAP_ALIGN_RIGHT, "Src port", "%u"},
    {TABLE_ITEM_STRING, TAP_ALIGN_LEFT, "Destination", "%s"},
    {TABLE_ITEM_UINT, TAP_ALIGN_RIGHT, "Dst port", "%u"},
    {TABLE_ITEM_STRING, TAP_ALIGN_LEFT, "Status (S SYNs, F FINs, /R reset)", "%s"},
    {TABLE_ITEM_FLOAT, TAP_ALIGN_RIGHT, "Start (s)", "%.6f"},
    {TABLE_ITEM_FLOAT, TAP_ALIGN_RIGHT, "Duration (s)", "%.6f"},
    {TABLE_ITEM_UINT, TAP_ALIGN_RIGHT, "Packets A" ARROW "B", "%u"},
    {TABLE_ITEM_UINT, TAP_ALIGN_RIGHT, "Packets B" ARROW "A", "%u"},
    {TABLE_ITEM_UINT, TAP_ALIGN_RIGHT, "Bytes A" ARROW "B", "%u"},
    {TABLE_ITEM_UINT, TAP_ALIGN_RIGHT, "Bytes B" ARROW "A", "%u"},
    {TABLE_ITEM_UINT, TAP_ALIGN_RIGHT, "Window min (bytes)", "%u"},
    {TABLE_ITEM_UINT, TAP_ALIGN_RIGHT, "Window mean (bytes)", "%u"}, /* rounded to whole bytes */
    {TABLE_ITEM_UINT, TAP_ALIGN_RIGHT, "Window max (bytes)", "%u"},
    {TABLE_ITEM_UINT, TAP_ALIGN_RIGHT, "RTT samples", "%u"},
    {TABLE_ITEM_STRING, TAP_ALIGN_RIGHT, "RTT min (ms)", "%s"},
    {TABLE_ITEM_STRING, TAP_ALIGN_RIGHT, "RTT mean (ms)", "%s"},
    {TABLE_ITEM_STRING, TAP_ALIGN_RIGHT, "RTT max (ms)", "%s"},
    {TABLE_ITEM_UINT, TAP_ALIGN_RIGHT, "Re-sent A" ARROW "B", "%u"},
    {TABLE_ITEM_UINT, TAP_ALIGN_RIGHT, "Re-sent B" ARROW "A", "%u"},
    {TABLE_ITEM_UINT, TAP_ALIGN_RIGHT, "Dup ACKs", "%u"},
    {TABLE_ITEM_UINT, TAP_ALIGN_RIGHT, "Missed bytes", "%u"},
    {TABLE_ITEM_STRING, TAP_ALIGN_RIGHT, "Max in flight A" ARROW "B", "%s"},
    {TABLE_ITEM_STRING, TAP_ALIGN_RIGHT, "Max in flight B" ARROW "A", "%s"},
    {TABLE_ITEM_STRING, TAP_ALIGN_LEFT, "Process A", "%s"},
    {TABLE_ITEM_STRING, TAP_ALIGN_LEFT, "Process B", "%s"},
    {TABLE_ITEM_STRING, TAP_ALIGN_RIGHT, "Retransmits (kernel)", "%s"},
    {TABLE_ITEM_STRING, TAP_ALIGN_RIGHT, "Retransmits (wire)", "%s"},
    {TABLE_ITEM_STRING, TAP_ALIGN_RIGHT, "Max cwnd (segments)", "%s"},
    {TABLE_ITEM_STRING, TAP_ALIGN_RIGHT, "Mean srtt (ms)", "%s"},
};

static gboolean is_padded(guint col)
{
    return col == COL_RTT_MIN || col == COL_RTT_MEAN || col == COL_RTT_MAX || col == COL_FLIGHT_AB ||
           col == COL_FLIGHT_BA || col == COL_RETRANS_KERNEL ||
           col == COL_RETRANS_WIRE || col == COL_MAX_CWND || col == COL_MEAN_SRTT;
}

/* The counts: what is counted (text) and the count. */
enum { SUM_TOTAL, SUM_COMPLETE, SUM_RESET, SUM_OPEN, SUM_BEFORE, NSUM };
enum { SUM_COL_LABEL, SUM_COL_COUNT, SUM_COLS };
/* The dialog sorts the rows by the first column after each tap run: these labels keep the
 * report's order (section C, after the total) in that sort. */
static const char *const summary_labels[NSUM] = {
    "All connections", "Complete", "Reset", "Still open when the capture ended",
    "Up before the capture started",
};

static stat_tap_table_item count_fields[SUM_COLS] = {
    {TABLE_ITEM_STRING, TAP_ALIGN_LEFT, "Connections", "%s"},
    {TABLE_ITEM_UINT, TAP_ALIGN_RIGHT, "Count", "%u"},
};

typedef struct gui_state {
    ts_table *conns;        /* the core's connections of the current tap run */
    GArray *row_of;         /* guint32 per stream: its row + 1, 0 when it has none */
    GPtrArray *spare;       /* zeroed row arrays of an earlier run, for reuse */
    stat_tap_table *table;  /* the connections, or the counts */
    guint width[NCOLS];     /* padded columns: the width of the widest value */
} gui_state;

static gui_state *conn_state, *count_state;
static stat_tap_table_ui conn_ui, count_ui;

/* Kernel columns when events are in use: tshark knows it as it starts (a file set, or one
 * beside its -r file); Wireshark once the file is read (events beside it are looked for at
 * its first frame). */
static guint conn_columns(void)
{
    gboolean events = tcpstate_in_tshark() ? kernel_context_expects_events()
                                           : kernel_prefs_events_file() || kernel_context_collecting();
    return events ? NCOLS : NCOLS_WIRE;
}

/* A dialog reads nfields when it opens (after the preferences were applied or the file was
 * read); tshark when it prints. */
static void columns_changed(void)
{
    conn_ui.nfields = conn_columns();
}

static gui_state *state_new(void)
{
    gui_state *st = g_new0(gui_state, 1);
    st->conns = ts_table_new();
    st->row_of = g_array_new(FALSE, TRUE, sizeof(guint32));
    st->spare = g_ptr_array_new_with_free_func(g_free);
    return st;
}

static void state_free(gui_state **st)
{
    ts_table_free((*st)->conns);
    g_array_free((*st)->row_of, TRUE);
    g_ptr_array_free((*st)->spare, TRUE); /* its free function is g_free */
    g_free(*st);
    *st = NULL;
}

static void free_strings(stat_tap_table_item_type *row, guint from, guint n)
{
    for (guint i = from; i < n; i++) {
        if (row[i].type == TABLE_ITEM_STRING) {
            g_free((char *)row[i].value.string_value);
            row[i].value.string_value = NULL;
        }
    }
}

/* Forget every connection. Row arrays are kept (zeroed) rather than freed: a dialog
 * sharing these tables may still hold pointers to them until its next retap. */
static void reset_connections(gui_state *st)
{
    stat_tap_table *t = st->table;
    for (guint i = 0; i < t->num_elements; i++) {
        free_strings(t->elements[i], 0, NCOLS);
        memset(t->elements[i], 0, NCOLS * sizeof(stat_tap_table_item_type));
        g_ptr_array_add(st->spare, t->elements[i]);
    }
    g_free(t->elements);
    t->elements = NULL;
    t->num_elements = 0;
    ts_table_reset(st->conns);
    g_array_set_size(st->row_of, 0);
    memset(st->width, 0, sizeof st->width);
}

static void reset_counts(gui_state *st)
{
    stat_tap_table *t = st->table;
    for (guint i = 0; i < t->num_elements; i++)
        t->elements[i][SUM_COL_COUNT].value.uint_value = 0;
    ts_table_reset(st->conns);
}

/* Each ui has callbacks of its own: a state left behind by tables freed without rows (no
 * free_item call tells) is dropped by its own ui's next init, and must not be taken for a
 * table of the other ui allocated at the same address meanwhile. */
static void conn_reset(stat_tap_table *table)
{
    if (conn_state && table == conn_state->table)
        reset_connections(conn_state);
}

static void count_reset(stat_tap_table *table)
{
    if (count_state && table == count_state->table)
        reset_counts(count_state);
}

static void conn_init(stat_tap_table_ui *ui)
{
    columns_changed();
    if (conn_state && (!ui->tables || ui->tables->len == 0)) {
        /* The tables were freed without a row (a filter that matched nothing): no
         * free_item call told; drop the state that points at them. */
        state_free(&conn_state);
    }
    if (conn_state) {
        reset_connections(conn_state);
        /* The rows have room for every column; the events file may have changed. */
        conn_state->table->num_fields = (guint)ui->nfields;
        return;
    }
    conn_state = state_new();
    conn_state->table = stat_tap_init_table(CONN_TITLE, (int)ui->nfields, 0, CONN_FILTER_FIELD);
    stat_tap_add_table(ui, conn_state->table);
}

static void count_init(stat_tap_table_ui *ui)
{
    if (count_state && (!ui->tables || ui->tables->len == 0))
        state_free(&count_state);
    if (count_state) {
        reset_counts(count_state);
        return;
    }
    count_state = state_new();
    count_state->table = stat_tap_init_table(COUNTS_TITLE, SUM_COLS, 0, NULL);
    stat_tap_add_table(ui, count_state->table);
    for (guint i = 0; i < NSUM; i++) {
        stat_tap_table_item_type items[SUM_COLS];
        memset(items, 0, sizeof items);
        items[SUM_COL_LABEL].type = TABLE_ITEM_STRING;
        items[SUM_COL_LABEL].value.string_value = g_strdup(summary_labels[i]);
        items[SUM_COL_COUNT].type = TABLE_ITEM_UINT;
        stat_tap_init_table_row(count_state->table, i, SUM_COLS, items);
    }
}

static void free_cell(stat_tap_table_item_type *cell)
{
    if (cell->type == TABLE_ITEM_STRING) {
        g_free((char *)cell->value.string_value);
        cell->value.string_value = NULL;
    }
}

/* Called by free_stat_tables() for every cell (column < num_fields) of every table, before
 * it frees them. */
static void conn_free_item(stat_tap_table *table, guint row, guint column, stat_tap_table_item_type *cell)
{
    free_cell(cell);
    if (row == 0 && column == 0 && conn_state && table == conn_state->table) {
        /* No row is freed yet: the cells past num_fields (kernel columns left out) go now. */
        for (guint i = 0; i < table->num_elements; i++)
            free_strings(table->elements[i], table->num_fields, NCOLS);
        state_free(&conn_state);
    }
}

static void count_free_item(stat_tap_table *table, guint row, guint column, stat_tap_table_item_type *cell)
{
    free_cell(cell);
    if (row == 0 && column == 0 && count_state && table == count_state->table)
        state_free(&count_state);
}

/* Floats are stored as they are shown, so that Save as writes the same digits. */
static double round_to(double v, double scale)
{
    double s = v * scale;
    return (double)(gint64)(s < 0 ? s - 0.5 : s + 0.5) / scale;
}

static void set_padded(gui_state *st, stat_tap_table_item_type *row, guint col, const char *text)
{
    ts_cell_set_padded(st->table, &st->width[col], row, col, text);
}

static void set_padded_ms(gui_state *st, stat_tap_table_item_type *row, guint col, double ms)
{
    char text[TS_PAD_CAP];
    g_snprintf(text, sizeof text, "%.*f", RTT_DECIMALS, ms);
    set_padded(st, row, col, text);
}

static void set_padded_uint(gui_state *st, stat_tap_table_item_type *row, guint col, guint v)
{
    char text[TS_PAD_CAP];
    g_snprintf(text, sizeof text, "%u", v);
    set_padded(st, row, col, text);
}

static stat_tap_table_item_type *new_row(gui_state *st, const ts_conn *c, guint32 *row_index)
{
    stat_tap_table *t = st->table;
    stat_tap_table_item_type *row;
    if (st->spare->len)
        row = g_ptr_array_steal_index_fast(st->spare, st->spare->len - 1);
    else
        row = g_new0(stat_tap_table_item_type, NCOLS);
    *row_index = t->num_elements;
    t->elements = g_renew(stat_tap_table_item_type *, t->elements, t->num_elements + 1);
    t->elements[t->num_elements++] = row;

    char buf[TS_ADDR_STRLEN];
    for (guint i = 0; i < NCOLS; i++) {
        row[i].type = fields[i].type;
        if (is_padded(i))
            row[i].value.string_value = g_malloc0(TS_PAD_CAP);
        else if (fields[i].type == TABLE_ITEM_STRING)
            row[i].value.string_value = g_strdup("");
    }
    row[COL_CONN].value.uint_value = c->stream;
    g_free((char *)row[COL_SRC].value.string_value);
    row[COL_SRC].value.string_value = g_strdup(ts_addr_to_str(c->src, buf, sizeof buf));
    row[COL_SPORT].value.uint_value = c->sport;
    g_free((char *)row[COL_DST].value.string_value);
    row[COL_DST].value.string_value = g_strdup(ts_addr_to_str(c->dst, buf, sizeof buf));
    row[COL_DPORT].value.uint_value = c->dport;
    row[COL_RTT_N].user_data.uint_value = 0; /* the samples the RTT cells were written for */
    row[COL_FLIGHT_AB].user_data.uint_value = 0; /* the value the cell was written for */
    row[COL_FLIGHT_BA].user_data.uint_value = 0;
    return row;
}

static guint clamp_uint(guint64 v)
{
    return v > G_MAXUINT ? G_MAXUINT : (guint)v;
}

/* Only this connection's row changes. */
static void update_row(gui_state *st, stat_tap_table_item_type *row, const ts_conn *c)
{
    char status[TS_STATUS_LEN];
    ts_conn_status(c, status, sizeof status);
    if (strcmp(row[COL_STATUS].value.string_value, status) != 0) {
        g_free((char *)row[COL_STATUS].value.string_value);
        row[COL_STATUS].value.string_value = g_strdup(status);
    }
    row[COL_START].value.float_value = round_to(c->start, 1e6);
    row[COL_DURATION].value.float_value = round_to(ts_conn_duration(c), 1e6);
    row[COL_PKTS_AB].value.uint_value = c->dir[0].packets;
    row[COL_PKTS_BA].value.uint_value = c->dir[1].packets;
    row[COL_BYTES_AB].value.uint_value = clamp_uint(ts_conn_dir_bytes(c, 0));
    row[COL_BYTES_BA].value.uint_value = clamp_uint(ts_conn_dir_bytes(c, 1));
    guint32 samples = ts_conn_window_samples(c);
    row[COL_WIN_MIN].value.uint_value = c->win_min;
    row[COL_WIN_MEAN].value.uint_value = samples ? (guint)((double)c->win_sum / samples + 0.5) : 0;
    row[COL_WIN_MAX].value.uint_value = c->win_max;
    row[COL_RESENT_AB].value.uint_value = ts_conn_retrans(c, 0);
    row[COL_RESENT_BA].value.uint_value = ts_conn_retrans(c, 1);
    row[COL_DUP_ACKS].value.uint_value = c->loss ? c->loss->dir[0].dup_acks + c->loss->dir[1].dup_acks : 0;
    row[COL_MISSED].value.uint_value =
        c->loss ? clamp_uint(c->loss->dir[0].missed_bytes + c->loss->dir[1].missed_bytes) : 0;
    for (int d = 0; d < 2; d++)
        if (c->flight[d].max_in_flight &&
            c->flight[d].max_in_flight != row[COL_FLIGHT_AB + d].user_data.uint_value) {
            row[COL_FLIGHT_AB + d].user_data.uint_value = c->flight[d].max_in_flight;
            set_padded_uint(st, row, COL_FLIGHT_AB + d, c->flight[d].max_in_flight);
        }
    guint n = clamp_uint(c->rtt.n);
    row[COL_RTT_N].value.uint_value = n;
    if (n && n != row[COL_RTT_N].user_data.uint_value) {
        row[COL_RTT_N].user_data.uint_value = n;
        set_padded_ms(st, row, COL_RTT_MIN, c->rtt.min * 1000.0);
        set_padded_ms(st, row, COL_RTT_MEAN, ts_acc_mean(&c->rtt) * 1000.0);
        set_padded_ms(st, row, COL_RTT_MAX, c->rtt.max * 1000.0);
    }
}

static char *process_str(const ts_kernel_end *e)
{
    return e->comm ? g_strdup_printf("%s (%d)", e->comm, e->pid) : g_strdup("");
}

static void fill_kernel(gui_state *st, stat_tap_table_item_type *row, const ts_conn *c)
{
    const ts_kernel_conn *kc = ts_kernel_conns_lookup(kernel_context_conns(), c->stream);
    row[COL_PROC_A].user_data.uint_value = 1; /* looked up (facts or none) */
    if (!kc)
        return;
    row[COL_RETRANS_WIRE].user_data.uint_value = 1; /* has facts: keep the wire count */
    g_free((char *)row[COL_PROC_A].value.string_value);
    g_free((char *)row[COL_PROC_B].value.string_value);
    row[COL_PROC_A].value.string_value = process_str(&kc->end[0]);
    row[COL_PROC_B].value.string_value = process_str(&kc->end[1]);
    set_padded_uint(st, row, COL_RETRANS_KERNEL, kc->end[0].retransmits + kc->end[1].retransmits);
    guint32 cwnd;
    double srtt;
    if (ts_kernel_conn_srtt(kc, &cwnd, &srtt)) {
        set_padded_uint(st, row, COL_MAX_CWND, cwnd);
        set_padded_ms(st, row, COL_MEAN_SRTT, srtt / 1000.0);
    }
}

/* The count rows a connection is in, one bit per row after "all". */
static guint categories(const ts_conn *c)
{
    return (ts_conn_complete(c) ? 1u << SUM_COMPLETE : 0) | (ts_conn_reset(c) ? 1u << SUM_RESET : 0) |
           (ts_conn_open(c) ? 1u << SUM_OPEN : 0) | (ts_conn_before_capture(c) ? 1u << SUM_BEFORE : 0);
}

static tap_packet_status conn_packet(void *tapdata _U_, packet_info *pinfo, epan_dissect_t *edt _U_,
                                     const void *data, tap_flags_t flags _U_)
{
    gui_state *st = conn_state;
    const ts_segment *s = st ? ts_segment_of_record(pinfo, data) : NULL;
    if (!s)
        return TAP_PACKET_DONT_REDRAW;

    const ts_conn *c = ts_table_add(st->conns, s, NULL);
    if (s->stream >= st->row_of->len)
        g_array_set_size(st->row_of, s->stream + 1);
    guint32 *slot = &g_array_index(st->row_of, guint32, s->stream);
    stat_tap_table_item_type *row;
    if (*slot == 0) {
        guint32 index;
        row = new_row(st, c, &index);
        *slot = index + 1;
    } else {
        row = st->table->elements[*slot - 1];
    }
    update_row(st, row, c);
    if (st->table->num_fields == NCOLS && kernel_context_all_frames_read() &&
        !row[COL_PROC_A].user_data.uint_value)
        fill_kernel(st, row, c);
    if (row[COL_RETRANS_WIRE].user_data.uint_value)
        set_padded_uint(st, row, COL_RETRANS_WIRE, ts_conn_retrans(c, 0) + ts_conn_retrans(c, 1));
    return TAP_PACKET_REDRAW;
}

static tap_packet_status count_packet(void *tapdata _U_, packet_info *pinfo, epan_dissect_t *edt _U_,
                                      const void *data, tap_flags_t flags _U_)
{
    gui_state *st = count_state;
    const ts_segment *s = st ? ts_segment_of_record(pinfo, data) : NULL;
    if (!s)
        return TAP_PACKET_DONT_REDRAW;
    const ts_conn *old = ts_table_lookup(st->conns, s->stream);
    guint before = old ? categories(old) : 0;
    const ts_conn *c = ts_table_add(st->conns, s, NULL);
    guint after = categories(c);
    stat_tap_table *t = st->table;
    if (!old)
        t->elements[SUM_TOTAL][SUM_COL_COUNT].value.uint_value++;
    for (guint i = SUM_TOTAL + 1; i < NSUM; i++) {
        guint bit = 1u << i;
        if ((before ^ after) & bit) {
            if (after & bit)
                t->elements[i][SUM_COL_COUNT].value.uint_value++;
            else
                t->elements[i][SUM_COL_COUNT].value.uint_value--;
        }
    }
    return TAP_PACKET_REDRAW;
}

/* Called by tshark only, before the init callback of each -z tcpstate,table (or ,counts).
 * "tcpstate,tablefoo" would otherwise run the table without a filter; and a second
 * -z tcpstate,table would feed the same rows (the ui and its tables are one). */
static void conn_filter_check(const char *opt_arg, const char **filter, char **err)
{
    static guint accepted;
    ts_cell_filter_check(CLI_STRING, &accepted, opt_arg, filter, err);
}

static void count_filter_check(const char *opt_arg, const char **filter, char **err)
{
    static guint accepted;
    ts_cell_filter_check(COUNTS_CLI_STRING, &accepted, opt_arg, filter, err);
}

static tap_param table_params[] = {
    {PARAM_FILTER, "filter", "Filter", NULL, TRUE},
};

void tcpstate_register_gui_table(void)
{
    conn_ui = (stat_tap_table_ui){
        .group = REGISTER_PACKET_STAT_GROUP_UNSORTED,
        .title = "TCP Connection States",
        .tap_name = TS_SEGMENT_TAP_NAME,
        .cli_string = CLI_STRING,
        .stat_tap_init_cb = conn_init,
        .packet_func = conn_packet,
        .stat_tap_reset_table_cb = conn_reset,
        .stat_tap_free_table_item_cb = conn_free_item,
        .stat_filter_check_cb = conn_filter_check,
        .nfields = NCOLS_WIRE,
        .fields = fields,
        .nparams = G_N_ELEMENTS(table_params),
        .params = table_params,
        .tables = NULL,
        .refcount = 0,
    };
    register_stat_tap_table_ui(&conn_ui);
    count_ui = (stat_tap_table_ui){
        .group = REGISTER_PACKET_STAT_GROUP_UNSORTED,
        .title = "TCP Connection Counts",
        .tap_name = TS_SEGMENT_TAP_NAME,
        .cli_string = COUNTS_CLI_STRING,
        .stat_tap_init_cb = count_init,
        .packet_func = count_packet,
        .stat_tap_reset_table_cb = count_reset,
        .stat_tap_free_table_item_cb = count_free_item,
        .stat_filter_check_cb = count_filter_check,
        .nfields = SUM_COLS,
        .fields = count_fields,
        .nparams = G_N_ELEMENTS(table_params),
        .params = table_params,
        .tables = NULL,
        .refcount = 0,
    };
    register_stat_tap_table_ui(&count_ui);
    kernel_prefs_on_applied(columns_changed);
    register_postseq_cleanup_routine(columns_changed); /* the file is read */
}
