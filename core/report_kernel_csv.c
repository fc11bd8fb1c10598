/* The kernel columns of the CSV report, after the usual ones. */
#include "report_kernel.h"

#include <string.h>

void ts_report_kernel_csv_header(FILE *out)
{
    fputs(",src_process,src_pid,dst_process,dst_pid,src_kernel_states,dst_kernel_states,"
          "kernel_retransmits,wire_retransmits,kernel_max_cwnd,kernel_mean_srtt_us",
          out);
    for (int d = 0; d < 2; d++)
        fprintf(out, ",%s_retransmits_failed,%s_wire_resent,%s_resent_both,%s_kernel_only,%s_wire_only",
                d ? "dst" : "src", d ? "dst" : "src", d ? "dst" : "src", d ? "dst" : "src", d ? "dst" : "src");
}

/* A cell, quoted when it holds a comma, a quote or a line break. */
static void cell(FILE *out, const char *s)
{
    fputc(',', out);
    if (!s)
        return;
    if (!strpbrk(s, ",\"\r\n")) {
        fputs(s, out);
        return;
    }
    fputc('"', out);
    for (; *s; s++) {
        if (*s == '"')
            fputc('"', out);
        fputc(*s, out);
    }
    fputc('"', out);
}

static void owner(FILE *out, const ts_kernel_end *e)
{
    cell(out, e->comm);
    if (e->comm)
        fprintf(out, ",%d", e->pid);
    else
        fputc(',', out);
}

static void states(FILE *out, const ts_kernel_conn *kc, guint8 end)
{
    fputc(',', out);
    const char *sep = "";
    for (guint i = 0; i < kc->n_states; i++) {
        if (kc->states[i].end == end) {
            fprintf(out, "%s%s@%.6f", sep, kc->states[i].to, kc->states[i].time);
            sep = " ";
        }
    }
}

void ts_report_kernel_csv_row(FILE *out, const ts_conn *c, const ts_kernel_report *k)
{
    const ts_kernel_conn *kc = ts_report_kernel_conn(k, c);
    if (!kc) {
        fprintf(out, ",,,,,,,,%u,,,,,,,,,,,,", ts_conn_wire_retrans(c));
        return;
    }
    owner(out, &kc->end[0]);
    owner(out, &kc->end[1]);
    states(out, kc, 0);
    states(out, kc, 1);
    fprintf(out, ",%u,%u", kc->end[0].retransmits + kc->end[1].retransmits, ts_conn_wire_retrans(c));
    guint32 cwnd;
    double srtt;
    if (ts_kernel_conn_srtt(kc, &cwnd, &srtt))
        fprintf(out, ",%u,%.3f", cwnd, srtt);
    else
        fputs(",,", out);
    for (int d = 0; d < 2; d++) {
        const ts_kernel_end *e = &kc->end[d];
        guint kernel_only, wire_only;
        if (ts_kernel_end_resend_gaps(e, &kernel_only, &wire_only))
            fprintf(out, ",%u,%u,%u,%u,%u", e->retransmits_failed, e->wire_resent, e->resent_both, kernel_only,
                    wire_only);
        else
            fputs(",,,,,", out);
    }
}
