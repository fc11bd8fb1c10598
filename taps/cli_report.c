/* The -z forms: each instance owns a connection table fed by the tcp tap and renders
 * it when tshark has read the whole file. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <epan/packet.h>
#include <epan/stat_tap_ui.h>
#include <epan/tap.h>

#include "cli_report.h"
#include "conn_table.h"
#include "kernel_conn.h"
#include "kernel_context.h"
#include "kernel_summary.h"
#include "report.h"
#include "segment_tap.h"
#include "ws_compat.h"

typedef void (*render_fn)(const ts_table *, const ts_kernel_report *, FILE *);

typedef struct report_form {
    const char *name; /* after "tcpstate," */
    render_fn render;
} report_form;

static const report_form forms[] = {
    {"summary", ts_report_text},
    {"csv", ts_report_csv},
    {"json", ts_report_json},
};

/* Segments wait in `pending` and go into the table a batch at a time: the table's code then
 * stays in the instruction cache for a whole batch instead of being evicted by each packet's
 * dissection (the reports read the table only when the file is done). */
#define BATCH 1024

typedef struct cli_report {
    const report_form *form;
    ts_table *table;
    ts_segment pending[BATCH];
    guint n_pending;
} cli_report;

static void add_pending(cli_report *r)
{
    for (guint i = 0; i < r->n_pending; i++)
        ts_table_add(r->table, &r->pending[i], NULL);
    r->n_pending = 0;
}

static void report_reset(void *data)
{
    cli_report *r = data;
    r->n_pending = 0;
    ts_table_reset(r->table);
}

static tap_packet_status report_packet(void *data, packet_info *pinfo, epan_dissect_t *edt _U_,
                                       const void *tap_data, tap_flags_t flags _U_)
{
    cli_report *r = data;
    const ts_segment *s = ts_segment_of_record(pinfo, tap_data);
    if (!s)
        return TAP_PACKET_DONT_REDRAW;
    r->pending[r->n_pending] = *s;
    if (++r->n_pending == BATCH)
        add_pending(r);
    return TAP_PACKET_REDRAW;
}

/* With an events file (preference tcpstate.events_file) the reports get the kernel's facts. */
static void report_draw(void *data)
{
    cli_report *r = data;
    add_pending(r);
    const kernel_view *v = kernel_context_view();
    if (!v) {
        r->form->render(r->table, NULL, stdout);
        fflush(stdout);
        return;
    }
    ts_kernel_report k;
    memset(&k, 0, sizeof k);
    ts_kernel_summary_fill(&k.summary, v->path, v->evs, &v->fit, v->matches);
    k.conns = kernel_context_conns();
    k.summary.mismatch = v->mismatch;
    GString *describe = g_string_new(NULL);
    kernel_context_describe(describe);
    k.summary.describe = describe->str;
    r->form->render(r->table, &k, stdout);
    fflush(stdout);
    g_string_free(describe, TRUE);
}

static void report_finish(void *data)
{
    cli_report *r = data;
    ts_table_free(r->table);
    g_free(r);
}

static void usage_and_exit(const char *arg)
{
    fprintf(stderr, "tshark: invalid -z argument \"%s\"; tcpstate offers:\n", arg);
    for (gsize i = 0; i < G_N_ELEMENTS(forms); i++)
        fprintf(stderr, "  -z tcpstate,%s[,<display filter>]\n", forms[i].name);
    /* Registered by the Statistics dialogs' tables (taps/gui_table.c). */
    fprintf(stderr, "  -z tcpstate,table[,<display filter>]\n");
    fprintf(stderr, "  -z tcpstate,counts[,<display filter>]\n");
    exit(1);
}

/* arg is the whole -z argument: "tcpstate,<form>[,<filter>]". */
static ts_stat_tap_init_result report_init(const char *arg, void *userdata _U_)
{
    const char *rest = arg + strlen("tcpstate");
    const report_form *form = NULL;
    const char *filter = NULL;
    if (*rest == ',') {
        rest++;
        for (gsize i = 0; i < G_N_ELEMENTS(forms); i++) {
            gsize n = strlen(forms[i].name);
            if (strncmp(rest, forms[i].name, n) == 0 && (rest[n] == '\0' || rest[n] == ',')) {
                form = &forms[i];
                filter = rest[n] == ',' ? rest + n + 1 : NULL;
                break;
            }
        }
    }
    if (!form)
        usage_and_exit(arg);

    cli_report *r = g_new0(cli_report, 1);
    r->form = form;
    r->table = ts_table_new();
    GString *err = register_tap_listener(TS_SEGMENT_TAP_NAME, r, filter, TL_REQUIRES_NOTHING, report_reset,
                                         report_packet, report_draw, report_finish);
    if (err) {
        fprintf(stderr, "tshark: Couldn't register tcpstate,%s tap: %s\n", form->name, err->str);
        g_string_free(err, TRUE);
        ts_table_free(r->table);
        g_free(r);
        exit(1);
    }
    TS_STAT_TAP_INIT_DONE;
}

void tcpstate_register_cli_reports(void)
{
    /* One entry per form, plus "tcpstate" itself so that a misspelt form reaches
     * report_init and gets the list of valid ones instead of tshark's long list. */
    static stat_tap_ui uis[G_N_ELEMENTS(forms) + 1];
    static char names[G_N_ELEMENTS(forms)][32];
    for (gsize i = 0; i <= G_N_ELEMENTS(forms); i++) {
        uis[i].group = REGISTER_STAT_GROUP_GENERIC;
        uis[i].title = NULL;
        if (i < G_N_ELEMENTS(forms)) {
            g_snprintf(names[i], sizeof names[i], "tcpstate,%s", forms[i].name);
            uis[i].cli_string = names[i];
        } else {
            uis[i].cli_string = "tcpstate";
        }
        uis[i].tap_init_cb = report_init;
        uis[i].nparams = 0;
        uis[i].params = NULL;
        register_stat_tap_ui(&uis[i], NULL);
    }
}
