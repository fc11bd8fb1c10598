/* Renderers of a connection table: the text report (sections A to D), CSV and JSON.
 * They stream to a FILE so that a capture of many connections needs no big buffer. */
#ifndef TCPSTATE_REPORT_H
#define TCPSTATE_REPORT_H

#include <stdio.h>

#include "conn_table.h"

void ts_report_text(const ts_table *t, FILE *out);
void ts_report_csv(const ts_table *t, FILE *out);
void ts_report_json(const ts_table *t, FILE *out);

#endif
