/* The "kernel" objects of the JSON report: per connection (null without events) and the summary. */
#include "report_kernel.h"

static void string_or_null(FILE *out, const char *s)
{
    if (!s) {
        fputs("null", out);
        return;
    }
    fputc('"', out);
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if (*p == '"' || *p == '\\')
            fprintf(out, "\\%c", *p);
        else if (*p < 0x20)
            fprintf(out, "\\u%04x", *p);
        else
            fputc(*p, out);
    }
    fputc('"', out);
}

static void end(FILE *out, const char *name, const ts_kernel_end *e)
{
    fprintf(out, "\"%s\": {\"comm\": ", name);
    string_or_null(out, e->comm);
    if (e->comm)
        fprintf(out, ", \"pid\": %d, \"line\": %u", e->pid, e->owner_line);
    else
        fputs(", \"pid\": null, \"line\": null", out);
    fprintf(out,
            ", \"retransmits\": %u, \"retransmits_failed\": %u, \"wire_resent\": %u, \"resent_both\": %u, "
            "\"kernel_only\": ",
            e->retransmits, e->retransmits_failed, e->wire_resent, e->resent_both);
    guint kernel_only, wire_only;
    if (ts_kernel_end_resend_gaps(e, &kernel_only, &wire_only))
        fprintf(out, "%u, \"wire_only\": %u", kernel_only, wire_only);
    else
        fputs("null, \"wire_only\": null", out);
    fprintf(out, ", \"probes\": %u, \"max_cwnd\": ", e->probes);
    if (e->probes)
        fprintf(out, "%u, \"mean_srtt_us\": %.9g}", e->max_cwnd, ts_kernel_end_mean_srtt_us(e));
    else
        fputs("null, \"mean_srtt_us\": null}", out);
}

void ts_report_kernel_json_conn(FILE *out, const ts_conn *c, const ts_kernel_report *k)
{
    const ts_kernel_conn *kc = ts_report_kernel_conn(k, c);
    fputs(", \"kernel\": ", out);
    if (!kc) {
        fputs("null", out);
        return;
    }
    fputc('{', out);
    end(out, "client", &kc->end[0]);
    fputs(", ", out);
    end(out, "server", &kc->end[1]);
    fputs(", \"states\": [", out);
    for (guint i = 0; i < kc->n_states; i++) {
        const ts_kernel_state_change *s = &kc->states[i];
        fprintf(out, "%s{\"end\": \"%s\", \"from\": ", i ? ", " : "", s->end ? "server" : "client");
        string_or_null(out, s->from);
        fputs(", \"to\": ", out);
        string_or_null(out, s->to);
        fprintf(out, ", \"time\": %.6f}", s->time);
    }
    fprintf(out, "], \"retransmits\": {\"kernel\": %u, \"wire\": %u}, \"max_cwnd\": ",
            kc->end[0].retransmits + kc->end[1].retransmits, ts_conn_wire_retrans(c));
    guint32 cwnd;
    double srtt;
    if (ts_kernel_conn_srtt(kc, &cwnd, &srtt))
        fprintf(out, "%u, \"mean_srtt_us\": %.9g}", cwnd, srtt);
    else
        fputs("null, \"mean_srtt_us\": null}", out);
}

void ts_report_kernel_json_summary(FILE *out, const ts_kernel_report *k)
{
    const ts_kernel_summary *s = &k->summary;
    fputs(", \"kernel\": {\"file\": ", out);
    string_or_null(out, s->file);
    fputs(", \"format\": ", out);
    string_or_null(out, s->format);
    fputs(", \"offset\": ", out);
    if (s->aligned) {
        char off[32];
        fprintf(out, "%s, \"drift_ppm\": %.9g, \"anchors\": %u, \"residual_median_us\": %.9g, "
                     "\"residual_max_us\": %.9g",
                ts_kernel_offset_str(s->offset_ns, off, sizeof off), s->drift_ppm, s->anchors,
                s->residual_median_us, s->residual_max_us);
    } else {
        fputs("null, \"drift_ppm\": null, \"anchors\": 0, \"residual_median_us\": null, "
              "\"residual_max_us\": null",
              out);
    }
    fprintf(out,
            ", \"manual\": %s, \"match_rate\": %.9g, \"matched\": %u, \"applicable\": %u, \"events\": %u, "
            "\"bad_lines\": %u, \"lost\": %u, \"outside\": %u",
            s->manual ? "true" : "false", ts_kernel_summary_match_rate(s), s->matched, s->applicable, s->events,
            s->bad_lines, s->lost, s->outside);
    if (s->cut)
        fprintf(out, ", \"cut_streams\": %u", s->cut);
    if (s->mismatch) {
        fputs(", \"mismatch\": ", out);
        string_or_null(out, s->mismatch);
    }
    fputc('}', out);
}
