#include "kernel_fields.h"

#include <epan/expert.h>

#include "kernel_context.h"
#include "kernel_summary.h"

static int proto = -1;
static int hf_kernel = -1, hf_event = -1, hf_time = -1, hf_delta_us = -1, hf_pid = -1;
static int hf_comm = -1, hf_cpu = -1, hf_state = -1, hf_cwnd = -1, hf_ssthresh = -1;
static int hf_srtt_us = -1, hf_snd_wnd = -1, hf_rcv_wnd = -1, hf_retransmit = -1;
static int hf_match = -1, hf_line = -1;
static gint ett_tcpstate_k = -1, ett_kernel = -1, ett_event = -1;
static expert_field ei_clock = EI_INIT, ei_match = EI_INIT, ei_mismatch = EI_INIT;

static int *const all_fields[] = {
    &hf_kernel, &hf_event, &hf_time, &hf_delta_us, &hf_pid, &hf_comm, &hf_cpu, &hf_state,
    &hf_cwnd, &hf_ssthresh, &hf_srtt_us, &hf_snd_wnd, &hf_rcv_wnd, &hf_retransmit, &hf_match, &hf_line,
};

void kernel_fields_register(int p)
{
    static hf_register_info hf[] = {
        {&hf_kernel, {"Kernel events", "tcpstate.kernel", FT_NONE, BASE_NONE, NULL, 0x0,
                      "Kernel events matched to this frame (preference tcpstate.events_file)", HFILL}},
        {&hf_event, {"Event", "tcpstate.kernel.event", FT_STRING, BASE_NONE, NULL, 0x0,
                     "Name of the kernel event (tracepoint, or the eBPF row's function)", HFILL}},
        {&hf_time, {"Kernel time", "tcpstate.kernel.time", FT_ABSOLUTE_TIME, ABSOLUTE_TIME_LOCAL, NULL, 0x0,
                    "The event's time on the capture's clock (aligned)", HFILL}},
        {&hf_delta_us, {"Capture minus kernel time (us)", "tcpstate.kernel.delta_us", FT_DOUBLE, BASE_NONE,
                        NULL, 0x0, "Capture time of the frame minus the aligned time of the event, in "
                        "microseconds: time in the stack", HFILL}},
        {&hf_pid, {"PID", "tcpstate.kernel.pid", FT_INT32, BASE_DEC, NULL, 0x0,
                   "Task running when the event fired", HFILL}},
        {&hf_comm, {"Command", "tcpstate.kernel.comm", FT_STRING, BASE_NONE, NULL, 0x0,
                    "Name of the task running when the event fired", HFILL}},
        {&hf_cpu, {"CPU", "tcpstate.kernel.cpu", FT_UINT32, BASE_DEC, NULL, 0x0, NULL, HFILL}},
        {&hf_state, {"Kernel TCP state", "tcpstate.kernel.state", FT_STRING, BASE_NONE, NULL, 0x0,
                     "The socket's state (the new one for inet_sock_set_state)", HFILL}},
        {&hf_cwnd, {"Congestion window", "tcpstate.kernel.cwnd", FT_UINT32, BASE_DEC, NULL, 0x0,
                    "tcp_probe snd_cwnd (segments)", HFILL}},
        {&hf_ssthresh, {"Slow start threshold", "tcpstate.kernel.ssthresh", FT_UINT32, BASE_DEC, NULL, 0x0,
                        "tcp_probe ssthresh (segments)", HFILL}},
        {&hf_srtt_us, {"Smoothed RTT (us)", "tcpstate.kernel.srtt_us", FT_UINT32, BASE_DEC, NULL, 0x0,
                       "tcp_probe srtt", HFILL}},
        {&hf_snd_wnd, {"Send window", "tcpstate.kernel.snd_wnd", FT_UINT32, BASE_DEC, NULL, 0x0,
                       "tcp_probe snd_wnd (bytes)", HFILL}},
        {&hf_rcv_wnd, {"Receive window", "tcpstate.kernel.rcv_wnd", FT_UINT32, BASE_DEC, NULL, 0x0,
                       "tcp_probe rcv_wnd (bytes)", HFILL}},
        {&hf_retransmit, {"Kernel retransmission", "tcpstate.kernel.retransmit", FT_BOOLEAN, BASE_NONE, NULL,
                          0x0, "The kernel retransmitted this segment (tcp_retransmit_skb)", HFILL}},
        {&hf_match, {"Matched by", "tcpstate.kernel.match", FT_STRING, BASE_NONE, NULL, 0x0,
                     "frame (the very frame), skb (through the net_dev_xmit of the same skb) or "
                     "nearest (nearest packet of the connection)", HFILL}},
        {&hf_line, {"Line", "tcpstate.kernel.line", FT_UINT32, BASE_DEC, NULL, 0x0,
                    "Line of the event in the events file", HFILL}},
    };
    static gint *ett[] = {&ett_tcpstate_k, &ett_kernel, &ett_event};
    static ei_register_info ei[] = {
        {&ei_clock, {"tcpstate.kernel.clock", PI_ASSUMPTION, PI_NOTE,
                     "Clock alignment of the kernel events", EXPFILL}},
        {&ei_match, {"tcpstate.kernel.matched", PI_ASSUMPTION, PI_NOTE,
                     "Matching of the kernel events to packets", EXPFILL}},
        {&ei_mismatch, {"tcpstate.kernel.mismatch", PI_ASSUMPTION, PI_WARN,
                        "The kernel events do not fit this capture", EXPFILL}},
    };
    proto = p;
    proto_register_field_array(p, hf, array_length(hf));
    proto_register_subtree_array(ett, array_length(ett));
    expert_register_field_array(expert_register_protocol(p), ei, array_length(ei));
}

static proto_item *gen(proto_item *pi)
{
    proto_item_set_generated(pi);
    return pi;
}

static const char *state_name(const ts_event *ev)
{
    switch (ev->kind) {
    case TS_EV_INET_SOCK_SET_STATE:
        return ev->u.state.newname;
    case TS_EV_TCP_RETRANSMIT_SKB:
    case TS_EV_TCP_SEND_RESET:
    case TS_EV_TCP_RECEIVE_RESET:
        return ev->u.sk.state_name;
    case TS_EV_EBPF_ROW:
        return ev->u.ebpf.state_name;
    default:
        return NULL;
    }
}

static void add_event(proto_tree *kt, tvbuff_t *tvb, const kernel_view *v, const ts_event *ev,
                      const ts_event_match *m, gint64 frame_ns)
{
    gint64 at = ts_clock_to_epoch_ns(&v->fit, ev->ts_ns);
    double delta_us = (double)(frame_ns - at) / 1000.0;
    proto_item *ei = gen(proto_tree_add_string(kt, hf_event, tvb, 0, 0, ev->name));
    proto_item_append_text(ei, " (%+.3f us, line %u)", delta_us, ev->line);
    proto_tree *t = proto_item_add_subtree(ei, ett_event);
    nstime_t ns = {.secs = (time_t)(at / 1000000000), .nsecs = (int)(at % 1000000000)};
    if (ns.nsecs < 0) {
        ns.secs--;
        ns.nsecs += 1000000000;
    }
    gen(proto_tree_add_time(t, hf_time, tvb, 0, 0, &ns));
    gen(proto_tree_add_double(t, hf_delta_us, tvb, 0, 0, delta_us));
    if (ev->pid >= 0)
        gen(proto_tree_add_int(t, hf_pid, tvb, 0, 0, ev->pid));
    if (ev->comm && *ev->comm)
        gen(proto_tree_add_string(t, hf_comm, tvb, 0, 0, ev->comm));
    if (ev->cpu >= 0)
        gen(proto_tree_add_uint(t, hf_cpu, tvb, 0, 0, (guint32)ev->cpu));
    const char *st = state_name(ev);
    if (st && *st) {
        proto_item *si = gen(proto_tree_add_string(t, hf_state, tvb, 0, 0, st));
        if (ev->kind == TS_EV_INET_SOCK_SET_STATE && ev->u.state.oldname)
            proto_item_append_text(si, " (from %s)", ev->u.state.oldname);
    }
    if (ev->kind == TS_EV_TCP_PROBE) {
        gen(proto_tree_add_uint(t, hf_cwnd, tvb, 0, 0, ev->u.probe.snd_cwnd));
        gen(proto_tree_add_uint(t, hf_ssthresh, tvb, 0, 0, ev->u.probe.ssthresh));
        gen(proto_tree_add_uint(t, hf_srtt_us, tvb, 0, 0, ev->u.probe.srtt_us));
        gen(proto_tree_add_uint(t, hf_snd_wnd, tvb, 0, 0, ev->u.probe.snd_wnd));
        gen(proto_tree_add_uint(t, hf_rcv_wnd, tvb, 0, 0, ev->u.probe.rcv_wnd));
    }
    if (ev->kind == TS_EV_TCP_RETRANSMIT_SKB)
        gen(proto_tree_add_boolean(t, hf_retransmit, tvb, 0, 0, TRUE));
    gen(proto_tree_add_string(t, hf_match, tvb, 0, 0, ts_match_how_name(m->how)));
    gen(proto_tree_add_uint(t, hf_line, tvb, 0, 0, ev->line));
}

static gboolean any_field_referenced(proto_tree *tree)
{
    for (guint i = 0; i < G_N_ELEMENTS(all_fields); i++)
        if (proto_field_is_referenced(tree, *all_fields[i]))
            return TRUE;
    return FALSE;
}

static proto_tree *tcpstate_tree(proto_tree *tree, tvbuff_t *tvb)
{
    proto_item *ti = gen(proto_tree_add_item(tree, proto, tvb, 0, 0, ENC_NA));
    return proto_item_add_subtree(ti, ett_tcpstate_k);
}

void kernel_fields_add(proto_tree *tree, proto_tree *ts_tree, tvbuff_t *tvb, packet_info *pinfo)
{
    if (!PINFO_FD_VISITED(pinfo)) {
        if (tree && kernel_context_collecting() && any_field_referenced(tree))
            kernel_summary_one_pass_note();
        return;
    }
    const kernel_view *v = kernel_context_view();
    if (!v || !v->n_pkts)
        return;
    gint idx = kernel_context_packet_index(v, pinfo->num);
    if (idx < 0)
        return;
    if (idx == 0) {
        GString *clock = g_string_new(NULL), *match = g_string_new(NULL);
        kernel_summary_parts(clock, match);
        if (tree && !ts_tree)
            ts_tree = tcpstate_tree(tree, tvb);
        proto_item *ti = ts_tree ? proto_tree_get_parent(ts_tree) : NULL;
        expert_add_info_format(pinfo, ti, &ei_clock, "%s", clock->str);
        expert_add_info_format(pinfo, ti, &ei_match, "Kernel events %s", match->str);
        GString *warning = g_string_new(NULL);
        if (kernel_summary_mismatch(warning))
            expert_add_info_format(pinfo, ti, &ei_mismatch, "%s", warning->str);
        g_string_free(warning, TRUE);
        g_string_free(clock, TRUE);
        g_string_free(match, TRUE);
    }
    guint n = 0;
    const guint32 *evi = v->matches && !v->mismatch ? ts_matches_of_packet(v->matches, (guint)idx, &n) : NULL;
    if (!tree || !n)
        return;
    if (!ts_tree)
        ts_tree = tcpstate_tree(tree, tvb);
    proto_item *ki = gen(proto_tree_add_none_format(ts_tree, hf_kernel, tvb, 0, 0, "Kernel events: %u", n));
    proto_tree *kt = proto_item_add_subtree(ki, ett_kernel);
    for (guint i = 0; i < n; i++)
        add_event(kt, tvb, v, &v->evs->ev[evi[i]], &v->matches->ev[evi[i]], v->pkts[idx].time_ns);
}
