/* The kernel lines of the text report: per connection the processes, the kernel's state changes
 * of each end, retransmissions (kernel against wire), cwnd and srtt; section E the events file;
 * section J each end's retransmissions, kernel and wire. */
#include "report_kernel.h"

static void process(FILE *out, const char *which, const ts_kernel_end *e)
{
    if (e->comm)
        fprintf(out, "%s process: %s (pid %d)\n", which, e->comm, e->pid);
    else
        fprintf(out, "%s process: unknown\n", which);
}

static void states(FILE *out, const char *which, const ts_kernel_conn *kc, guint8 end)
{
    fprintf(out, "Kernel states of the %s:", which);
    guint n = 0;
    for (guint i = 0; i < kc->n_states; i++) {
        if (kc->states[i].end != end)
            continue;
        fprintf(out, " %s@%.6f", kc->states[i].to, kc->states[i].time);
        n++;
    }
    fputs(n ? "\n" : " none\n", out);
}

void ts_report_kernel_text_conn(FILE *out, const ts_conn *c, const ts_kernel_report *k)
{
    const ts_kernel_conn *kc = ts_report_kernel_conn(k, c);
    if (!kc) {
        fputs("Kernel events: none\n", out);
        return;
    }
    process(out, "Source", &kc->end[0]);
    process(out, "Destination", &kc->end[1]);
    states(out, "source", kc, 0);
    states(out, "destination", kc, 1);
    fprintf(out, "Retransmissions: kernel %u, wire %u\n", kc->end[0].retransmits + kc->end[1].retransmits,
            ts_conn_wire_retrans(c));
    guint32 cwnd;
    double srtt;
    if (ts_kernel_conn_srtt(kc, &cwnd, &srtt))
        fprintf(out, "Kernel max cwnd: %u segments, mean srtt: %.1f us", cwnd, srtt);
    else
        fputs("Kernel max cwnd: n/a, mean srtt: n/a", out);
    if (c->rtt.n)
        fprintf(out, " (wire RTT mean: %.1f us)\n", ts_acc_mean(&c->rtt) * 1e6);
    else
        fputs(" (wire RTT mean: n/a)\n", out);
}

void ts_report_kernel_text_section(FILE *out, const ts_table *t, const ts_kernel_report *k)
{
    const ts_kernel_summary *s = &k->summary;
    guint n = ts_table_count(t), with = 0;
    for (guint i = 0; i < n; i++)
        with += ts_report_kernel_conn(k, ts_table_nth(t, i)) != NULL;
    fputs("\nE) Kernel events\n\n", out);
    fprintf(out, "Events file: %s\n", s->file ? s->file : "");
    fprintf(out, "Format: %s, %u events, %u lines, %u bad lines, %u lost", s->format ? s->format : "n/a",
            s->events, s->lines, s->bad_lines, s->lost);
    if (s->cut)
        fprintf(out, ", %u stream%s cut short (the events after each cut are missing)", s->cut,
                s->cut == 1 ? "" : "s");
    fputc('\n', out);
    if (s->aligned) {
        char off[32];
        fprintf(out,
                "Clock offset: %s seconds%s, drift %.3f ppm, %u anchors (%u outliers), "
                "residual median %.1f us, max %.1f us\n",
                ts_kernel_offset_str(s->offset_ns, off, sizeof off), s->manual ? " (manual)" : "", s->drift_ppm,
                s->anchors, s->outliers, s->residual_median_us, s->residual_max_us);
    } else {
        fputs("Clock offset: not found\n", out);
    }
    fprintf(out, "Matched events: %u of %u (%.1f%%), %u outside the capture\n", s->matched, s->applicable,
            100.0 * ts_kernel_summary_match_rate(s), s->outside);
    if (s->mismatch)
        fprintf(out, "Not used: the events do not fit this capture: %s\n", s->mismatch);
    fprintf(out, "Connections with kernel events: %u of %u\n", with, n);
    if (s->describe && *s->describe)
        fprintf(out, "%s\n", s->describe);
    fputs("___________________________________________________\n", out);
}

/* Section J: per connection with kernel facts and any re-send, each end's retransmissions as
 * the kernel made them and as the capture shows them, paired in time (kernel_resend.h). */
void ts_report_kernel_text_resends(FILE *out, const ts_table *t, const ts_kernel_report *k)
{
    static const char *which[2] = {"source", "destination"};
    guint n = ts_table_count(t), with = 0;
    for (guint i = 0; i < n; i++) {
        const ts_conn *c = ts_table_nth(t, i);
        const ts_kernel_conn *kc = ts_report_kernel_conn(k, c);
        if (!kc || kc->end[0].retransmits + kc->end[1].retransmits + kc->end[0].wire_resent + kc->end[1].wire_resent == 0)
            continue;
        if (with++ == 0)
            fputs("\nJ) Retransmissions, kernel and wire (a kernel retransmission and a re-send on the wire of "
                  "the same end within 0.25 s of each other are paired; kernel only: sent, but no re-send "
                  "captured: lost before the capture point or not captured; wire only: a re-send the events do "
                  "not account for: another host's, a copy the network made, or one the tracepoint did not "
                  "report):\n\n",
                  out);
        for (int d = 0; d < 2; d++) {
            const ts_kernel_end *e = &kc->end[d];
            guint kernel_only, wire_only;
            fprintf(out, "Connection %u, %s: ", c->stream, which[d]);
            if (!ts_kernel_end_resend_gaps(e, &kernel_only, &wire_only)) {
                fprintf(out, "not traced (no kernel event of its socket), wire %u\n", e->wire_resent);
                continue;
            }
            fprintf(out, "kernel %u", e->retransmits);
            if (e->retransmits_failed)
                fprintf(out, " (%u of them dropped before leaving the host)", e->retransmits_failed);
            fprintf(out, ", wire %u, paired %u, kernel only %u, wire only %u\n", e->wire_resent, e->resent_both,
                    kernel_only, wire_only);
        }
    }
    if (with)
        fputs("___________________________________________________\n", out);
}
