/* Statistics > TCP Connection States (Wireshark) and -z tcpstate,table[,filter] (tshark).
 *
 * A stat_tap_table_ui with two tables: "Connections", one row per connection, and
 * "Summary", one row per count (total, complete, reset, open, before capture). The rows
 * are fed from a connection table of the core (ts_table_add on what ts_segment_from_tap
 * makes of the tcp tap's record), so the rules are those of the reports.
 *
 * How Wireshark 4.0 drives a stat_tap_table_ui (epan/stat_tap_ui.c,
 * ui/qt/simple_statistics_dialog.cpp, ui/cli/tap-simple_stattable.c):
 * - every dialog of this statistic shares the one registered ui and its `tables`
 *   (a reference count frees them with free_stat_tables() when the last dialog closes);
 * - each (re)tap calls the init callback, then the reset callback per table, then the
 *   packet callback per packet; the dialog's tree items keep pointers to the row arrays
 *   and read them again when sorting or exporting;
 * - tshark calls the init callback once, never resets, and prints each row with the
 *   column's type and field_format, stopping at the first TABLE_ITEM_NONE cell.
 * Hence: the core's table lives in `state`, created with the tables and freed with them
 * (free_item() sees the first cell of the summary table go); a reset keeps the row
 * arrays (zeroed, for reuse) so that no dialog is left pointing at freed memory; the
 * optional RTT cells come after the fixed ones.
 *
 * With an events file the kernel columns (process of each end, retransmissions by the kernel
 * and on the wire, max cwnd, mean srtt) are filled from kernel_context_view(), once per row and
 * tap run, once every frame of the file has had its first pass (kernel_context_all_frames_read():
 * Wireshark after loading or dissecting the file again, tshark -2 after its first pass): aligning
 * the clocks needs the whole capture. tshark runs -z tcpstate,table with an events file as
 * tshark -2 (plugin/base/two_pass.c). */
#include <string.h>

#include <epan/packet.h>
#include <epan/stat_tap_ui.h>
#include <epan/tap.h>

#include "conn_table.h"
#include "gui_table.h"
#include "kernel_conn.h"
#include "kernel_context.h"
#include "tap_segment.h"

#define CLI_STRING "tcpstate,table"
#define CONN_TITLE "Connections (display filter for a row: tcpstate.conn == Conn)"
#define SUMMARY_TITLE "Summary (Conn column: number of connections)"
/* The field of the Conn column. Wireshark 4.0's table dialog offers no "Apply as Filter"
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
    COL_RTT_MIN, /* RTT cells stay empty (TABLE_ITEM_NONE) without samples: keep them last */
    COL_RTT_MEAN,
    COL_RTT_MAX,
    COL_PROC_A, /* kernel cells: empty without an events file */
    COL_PROC_B,
    COL_RETRANS_KERNEL,
    COL_RETRANS_WIRE,
    COL_MAX_CWND,
    COL_MEAN_SRTT,
    NCOLS
};

#define ARROW "\xe2\x86\x92" /* U+2192 */

static stat_tap_table_item fields[NCOLS] = {
    {TABLE_ITEM_UINT, TAP_ALIGN_RIGHT, "Conn", "%u"},
    {TABLE_ITEM_STRING, TAP_ALIGN_LEFT, "Source", "%s"},
    {TABLE_ITEM_UINT, TAP_ALIGN_RIGHT, "Src port", "%u"},
    {TABLE_ITEM_STRING, TAP_ALIGN_LEFT, "Destination", "%s"},
    {TABLE_ITEM_UINT, TAP_ALIGN_RIGHT, "Dst port", "%u"},
    {TABLE_ITEM_STRING, TAP_ALIGN_LEFT, "Status", "%s"},
    {TABLE_ITEM_FLOAT, TAP_ALIGN_RIGHT, "Start (s)", "%.6f"},
    {TABLE_ITEM_FLOAT, TAP_ALIGN_RIGHT, "Duration (s)", "%.6f"},
    {TABLE_ITEM_UINT, TAP_ALIGN_RIGHT, "Packets A" ARROW "B", "%u"},
    {TABLE_ITEM_UINT, TAP_ALIGN_RIGHT, "Packets B" ARROW "A", "%u"},
    {TABLE_ITEM_UINT, TAP_ALIGN_RIGHT, "Bytes A" ARROW "B", "%u"},
    {TABLE_ITEM_UINT, TAP_ALIGN_RIGHT, "Bytes B" ARROW "A", "%u"},
    {TABLE_ITEM_UINT, TAP_ALIGN_RIGHT, "Window min", "%u"},
    {TABLE_ITEM_UINT, TAP_ALIGN_RIGHT, "Window mean", "%u"}, /* rounded: Qt shows floats with 6 decimals */
    {TABLE_ITEM_UINT, TAP_ALIGN_RIGHT, "Window max", "%u"},
    {TABLE_ITEM_UINT, TAP_ALIGN_RIGHT, "RTT samples", "%u"},
    {TABLE_ITEM_FLOAT, TAP_ALIGN_RIGHT, "RTT min (ms)", "%.3f"},
    {TABLE_ITEM_FLOAT, TAP_ALIGN_RIGHT, "RTT mean (ms)", "%.3f"},
    {TABLE_ITEM_FLOAT, TAP_ALIGN_RIGHT, "RTT max (ms)", "%.3f"},
    {TABLE_ITEM_STRING, TAP_ALIGN_LEFT, "Process A", "%s"},
    {TABLE_ITEM_STRING, TAP_ALIGN_LEFT, "Process B", "%s"},
    {TABLE_ITEM_UINT, TAP_ALIGN_RIGHT, "Retrans kernel", "%u"},
    {TABLE_ITEM_UINT, TAP_ALIGN_RIGHT, "Retrans wire", "%u"},
    {TABLE_ITEM_UINT, TAP_ALIGN_RIGHT, "Max cwnd", "%u"},
    {TABLE_ITEM_FLOAT, TAP_ALIGN_RIGHT, "Mean srtt (ms)", "%.3f"},
};

/* Summary rows: the count in the Conn column (UINT), what it counts in Source (STRING). */
enum { SUM_TOTAL, SUM_COMPLETE, SUM_RESET, SUM_OPEN, SUM_BEFORE, NSUM };
#define SUM_COLS 2
static const char *const summary_labels[NSUM] = {
    "total", "complete", "reset", "open at capture end", "before capture",
};

typedef struct gui_state {
    ts_table *conns;        /* the core's connections of the current tap run */
    GArray *row_of;         /* guint32 per stream: its row + 1, 0 when it has none */
    GPtrArray *spare;       /* zeroed row arrays of an earlier run, for reuse */
    stat_tap_table *conn_table, *summary_table;
} gui_state;

static gui_state *state;

static void state_free(void)
{
    ts_table_free(state->conns);
    g_array_free(state->row_of, TRUE);
    g_ptr_array_free(state->spare, TRUE); /* its free function is g_free */
    g_free(state);
    state = NULL;
}

static void free_strings(stat_tap_table_item_type *row, guint n)
{
    for (guint i = 0; i < n; i++) {
        if (row[i].type == TABLE_ITEM_STRING) {
            g_free((char *)row[i].value.string_value);
            row[i].value.string_value = NULL;
        }
    }
}

/* Forget every connection. Row arrays are kept (zeroed) rather than freed: a dialog
 * sharing these tables may still hold pointers to them until its next retap. */
static void reset_connections(void)
{
    stat_tap_table *t = state->conn_table;
    for (guint i = 0; i < t->num_elements; i++) {
        free_strings(t->elements[i], t->num_fields);
        memset(t->elements[i], 0, t->num_fields * sizeof(stat_tap_table_item_type));
        g_ptr_array_add(state->spare, t->elements[i]);
    }
    g_free(t->elements);
    t->elements = NULL;
    t->num_elements = 0;
    ts_table_reset(state->conns);
    g_array_set_size(state->row_of, 0);
}

static void reset_summary(void)
{
    stat_tap_table *t = state->summary_table;
    for (guint i = 0; i < t->num_elements; i++)
        t->elements[i][0].value.uint_value = 0;
}

static void table_reset(stat_tap_table *table)
{
    if (!state)
        return;
    if (table == state->conn_table)
        reset_connections();
    else if (table == state->summary_table)
        reset_summary();
}

static void table_init(stat_tap_table_ui *ui)
{
    if (state && (!ui->tables || ui->tables->len == 0)) {
        /* The tables went without their summary rows (cannot happen: they always
         * have some); do not keep a state that points at them. */
        state->conn_table = state->summary_table = NULL;
        state_free();
    }
    if (state) {
        reset_connections();
        reset_summary();
        return;
    }
    state = g_new0(gui_state, 1);
    state->conns = ts_table_new();
    state->row_of = g_array_new(FALSE, TRUE, sizeof(guint32));
    state->spare = g_ptr_array_new_with_free_func(g_free);

    state->conn_table = stat_tap_init_table(CONN_TITLE, NCOLS, 0, CONN_FILTER_FIELD);
    stat_tap_add_table(ui, state->conn_table);
    state->summary_table = stat_tap_init_table(SUMMARY_TITLE, SUM_COLS, 0, NULL);
    stat_tap_add_table(ui, state->summary_table);
    for (guint i = 0; i < NSUM; i++) {
        stat_tap_table_item_type items[SUM_COLS];
        memset(items, 0, sizeof items);
        items[0].type = TABLE_ITEM_UINT;
        items[1].type = TABLE_ITEM_STRING;
        items[1].value.string_value = g_strdup(summary_labels[i]);
        stat_tap_init_table_row(state->summary_table, i, SUM_COLS, items);
    }
}

/* Called by free_stat_tables() for every cell of every table, before it frees them. */
static void free_item(stat_tap_table *table, guint row, guint column, stat_tap_table_item_type *cell)
{
    if (cell->type == TABLE_ITEM_STRING) {
        g_free((char *)cell->value.string_value);
        cell->value.string_value = NULL;
    }
    if (state && table == state->summary_table && row == 0 && column == 0)
        state_free();
}

static stat_tap_table_item_type *new_row(const ts_conn *c, guint32 *row_index)
{
    stat_tap_table *t = state->conn_table;
    stat_tap_table_item_type *row;
    if (state->spare->len)
        row = g_ptr_array_steal_index_fast(state->spare, state->spare->len - 1);
    else
        row = g_new0(stat_tap_table_item_type, NCOLS);
    *row_index = t->num_elements;
    t->elements = g_renew(stat_tap_table_item_type *, t->elements, t->num_elements + 1);
    t->elements[t->num_elements++] = row;

    char buf[TS_ADDR_STRLEN];
    for (guint i = 0; i < NCOLS; i++)
        row[i].type = fields[i].type;
    row[COL_CONN].value.uint_value = c->stream;
    row[COL_SRC].value.string_value = g_strdup(ts_addr_to_str(&c->src, buf, sizeof buf));
    row[COL_SPORT].value.uint_value = c->sport;
    row[COL_DST].value.string_value = g_strdup(ts_addr_to_str(&c->dst, buf, sizeof buf));
    row[COL_DPORT].value.uint_value = c->dport;
    row[COL_STATUS].value.string_value = g_strdup("");
    for (guint i = COL_RTT_MIN; i < NCOLS; i++)
        row[i].type = TABLE_ITEM_NONE;
    return row;
}

static guint clamp_uint(guint64 v)
{
    return v > G_MAXUINT ? G_MAXUINT : (guint)v;
}

/* Only this connection's row changes. */
static void update_row(stat_tap_table_item_type *row, const ts_conn *c)
{
    char status[TS_STATUS_LEN];
    ts_conn_status(c, status, sizeof status);
    if (strcmp(row[COL_STATUS].value.string_value, status) != 0) {
        g_free((char *)row[COL_STATUS].value.string_value);
        row[COL_STATUS].value.string_value = g_strdup(status);
    }
    row[COL_START].value.float_value = c->start;
    row[COL_DURATION].value.float_value = ts_conn_duration(c);
    row[COL_PKTS_AB].value.uint_value = c->dir[0].packets;
    row[COL_PKTS_BA].value.uint_value = c->dir[1].packets;
    row[COL_BYTES_AB].value.uint_value = clamp_uint(c->dir[0].bytes);
    row[COL_BYTES_BA].value.uint_value = clamp_uint(c->dir[1].bytes);
    guint32 samples = ts_conn_window_samples(c);
    row[COL_WIN_MIN].value.uint_value = c->win_min;
    row[COL_WIN_MEAN].value.uint_value = samples ? (guint)((double)c->win_sum / samples + 0.5) : 0;
    row[COL_WIN_MAX].value.uint_value = c->win_max;
    row[COL_RTT_N].value.uint_value = clamp_uint(c->rtt.n);
    if (c->rtt.n) {
        row[COL_RTT_MIN].type = row[COL_RTT_MEAN].type = row[COL_RTT_MAX].type = TABLE_ITEM_FLOAT;
        row[COL_RTT_MIN].value.float_value = c->rtt.min * 1000.0;
        row[COL_RTT_MEAN].value.float_value = ts_acc_mean(&c->rtt) * 1000.0;
        row[COL_RTT_MAX].value.float_value = c->rtt.max * 1000.0;
    }
}

static char *process_str(const ts_kernel_end *e)
{
    return e->comm ? g_strdup_printf("%s (%d)", e->comm, e->pid) : g_strdup("");
}

static void fill_kernel(stat_tap_table_item_type *row, const ts_conn *c)
{
    const ts_kernel_conn *kc = ts_kernel_conns_lookup(kernel_context_conns(), c->stream);
    if (!kc)
        return;
    row[COL_PROC_A].type = row[COL_PROC_B].type = TABLE_ITEM_STRING;
    row[COL_PROC_A].value.string_value = process_str(&kc->end[0]);
    row[COL_PROC_B].value.string_value = process_str(&kc->end[1]);
    row[COL_RETRANS_KERNEL].type = row[COL_RETRANS_WIRE].type = TABLE_ITEM_UINT;
    row[COL_RETRANS_KERNEL].value.uint_value = kc->end[0].retransmits + kc->end[1].retransmits;
    guint32 cwnd;
    double srtt;
    if (ts_kernel_conn_srtt(kc, &cwnd, &srtt)) {
        row[COL_MAX_CWND].type = TABLE_ITEM_UINT;
        row[COL_MAX_CWND].value.uint_value = cwnd;
        row[COL_MEAN_SRTT].type = TABLE_ITEM_FLOAT;
        row[COL_MEAN_SRTT].value.float_value = srtt / 1000.0;
    }
}

/* The summary categories a connection is in, one bit per summary row after "total". */
static guint categories(const ts_conn *c)
{
    return (ts_conn_complete(c) ? 1u << SUM_COMPLETE : 0) | (ts_conn_reset(c) ? 1u << SUM_RESET : 0) |
           (ts_conn_open(c) ? 1u << SUM_OPEN : 0) | (ts_conn_before_capture(c) ? 1u << SUM_BEFORE : 0);
}

static void update_summary(guint before, guint after, gboolean is_new)
{
    stat_tap_table *t = state->summary_table;
    if (is_new)
        t->elements[SUM_TOTAL][0].value.uint_value++;
    for (guint i = SUM_TOTAL + 1; i < NSUM; i++) {
        guint bit = 1u << i;
        if ((before ^ after) & bit) {
            if (after & bit)
                t->elements[i][0].value.uint_value++;
            else
                t->elements[i][0].value.uint_value--;
        }
    }
}

static tap_packet_status table_packet(void *tapdata _U_, packet_info *pinfo, epan_dissect_t *edt _U_,
                                      const void *data, tap_flags_t flags _U_)
{
    ts_segment s;
    if (!state || !ts_segment_from_tap(&s, pinfo, data))
        return TAP_PACKET_DONT_REDRAW;

    const ts_conn *old = ts_table_lookup(state->conns, s.stream);
    guint before = old ? categories(old) : 0;
    const ts_conn *c = ts_table_add(state->conns, &s, NULL);

    if (s.stream >= state->row_of->len)
        g_array_set_size(state->row_of, s.stream + 1);
    guint32 *slot = &g_array_index(state->row_of, guint32, s.stream);
    stat_tap_table_item_type *row;
    if (*slot == 0) {
        guint32 index;
        row = new_row(c, &index);
        *slot = index + 1;
    } else {
        row = state->conn_table->elements[*slot - 1];
    }
    update_row(row, c);
    if (kernel_context_all_frames_read() && row[COL_PROC_A].type == TABLE_ITEM_NONE)
        fill_kernel(row, c);
    if (row[COL_RETRANS_WIRE].type == TABLE_ITEM_UINT)
        row[COL_RETRANS_WIRE].value.uint_value = c->dir[0].retrans + c->dir[1].retrans;
    update_summary(before, categories(c), old == NULL);
    return TAP_PACKET_REDRAW;
}

/* Called by tshark only, before the init callback of each -z tcpstate,table.
 * "tcpstate,tablefoo" would otherwise run the table without a filter; and a second
 * -z tcpstate,table would feed the same rows (the ui and its tables are one). */
static void filter_check(const char *opt_arg, const char **filter, char **err)
{
    static guint accepted;
    gsize n = strlen(CLI_STRING);
    if (strncmp(opt_arg, CLI_STRING, n) == 0 && opt_arg[n] != '\0' && opt_arg[n] != ',') {
        *filter = NULL;
        *err = g_strdup_printf("invalid -z argument \"%s\"; use -z " CLI_STRING "[,<display filter>]",
                               opt_arg);
    } else if (accepted++ > 0) {
        *filter = NULL;
        *err = g_strdup("-z " CLI_STRING " can be given once per run");
    }
}

static tap_param table_params[] = {
    {PARAM_FILTER, "filter", "Filter", NULL, TRUE},
};

void tcpstate_register_gui_table(void)
{
    static stat_tap_table_ui ui = {
        .group = REGISTER_PACKET_STAT_GROUP_UNSORTED,
        .title = "TCP Connection States",
        .tap_name = "tcp",
        .cli_string = CLI_STRING,
        .stat_tap_init_cb = table_init,
        .packet_func = table_packet,
        .stat_tap_reset_table_cb = table_reset,
        .stat_tap_free_table_item_cb = free_item,
        .stat_filter_check_cb = filter_check,
        .nfields = NCOLS,
        .fields = fields,
        .nparams = G_N_ELEMENTS(table_params),
        .params = table_params,
        .tables = NULL,
        .refcount = 0,
    };
    register_stat_tap_table_ui(&ui);
}
