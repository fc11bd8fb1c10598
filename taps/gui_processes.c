/* Statistics > TCP Connection Processes (Wireshark) and -z tcpstate,processes[,filter]
 * (tshark): the connections rolled up by the process owning each end, from the kernel events
 * (core/process_rollup.h). One stat_tap_table_ui, fed from the tcpstate.segment tap like the
 * connections' table (gui_table.c explains how Wireshark drives such a table, and why rows are
 * kept for reuse and text cells are padded). The owners are known once every frame has had
 * its first pass (kernel_context_all_frames_read()); tshark runs with an events file as
 * tshark -2, Wireshark retaps. Before that, and without events, every connection is in the
 * row of unknown owners. */
#include <stdio.h>
#include <string.h>

#include <epan/packet.h>
#include <epan/stat_tap_ui.h>
#include <epan/tap.h>

#include "conn_table.h"
#include "gui_processes.h"
#include "kernel_context.h"
#include "process_rollup.h"
#include "segment_tap.h"
#include "table_cells.h"

#define CLI_STRING "tcpstate,processes"
#define TITLE "Processes (from the kernel events; (unknown): no event names the owner)"
#define UNKNOWN "(unknown)"

enum { COL_PROCESS, COL_CONNS, COL_SENT, COL_RECEIVED, COL_RESENT_WIRE, COL_RETRANS_KERNEL, COL_KERNEL_ONLY,
       COL_RTT_N, COL_RTT_MEAN, NCOLS };

static stat_tap_table_item fields[NCOLS] = {
    {TABLE_ITEM_STRING, TAP_ALIGN_LEFT, "Process (pid)", "%s"},
    {TABLE_ITEM_UINT, TAP_ALIGN_RIGHT, "Connections", "%u"},
    {TABLE_ITEM_UINT, TAP_ALIGN_RIGHT, "Bytes sent", "%u"},
    {TABLE_ITEM_UINT, TAP_ALIGN_RIGHT, "Bytes received", "%u"},
    {TABLE_ITEM_UINT, TAP_ALIGN_RIGHT, "Re-sent (wire)", "%u"},
    {TABLE_ITEM_UINT, TAP_ALIGN_RIGHT, "Retransmits (kernel)", "%u"},
    {TABLE_ITEM_UINT, TAP_ALIGN_RIGHT, "Kernel only", "%u"},
    {TABLE_ITEM_UINT, TAP_ALIGN_RIGHT, "RTT samples", "%u"},
    {TABLE_ITEM_STRING, TAP_ALIGN_RIGHT, "RTT mean (ms)", "%s"},
};

typedef struct proc_state {
    ts_table *conns;
    ts_process_rollup *rollup;
    GPtrArray *spare; /* zeroed row arrays of an earlier run, for reuse */
    stat_tap_table *table;
    guint rtt_width;  /* the widest RTT mean written */
} proc_state;

static proc_state *state;
static stat_tap_table_ui ui;

static void rows_forget(proc_state *st)
{
    stat_tap_table *t = st->table;
    for (guint i = 0; i < t->num_elements; i++) {
        stat_tap_table_item_type *row = t->elements[i];
        g_free((char *)row[COL_PROCESS].value.string_value);
        g_free((char *)row[COL_RTT_MEAN].value.string_value);
        memset(row, 0, NCOLS * sizeof *row);
        g_ptr_array_add(st->spare, row);
    }
    g_free(t->elements);
    t->elements = NULL;
    t->num_elements = 0;
    st->rtt_width = 0;
}

static void state_free(proc_state **st)
{
    ts_table_free((*st)->conns);
    ts_process_rollup_free((*st)->rollup);
    g_ptr_array_free((*st)->spare, TRUE);
    g_free(*st);
    *st = NULL;
}

static void proc_reset(stat_tap_table *table)
{
    if (state && table == state->table) {
        rows_forget(state);
        ts_table_reset(state->conns);
        ts_process_rollup_reset(state->rollup);
    }
}

static void proc_init(stat_tap_table_ui *u)
{
    if (state && (!u->tables || u->tables->len == 0))
        state_free(&state); /* tables freed without a row: nothing told us */
    if (state) {
        proc_reset(state->table);
        return;
    }
    state = g_new0(proc_state, 1);
    state->conns = ts_table_new();
    state->rollup = ts_process_rollup_new();
    state->spare = g_ptr_array_new_with_free_func(g_free);
    state->table = stat_tap_init_table(TITLE, NCOLS, 0, NULL);
    stat_tap_add_table(u, state->table);
}

static void proc_free_item(stat_tap_table *table, guint row, guint column, stat_tap_table_item_type *cell)
{
    if (cell->type == TABLE_ITEM_STRING) {
        g_free((char *)cell->value.string_value);
        cell->value.string_value = NULL;
    }
    if (row == 0 && column == 0 && state && table == state->table)
        state_free(&state);
}

static stat_tap_table_item_type *new_row(proc_state *st)
{
    stat_tap_table *t = st->table;
    stat_tap_table_item_type *row =
        st->spare->len ? g_ptr_array_steal_index_fast(st->spare, st->spare->len - 1)
                       : g_new0(stat_tap_table_item_type, NCOLS);
    for (guint i = 0; i < NCOLS; i++)
        row[i].type = fields[i].type;
    row[COL_PROCESS].value.string_value = NULL;
    row[COL_RTT_MEAN].value.string_value = g_malloc0(TS_PAD_CAP);
    t->elements = g_renew(stat_tap_table_item_type *, t->elements, t->num_elements + 1);
    t->elements[t->num_elements++] = row;
    return row;
}

/* RTT means are padded text (table_cells.h): empty without samples. */
static void set_rtt(proc_state *st, stat_tap_table_item_type *row, const ts_acc *rtt)
{
    char text[TS_PAD_CAP] = "";
    if (rtt->n)
        g_snprintf(text, sizeof text, "%.3f", ts_acc_mean(rtt) * 1000.0);
    ts_cell_set_padded(st->table, &st->rtt_width, row, COL_RTT_MEAN, text);
}

static guint clamp_uint(guint64 v)
{
    return v > G_MAXUINT ? G_MAXUINT : (guint)v;
}

static void fill(proc_state *st, guint i)
{
    const ts_process_row *p = ts_process_rollup_nth(st->rollup, i);
    while (st->table->num_elements <= i)
        new_row(st);
    stat_tap_table_item_type *row = st->table->elements[i];
    if (!row[COL_PROCESS].value.string_value)
        row[COL_PROCESS].value.string_value =
            p->comm ? g_strdup_printf("%s (%d)", p->comm, p->pid) : g_strdup(UNKNOWN);
    row[COL_CONNS].value.uint_value = p->connections;
    row[COL_SENT].value.uint_value = clamp_uint(p->bytes_sent);
    row[COL_RECEIVED].value.uint_value = clamp_uint(p->bytes_received);
    row[COL_RESENT_WIRE].value.uint_value = p->resent_wire;
    row[COL_RETRANS_KERNEL].value.uint_value = p->retransmits_kernel;
    row[COL_KERNEL_ONLY].value.uint_value = p->kernel_only;
    row[COL_RTT_N].value.uint_value = clamp_uint(p->rtt.n);
    set_rtt(st, row, &p->rtt);
}

static tap_packet_status proc_packet(void *tapdata _U_, packet_info *pinfo, epan_dissect_t *edt _U_,
                                     const void *data, tap_flags_t flags _U_)
{
    proc_state *st = state;
    const ts_segment *s = st ? ts_segment_of_record(pinfo, data) : NULL;
    if (!s)
        return TAP_PACKET_DONT_REDRAW;
    ts_seg_result r;
    ts_table_add(st->conns, s, &r);
    const ts_kernel_conn *kc =
        kernel_context_all_frames_read() ? ts_kernel_conns_lookup(kernel_context_conns(), s->stream) : NULL;
    gint touched[2];
    ts_process_rollup_add(st->rollup, s, &r, kc, touched);
    for (int i = 0; i < 2; i++)
        if (touched[i] >= 0)
            fill(st, (guint)touched[i]);
    return TAP_PACKET_REDRAW;
}

/* tshark only: "tcpstate,processesfoo" and a second -z tcpstate,processes are errors. */
static void proc_filter_check(const char *opt_arg, const char **filter, char **err)
{
    static guint accepted;
    ts_cell_filter_check(CLI_STRING, &accepted, opt_arg, filter, err);
}

static tap_param params[] = {
    {PARAM_FILTER, "filter", "Filter", NULL, TRUE},
};

void tcpstate_register_gui_processes(void)
{
    ui = (stat_tap_table_ui){
        .group = REGISTER_PACKET_STAT_GROUP_UNSORTED,
        .title = "TCP Connection Processes",
        .tap_name = TS_SEGMENT_TAP_NAME,
        .cli_string = CLI_STRING,
        .stat_tap_init_cb = proc_init,
        .packet_func = proc_packet,
        .stat_tap_reset_table_cb = proc_reset,
        .stat_tap_free_table_item_cb = proc_free_item,
        .stat_filter_check_cb = proc_filter_check,
        .nfields = NCOLS,
        .fields = fields,
        .nparams = G_N_ELEMENTS(params),
        .params = params,
        .tables = NULL,
        .refcount = 0,
    };
    register_stat_tap_table_ui(&ui);
}
