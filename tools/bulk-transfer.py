#!/usr/bin/env python3
"""One bulk TCP transfer whose two ends stay open until every byte has arrived (for
tools/record-bulk-loss.sh):

    bulk-transfer.py recv ADDR PORT BYTES   accept one connection, read BYTES, answer "done",
                                            read to the sender's FIN, close
    bulk-transfer.py send ADDR PORT BYTES   connect, send BYTES, wait for "done", close

The sender uses CUBIC (the usual default, which backs off on loss) whatever the system's
default is (BBR on some kernels); a restricted algorithm needs CAP_NET_ADMIN, so root.

The receiver closes nothing before the last byte is in, so the sender stays ESTABLISHED for
the whole transfer and the kernel's tcp_probe fires on every ACK it gets (it does not fire in
FIN_WAIT or CLOSE_WAIT). Every wait is bounded by TIMEOUT seconds."""
import socket
import sys

TIMEOUT = 60
CHUNK = 65536


def recv(addr, port, size):
    with socket.create_server((addr, port)) as server:
        server.settimeout(TIMEOUT)
        conn, _ = server.accept()
    with conn:
        conn.settimeout(TIMEOUT)
        got = 0
        while got < size:
            data = conn.recv(min(CHUNK, size - got))
            if not data:
                sys.exit(f"bulk-transfer: connection closed after {got} of {size} bytes")
            got += len(data)
        conn.sendall(b"done\n")
        while conn.recv(CHUNK):
            pass


def send(addr, port, size):
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as conn:
        conn.setsockopt(socket.IPPROTO_TCP, socket.TCP_CONGESTION, b"cubic")
        conn.settimeout(TIMEOUT)
        conn.connect((addr, port))
        block = bytes(CHUNK)
        left = size
        while left > 0:
            conn.sendall(block[:min(CHUNK, left)])
            left -= min(CHUNK, left)
        if conn.recv(16) != b"done\n":
            sys.exit("bulk-transfer: no \"done\" from the receiver")


def main():
    if len(sys.argv) != 5 or sys.argv[1] not in ("recv", "send"):
        sys.exit(__doc__)
    mode, addr, port, size = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
    (recv if mode == "recv" else send)(addr, port, size)


if __name__ == "__main__":
    main()
