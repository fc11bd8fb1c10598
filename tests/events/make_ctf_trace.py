#!/usr/bin/env python3
"""Writes a small LTTng-kernel-like CTF trace with babeltrace2's Python bindings (python3-bt2),
and the events it holds as JSON, for the CTF reader's tests.

    make_ctf_trace.py OUT      writes OUT/trace (the CTF directory) and OUT/expected.json

The events are the ones lttng-modules records for a TCP connection (network events with the
2.9+ IP and TCP headers, the socket system calls, inet_sock_local_in/out) and one event that
tcpstate does not know, on two CPUs (two streams, three packets each, times interleaved), with
LTTng's context: cpu_id in the packet context, procname/vtid/vpid in the event context.

expected.json is a list with one object per event, in time order: name, ts_ns, cpu, comm, pid,
stream, packet, the fields as babeltrace2 prints them (flattened as core/events/parse/lttng_map.h
says: "fields" is a list of [key, value]), and the typed part: kind, family, sport, dport, src,
dst and then per kind (dev, len, skbaddr and tcp_*; sk and tcp_*; call, exit, fd, ret).
"""
import ipaddress
import json
import os
import shutil
import sys
import uuid

import bt2

CLOCK_OFFSET_S = 1795358380  # the clock's origin is the epoch; events count ns from this second
DEC, HEX = bt2.IntegerDisplayBase.DECIMAL, bt2.IntegerDisplayBase.HEXADECIMAL

# ---- field types: ('u'|'s', bits, base), ('str',), ('enum', bits, {label: value}),
# ('array', elem, n), ('seq', elem) (its length is the member before it), ('struct', members),
# ('variant', {option: (selector value, type)}) (its selector is the member before it)


def u(bits, base=DEC):
    return ('u', bits, base)


def s(bits, base=DEC):
    return ('s', bits, base)


STR = ('str',)
HEADER_TYPE = ('enum', 8, {'_unknown': 0, '_ipv4': 1, '_ipv6': 2})
PROTOCOL = ('enum', 8, {'_icmp': 1, '_tcp': 6, '_udp': 17})
TRANSPORT_TYPE = ('enum', 8, {'_unknown': 0, '_tcp': 1, '_udp': 2, '_icmp': 3})
TCP = ('struct', [
    ('source_port', u(16)), ('dest_port', u(16)), ('seq', u(32)), ('ack_seq', u(32)),
    ('data_offset', u(4)), ('reserved', u(3)), ('flags', u(9, HEX)), ('window_size', u(16)),
    ('checksum', u(16, HEX)), ('urg_ptr', u(16))])
UDP = ('struct', [('source_port', u(16)), ('dest_port', u(16)), ('len', u(16)),
                  ('check', u(16, HEX))])
ICMP = ('struct', [('type', u(8)), ('code', u(8)), ('checksum', u(16, HEX)),
                   ('gateway', u(32, HEX))])
# (babeltrace2 2.0's sink.ctf.fs needs as many options as the selector has labels)
TRANSPORT = [('transport_header_type', TRANSPORT_TYPE),
             ('transport_header', ('variant', {'_unknown': (0, ('struct', [])), '_tcp': (1, TCP),
                                               '_udp': (2, UDP), '_icmp': (3, ICMP)}))]
IPV4 = ('struct', [
    ('version', u(4)), ('ihl', u(4)), ('tos', u(8)), ('tot_len', u(16)), ('id', u(16, HEX)),
    ('frag_off', u(16)), ('ttl', u(8)), ('protocol', PROTOCOL), ('checksum', u(16, HEX)),
    ('saddr', ('array', u(8), 4)), ('daddr', ('array', u(8), 4))] + TRANSPORT)
IPV6 = ('struct', [
    ('version', u(4)), ('prio', u(4)), ('flow_lbl', ('array', u(8), 3)), ('payload_len', u(16)),
    ('nexthdr', PROTOCOL), ('hop_limit', u(8)), ('saddr', ('array', u(16, HEX), 8)),
    ('daddr', ('array', u(16, HEX), 8))] + TRANSPORT)
NET = [('skbaddr', u(64, HEX)), ('len', u(32)), ('name', STR),
       ('network_header_type', HEADER_TYPE),
       ('network_header', ('variant', {'_unknown': (0, ('struct', [])), '_ipv4': (1, IPV4),
                                       '_ipv6': (2, IPV6)}))]
PEER = [('family', u(16)), ('_v4addr_length', u(32)), ('v4addr', ('seq', u(8))),
        ('_v6addr_length', u(32)), ('v6addr', ('seq', u(16, HEX)))]
SEGMENT = [('sk', u(64, HEX)), ('seq', u(32, HEX)), ('ack_seq', u(32, HEX)),
           ('check', u(16, HEX)), ('window', u(16, HEX)), ('flags', u(16, HEX))]

EVENT_TYPES = {
    'net_dev_queue': NET,
    'net_dev_xmit': NET[:1] + [('rc', s(32))] + NET[1:],
    'net_if_receive_skb': NET,
    'netif_receive_skb': NET,
    'inet_sock_local_out': SEGMENT,
    'inet_sock_local_in': SEGMENT,
    'syscall_entry_connect': [('fd', s(32)), ('uservaddr', u(64, HEX)), ('addrlen', s(32))] +
    PEER[:1] + [('dport', u(16))] + PEER[1:],
    'syscall_exit_connect': [('ret', s(32))],
    'syscall_entry_accept4': [('fd', s(32)), ('upeer_sockaddr', u(64, HEX)),
                              ('upeer_addrlen', u(64, HEX)), ('flags', s(32))],
    'syscall_exit_accept4': [('ret', s(32)), ('upeer_sockaddr', u(64, HEX)),
                             ('upeer_addrlen', u(64, HEX))] + PEER[:1] + [('sport', u(16))] +
    PEER[1:],
    'syscall_entry_sendto': [('fd', s(32)), ('buff', u(64, HEX)), ('len', u(64)),
                             ('flags', u(32)), ('addr', u(64, HEX)), ('addr_len', s(32))],
    'syscall_exit_sendto': [('ret', s(64))],
    'syscall_entry_recvfrom': [('fd', s(32)), ('size', u(64)), ('flags', u(32))],
    'syscall_exit_recvfrom': [('ret', s(64)), ('ubuf', u(64, HEX)), ('addr', u(64, HEX)),
                              ('addr_len', u(64, HEX))],
    'syscall_entry_close': [('fd', s(32))],
    'syscall_exit_close': [('ret', s(32))],
    'sched_switch': [('prev_comm', STR), ('prev_tid', s(32)), ('prev_prio', s(32)),
                     ('prev_state', s(64)), ('next_comm', STR), ('next_tid', s(32)),
                     ('next_prio', s(32))],
}

# ---- babeltrace2's text of a value (core/events/parse/lttng_map.h), to compute the expected fields


def text(t, v):
    if t[0] == 'enum':
        return next(label for label, x in t[2].items() if x == v)
    if t[0] == 'str':
        return v
    if t[2] == HEX:
        return '0x%X' % (v & ((1 << ((t[1] + 3) // 4 * 4)) - 1))
    return str(v)


def flatten(key, t, v, out):
    kind = t[0]
    if kind == 'struct':
        for name, mt in t[1]:
            flatten(key + '.' + name if key else name, mt, v[name], out)
    elif kind == 'variant':
        option, value = v
        flatten(key, t[1][option][1], value, out)
    elif kind in ('array', 'seq'):
        out.append([key, ','.join(text(t[1], x) for x in v)])
    else:
        out.append([key, text(t, v)])


# ---- the events


def ipv4_header(src, dst, sport, dport, seq, ack, flags, window, tot_len, ip_id):
    tcp = {'source_port': sport, 'dest_port': dport, 'seq': seq, 'ack_seq': ack,
           'data_offset': 8, 'reserved': 0, 'flags': flags, 'window_size': window,
           'checksum': (seq ^ ack) & 0xFFFF, 'urg_ptr': 0}
    return ('_ipv4', {
        'version': 4, 'ihl': 5, 'tos': 0, 'tot_len': tot_len, 'id': ip_id, 'frag_off': 16384,
        'ttl': 64, 'protocol': 6, 'checksum': (ip_id * 7) & 0xFFFF,
        'saddr': list(ipaddress.IPv4Address(src).packed),
        'daddr': list(ipaddress.IPv4Address(dst).packed),
        'transport_header_type': 1, 'transport_header': ('_tcp', tcp)})


def ipv6_header(src, dst, sport, dport, seq, ack, flags, window, payload_len):
    groups = lambda a: [int.from_bytes(ipaddress.IPv6Address(a).packed[i:i + 2], 'big')
                        for i in range(0, 16, 2)]
    tcp = {'source_port': sport, 'dest_port': dport, 'seq': seq, 'ack_seq': ack,
           'data_offset': 8, 'reserved': 0, 'flags': flags, 'window_size': window,
           'checksum': 0x1C2D, 'urg_ptr': 0}
    return ('_ipv6', {
        'version': 6, 'prio': 0, 'flow_lbl': [0x0B, 0x2C, 0x3D], 'payload_len': payload_len,
        'nexthdr': 6, 'hop_limit': 64, 'saddr': groups(src), 'daddr': groups(dst),
        'transport_header_type': 1, 'transport_header': ('_tcp', tcp)})


def peer(family, addr):
    v4 = list(ipaddress.IPv4Address(addr).packed) if family == 2 else []
    v6 = ([int.from_bytes(ipaddress.IPv6Address(addr).packed[i:i + 2], 'big')
           for i in range(0, 16, 2)] if family == 10 else [])
    return {'family': family, '_v4addr_length': len(v4), 'v4addr': v4,
            '_v6addr_length': len(v6), 'v6addr': v6}


CLIENT, SERVER = '10.0.10.4', '10.0.10.21'
CLIENT6, SERVER6 = 'fd00:10::4', 'fd00:10::15'
CPORT, SPORT, CPORT6 = 48361, 22, 50122
SCP, SSHD = ('scp', 4242, 4240), ('sshd', 1717, 1717)
SKB, SK_C, SK_S = 0xFFFF8800A1B2C300, 0xFFFF88001D510E00, 0xFFFF88003A77E800


def scenario():
    """(cpu, ns from CLOCK_OFFSET_S, task, name, payload) in time order; cpu 0 is the client
    (scp), cpu 1 the server (sshd), with both ends' events interleaved."""
    ev = []
    t = [1_000_000_000]

    def at(cpu, task, name, payload, step=7_321):
        t[0] += step
        ev.append((cpu, t[0], task, name, payload))

    def net(header, length, skb, rc=None, dev='eth0'):
        p = {'skbaddr': skb, 'len': length, 'name': dev,
             'network_header_type': {'_unknown': 0, '_ipv4': 1, '_ipv6': 2}[header[0]],
             'network_header': header}
        if rc is not None:
            p['rc'] = rc
        return p

    def seg(sk, seq, ack, flags, window):
        return {'sk': sk, 'seq': seq, 'ack_seq': ack, 'check': (seq + ack) & 0xFFFF,
                'window': window, 'flags': flags}

    cseq, sseq = 2768159244, 3952102261
    at(1, SSHD, 'syscall_entry_accept4', {'fd': 3, 'upeer_sockaddr': 0x7FFC9A3E1C60,
                                          'upeer_addrlen': 0x7FFC9A3E1C5C, 'flags': 524288})
    at(0, SCP, 'syscall_entry_connect', dict({'fd': 3, 'uservaddr': 0x55D0C2A1E2B0,
                                              'addrlen': 16, 'dport': SPORT},
                                             **peer(2, SERVER)))
    syn = ipv4_header(CLIENT, SERVER, CPORT, SPORT, cseq, 0, 0x002, 64240, 60, 0x1C46)
    at(0, SCP, 'net_dev_queue', net(syn, 74, SKB))
    at(0, SCP, 'net_dev_xmit', net(syn, 74, SKB, rc=0))
    at(0, SCP, 'syscall_exit_connect', {'ret': -115})
    synack = ipv4_header(SERVER, CLIENT, SPORT, CPORT, sseq, cseq + 1, 0x012, 65160, 60, 0)
    at(1, SSHD, 'net_dev_xmit', net(synack, 74, SKB + 0x100, rc=0))
    at(0, ('swapper/0', 0, 0), 'net_if_receive_skb', net(synack, 60, SKB + 0x200))
    at(1, SSHD, 'syscall_exit_accept4', dict({'ret': 4, 'upeer_sockaddr': 0x7FFC9A3E1C60,
                                              'upeer_addrlen': 0x7FFC9A3E1C5C, 'sport': CPORT},
                                             **peer(2, CLIENT)))
    cseq, sseq = cseq + 1, sseq + 1
    for i in range(4):
        n = 1000 + 100 * i
        at(0, SCP, 'syscall_entry_sendto', {'fd': 3, 'buff': 0x55D0C2A20000 + i * 0x1000,
                                            'len': n, 'flags': 0, 'addr': 0, 'addr_len': 0})
        at(0, SCP, 'inet_sock_local_out', seg(SK_C, cseq, sseq, 0x5018, 502))
        data = ipv4_header(CLIENT, SERVER, CPORT, SPORT, cseq, sseq, 0x018, 502, 52 + n,
                           0x1C47 + i)
        at(0, SCP, 'net_dev_xmit', net(data, 66 + n, SKB + 0x300 + i * 0x100, rc=0))
        at(0, SCP, 'syscall_exit_sendto', {'ret': n})
        at(1, SSHD, 'syscall_entry_recvfrom', {'fd': 4, 'size': 16384, 'flags': 0})
        at(1, ('swapper/1', 0, 0), 'net_if_receive_skb',
           net(data, 52 + n, SKB + 0x800 + i * 0x100))
        at(1, ('swapper/1', 0, 0), 'inet_sock_local_in', seg(SK_S, cseq, sseq, 0x5018, 502))
        at(1, SSHD, 'syscall_exit_recvfrom', {'ret': n, 'ubuf': 0x5612F0A00000,
                                              'addr': 0, 'addr_len': 0})
        cseq += n
        if i == 1:
            at(0, ('kworker/0:1', 88, 88), 'sched_switch', {
                'prev_comm': 'scp', 'prev_tid': 4242, 'prev_prio': 20, 'prev_state': 1,
                'next_comm': 'kworker/0:1', 'next_tid': 88, 'next_prio': 20})
            # a frame without a header the tracer knows, under ftrace's event name
            at(1, ('swapper/1', 0, 0), 'netif_receive_skb',
               net(('_unknown', {}), 42, SKB + 0xF00, dev='eth1'))
    # an IPv6 connection to the same server
    syn6 = ipv6_header(CLIENT6, SERVER6, CPORT6, SPORT, 1105000, 0, 0x002, 64800, 40)
    at(1, SSHD, 'net_if_receive_skb', net(syn6, 80, SKB + 0x1000, dev='eth0'))
    at(1, SSHD, 'syscall_exit_accept4', dict({'ret': 5, 'upeer_sockaddr': 0x7FFC9A3E1C60,
                                              'upeer_addrlen': 0x7FFC9A3E1C5C,
                                              'sport': CPORT6}, **peer(10, CLIENT6)))
    at(0, SCP, 'syscall_entry_close', {'fd': 3})
    at(0, SCP, 'syscall_exit_close', {'ret': 0})
    at(1, SSHD, 'syscall_entry_close', {'fd': 4})
    at(1, SSHD, 'syscall_exit_close', {'ret': 0})
    return ev


# ---- the typed part tcpstate should find (independent of the flattening above)

KINDS = {'net_dev_xmit': 'net_dev_xmit', 'net_dev_queue': 'net_dev_xmit',
         'netif_receive_skb': 'netif_receive_skb', 'net_if_receive_skb': 'netif_receive_skb',
         'inet_sock_local_in': 'inet_sock_local_in', 'inet_sock_local_out': 'inet_sock_local_out'}
SOCKET_CALLS = {'connect', 'accept4', 'sendto', 'recvfrom', 'close'}


def addr_text(family, raw):
    if family == 4:
        return str(ipaddress.IPv4Address(bytes(raw)))
    return str(ipaddress.IPv6Address(b''.join(g.to_bytes(2, 'big') for g in raw)))


def typed(name, p):
    e = {'family': 0, 'sport': 0, 'dport': 0, 'src': '', 'dst': ''}
    tcp = None
    if name in KINDS:
        e['kind'] = KINDS[name]
        if 'sk' in p:
            e['sk'] = p['sk']
            tcp = {'seq': p['seq'], 'ack': p['ack_seq'], 'sport': 0, 'dport': 0,
                   'flags': p['flags'], 'window': p['window']}
        else:
            e.update(dev=p['name'], len=p['len'], skbaddr=p['skbaddr'])
            option, ip = p['network_header']
            if option != '_unknown':
                fam = 4 if option == '_ipv4' else 6
                th = ip['transport_header'][1]
                e.update(family=fam, src=addr_text(fam, ip['saddr']),
                         dst=addr_text(fam, ip['daddr']), sport=th['source_port'],
                         dport=th['dest_port'])
                tcp = {'seq': th['seq'], 'ack': th['ack_seq'], 'sport': th['source_port'],
                       'dport': th['dest_port'], 'flags': th['flags'],
                       'window': th['window_size']}
    elif name.startswith('syscall_') and name.split('_', 2)[2] in SOCKET_CALLS:
        call, exit_ = name.split('_', 2)[2], name.startswith('syscall_exit_')
        e.update(kind='syscall', call=call, exit=int(exit_),
                 fd=-1 if exit_ else p.get('fd', -1), ret=p['ret'] if exit_ else 0)
        port = p.get('dport') if call == 'connect' and not exit_ else \
            p.get('sport') if call == 'accept4' and exit_ else None
        if port is not None:
            fam = 4 if p['family'] == 2 else 6
            e.update(family=fam, dport=port,
                     dst=addr_text(fam, p['v4addr'] if fam == 4 else p['v6addr']))
    else:
        e['kind'] = 'generic'
    e['tcp_present'] = int(tcp is not None)
    for k in ('seq', 'ack', 'sport', 'dport', 'flags', 'window'):
        e['tcp_' + k] = tcp[k] if tcp else 0
    return e


# ---- the trace, through a source component into sink.ctf.fs

PACKETS_PER_STREAM = 3


def plan():
    """The source's messages, (ns, rank, 'begin'|'event'|'end', cpu, packet, event) in time
    order (a packet's beginning before its events, its end after), and the expected list."""
    events = scenario()
    per_cpu = {0: [e for e in events if e[0] == 0], 1: [e for e in events if e[0] == 1]}
    msgs, expected = [], []
    bounds = {}
    for cpu, evs in per_cpu.items():
        size = -(-len(evs) // PACKETS_PER_STREAM)
        for k in range(PACKETS_PER_STREAM):
            chunk = evs[k * size:(k + 1) * size]
            bounds[(cpu, k)] = (chunk[0][1] - 500, chunk[-1][1] + 500)
    for (cpu, k), (b, e) in bounds.items():
        msgs.append((b, 0, 'begin', cpu, k, None))
        msgs.append((e, 2, 'end', cpu, k, None))
    for e in events:
        cpu, ns = e[0], e[1]
        k = next(k for k in range(PACKETS_PER_STREAM)
                 if bounds[(cpu, k)][0] <= ns <= bounds[(cpu, k)][1])
        msgs.append((ns, 1, 'event', cpu, k, e))
        (comm, tid, pid), name, payload = e[2], e[3], e[4]
        fields = [['cpu_id', str(cpu)], ['procname', comm], ['vtid', str(tid)],
                  ['vpid', str(pid)]]
        flatten('', ('struct', EVENT_TYPES[name]), payload, fields)
        x = {'name': name, 'ts_ns': CLOCK_OFFSET_S * 10**9 + ns, 'cpu': cpu, 'comm': comm,
             'pid': tid, 'stream': cpu, 'packet': k, 'fields': fields}
        x.update(typed(name, payload))
        expected.append(x)
    msgs.sort(key=lambda m: (m[0], m[1]))
    return msgs, expected


def make_fc(tc, t, members_before=None):
    kind = t[0]
    if kind in ('u', 's'):
        create = (tc.create_unsigned_integer_field_class if kind == 'u'
                  else tc.create_signed_integer_field_class)
        return create(field_value_range=t[1], preferred_display_base=t[2])
    if kind == 'str':
        return tc.create_string_field_class()
    if kind == 'enum':
        fc = tc.create_unsigned_enumeration_field_class(field_value_range=t[1])
        for label, v in t[2].items():
            fc.add_mapping(label, bt2.UnsignedIntegerRangeSet([v]))
        return fc
    if kind == 'array':
        return tc.create_static_array_field_class(make_fc(tc, t[1]), t[2])
    if kind == 'seq':
        return tc.create_dynamic_array_field_class(make_fc(tc, t[1]), length_fc=members_before[-1])
    if kind == 'variant':
        fc = tc.create_variant_field_class(selector_fc=members_before[-1])
        # named as src.ctf.fs names LTTng's options: the selector's label without its '_'
        for option, (v, ot) in t[1].items():
            fc.append_option(option.lstrip('_'), make_fc(tc, ot),
                             bt2.UnsignedIntegerRangeSet([v]))
        return fc
    fc = tc.create_structure_field_class()
    made = []
    for name, mt in t[1]:
        m = make_fc(tc, mt, made)
        made.append(m)
        fc.append_member(name, m)
    return fc


def set_field(f, t, v):
    kind = t[0]
    if kind == 'struct':
        for name, mt in t[1]:
            set_field(f[name], mt, v[name])
    elif kind == 'variant':
        option, value = v
        f.selected_option_index = list(t[1]).index(option)
        set_field(f.selected_option, t[1][option][1], value)
    elif kind in ('array', 'seq'):
        if kind == 'seq':
            f.length = len(v)
        for i, x in enumerate(v):
            f[i].value = x
    else:
        f.value = v


class _Iter(bt2._UserMessageIterator):
    def __init__(self, config, port):
        self._comp = port.user_data
        self._plan = iter(self._comp.msgs)
        self._queue = []
        self._packets = {}

    def __next__(self):
        while not self._queue:
            self._queue = self._messages(*next(self._plan))
        return self._queue.pop(0)

    def _messages(self, ns, _, what, cpu, k, e):
        c = self._comp
        stream = c.streams[cpu]
        if what == 'begin':
            packet = self._packets[cpu] = stream.create_packet()
            packet.context_field['cpu_id'] = cpu
            msgs = [self._create_packet_beginning_message(packet, ns)]
            if k == 0:
                msgs.insert(0, self._create_stream_beginning_message(stream))
            return msgs
        if what == 'end':
            msgs = [self._create_packet_end_message(self._packets[cpu], ns)]
            if k == PACKETS_PER_STREAM - 1:
                msgs.append(self._create_stream_end_message(stream))
            return msgs
        (comm, tid, pid), name, payload = e[2], e[3], e[4]
        msg = self._create_event_message(c.event_classes[name], self._packets[cpu], ns)
        ctx = msg.event.common_context_field
        ctx['procname'] = comm
        ctx['vtid'] = tid
        ctx['vpid'] = pid
        set_field(msg.event.payload_field, ('struct', EVENT_TYPES[name]), payload)
        return [msg]


class _Source(bt2._UserSourceComponent, message_iterator_class=_Iter):
    def __init__(self, config, params, obj):
        self.msgs = obj
        tc = self._create_trace_class()
        cc = self._create_clock_class(
            frequency=1_000_000_000, name='monotonic', description='Monotonic Clock',
            offset=bt2.ClockClassOffset(CLOCK_OFFSET_S, 0), origin_is_unix_epoch=True)
        pctx = tc.create_structure_field_class()
        pctx.append_member('cpu_id', tc.create_unsigned_integer_field_class(32))
        ectx = tc.create_structure_field_class()
        ectx.append_member('procname', tc.create_string_field_class())
        ectx.append_member('vtid', tc.create_signed_integer_field_class(32))
        ectx.append_member('vpid', tc.create_signed_integer_field_class(32))
        sc = tc.create_stream_class(
            name='channel0', default_clock_class=cc, supports_packets=True,
            packets_have_beginning_default_clock_snapshot=True,
            packets_have_end_default_clock_snapshot=True,
            packet_context_field_class=pctx, event_common_context_field_class=ectx)
        self.event_classes = {
            name: sc.create_event_class(name=name,
                                        payload_field_class=make_fc(tc, ('struct', t)))
            for name, t in EVENT_TYPES.items()}
        trace = tc(name='tcpstate-ctf', uuid=uuid.UUID('7c3e51a2-9d04-4e8b-b1f6-2a5c0d9e4f13'),
                   environment={
                       'hostname': 'ctfhost', 'domain': 'kernel', 'tracer_name': 'lttng-modules',
                       'tracer_major': 2, 'tracer_minor': 12, 'sysname': 'Linux',
                       'kernel_release': '6.1.0-13-amd64'})
        self.streams = {cpu: trace.create_stream(sc, name='channel0_%d' % cpu)
                        for cpu in (0, 1)}
        self._add_output_port('out', self)


def main():
    if len(sys.argv) != 2:
        sys.exit('usage: make_ctf_trace.py OUT')
    out = sys.argv[1]
    trace_dir = os.path.join(out, 'trace')
    shutil.rmtree(trace_dir, ignore_errors=True)
    os.makedirs(out, exist_ok=True)
    msgs, expected = plan()
    graph = bt2.Graph()
    src = graph.add_component(_Source, 'src', obj=msgs)
    sink_cls = bt2.find_plugin('ctf').sink_component_classes['fs']
    params = {'path': trace_dir, 'assume-single-trace': True}
    if tuple(int(x) for x in bt2.__version__.split('.')[:2]) >= (2, 1):
        # babeltrace2 2.1 writes CTF 2 by default, which the graph's MIP version 0 cannot
        # carry; the traces LTTng writes (and tcpstate reads) are CTF 1.8.
        params['ctf-version'] = '1'
    sink = graph.add_component(sink_cls, 'sink', params=params,
                               logging_level=bt2.LoggingLevel.WARNING)
    graph.connect_ports(src.output_ports['out'], sink.input_ports['in'])
    graph.run()
    with open(os.path.join(out, 'expected.json'), 'w') as f:
        f.write('[\n' + ',\n'.join(json.dumps(x) for x in expected) + '\n]\n')


if __name__ == '__main__':
    main()
