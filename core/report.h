/* Renderers of a connection table: the text report (sections A to D), CSV and JSON.
 * They stream to a FILE so that a capture of many connections needs no big buffer. */
#ifndef TCPSTATE_REPORT_H
#define TCPSTATE_REPORT_H

#include <stdio.h>

#include "conn_table.h"
#include "kernel_facts.h"

/* k: what the kernel events say, NULL without an events file (the output is then exactly what it
 * is without kernel support: the kernel lines, section E, columns and objects are added only
 * with k). */
void ts_report_text(const ts_table *t, const ts_kernel_report *k, FILE *out);
void ts_report_csv(const ts_table *t, const ts_kernel_report *k, FILE *out);
void ts_report_json(const ts_table *t, const ts_kernel_report *k, FILE *out);

#endif
