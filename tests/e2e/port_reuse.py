"""A capture where one address and port pair serves two connections, made from http.pcap."""
import os
import struct


def same_client_port(pcap, old, new):
    """A little-endian pcap of Ethernet/IPv4/TCP frames with TCP port old changed to new (the
    checksums are left as they are: Wireshark does not check them by default)."""
    out, pos = bytearray(pcap[:24]), 24
    while pos < len(pcap):
        caplen = struct.unpack_from("<I", pcap, pos + 8)[0]
        frame = bytearray(pcap[pos + 16:pos + 16 + caplen])
        if frame[12:14] == b"\x08\x00" and frame[23] == 6:
            tcp = 14 + (frame[14] & 0x0F) * 4
            for at in (tcp, tcp + 2):
                if struct.unpack_from(">H", frame, at)[0] == old:
                    struct.pack_into(">H", frame, at, new)
        out += pcap[pos:pos + 16] + frame
        pos += 16 + caplen
    return bytes(out)


def write(http_pcap, path):
    """http.pcap with its second connection's client port (44268) set to the first one's
    (44256): tcp.stream 0 and 1 share their addresses and ports."""
    with open(http_pcap, "rb") as f:
        data = f.read()
    with open(path, "wb") as f:
        f.write(same_client_port(data, 44268, 44256))
    os.chmod(path, 0o644)
