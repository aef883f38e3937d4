#!/usr/bin/env python3
"""slow_clients.py: /healthz latency while many slow clients hold connections open (issue 11,
item 7). Opens N connections to a running `gridline serve`, each sending the start of a request
("GET /healthz HTTP/1.1\\r\\nHost: a\\r\\nX-Slow: ") and one more header byte before every probe,
never finishing it; then times P probes of GET /healthz, each on a new connection, 20 ms apart,
with a 5 s timeout (a probe that times out counts as 5000 ms). Prints `name value unit` lines.

  python3 tools/slow_clients.py --port 8080 [--slow 1000] [--probes 50]

The server's open-files limit must allow N + a few connections (serve raises its soft limit to
the hard one); this process raises its own the same way.
"""
import argparse
import resource
import socket
import statistics
import time


def probe(port, timeout_s):
    t0 = time.perf_counter()
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=timeout_s) as s:
            s.sendall(b"GET /healthz HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n")
            data = b""
            while b"\r\n\r\n" not in data:
                chunk = s.recv(4096)
                if not chunk:
                    break
                data += chunk
            if not data.startswith(b"HTTP/1.1 200"):
                return timeout_s * 1000
    except OSError:
        return timeout_s * 1000
    return (time.perf_counter() - t0) * 1000


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--port", type=int, required=True)
    ap.add_argument("--slow", type=int, default=1000)
    ap.add_argument("--probes", type=int, default=50)
    args = ap.parse_args()
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
    slow = []
    for _ in range(args.slow):
        s = socket.create_connection(("127.0.0.1", args.port))
        s.sendall(b"GET /healthz HTTP/1.1\r\nHost: a\r\nX-Slow: ")
        slow.append(s)
    time.sleep(0.5)
    ms = []
    for _ in range(args.probes):
        for s in slow:
            try:
                s.sendall(b"a")
            except OSError:
                pass
        ms.append(probe(args.port, 5.0))
        time.sleep(0.02)
    ms.sort()
    p99 = ms[int(0.99 * (len(ms) - 1))]
    print(f"healthz_p99_ms_with_{args.slow}_slow_conns {p99:.1f} ms")
    print(f"healthz_median_ms_with_{args.slow}_slow_conns {statistics.median(ms):.2f} ms")
    print(f"healthz_timeouts_with_{args.slow}_slow_conns {sum(1 for m in ms if m >= 5000)} probes")
    for s in slow:
        s.close()


if __name__ == "__main__":
    main()
