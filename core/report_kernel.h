/* Internal: the kernel parts of the renderers, used only when a ts_kernel_report is given. */
#ifndef TCPSTATE_REPORT_KERNEL_H
#define TCPSTATE_REPORT_KERNEL_H

#include <stdio.h>

#include "conn_table.h"
#include "kernel_facts.h"

static inline const ts_kernel_conn *ts_report_kernel_conn(const ts_kernel_report *k, const ts_conn *c)
{
    return ts_kernel_conns_lookup(k->conns, c->stream);
}

static inline guint32 ts_conn_wire_retrans(const ts_conn *c)
{
    return ts_conn_retrans(c, 0) + ts_conn_retrans(c, 1);
}

/* Text: lines of a connection block (before its END), and section E. */
void ts_report_kernel_text_conn(FILE *out, const ts_conn *c, const ts_kernel_report *k);
void ts_report_kernel_text_section(FILE *out, const ts_table *t, const ts_kernel_report *k);
void ts_report_kernel_text_resends(FILE *out, const ts_table *t, const ts_kernel_report *k);
/* CSV: the extra header cells (each after a comma), and a row's. */
void ts_report_kernel_csv_header(FILE *out);
void ts_report_kernel_csv_row(FILE *out, const ts_conn *c, const ts_kernel_report *k);
/* JSON: `, "kernel": {...}|null` of a connection, and of the summary. */
void ts_report_kernel_json_conn(FILE *out, const ts_conn *c, const ts_kernel_report *k);
void ts_report_kernel_json_summary(FILE *out, const ts_kernel_report *k);

#endif
