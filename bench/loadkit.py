#!/usr/bin/env python3
"""Helpers of bench/load.sh (127.0.0.1 only, bounded durations, stdlib only).

  run RESULTS MODE CASE TARGET PID -- wrk ARGS...
      Runs wrk once (with --latency), reads the server's CPU time (utime +
      stime of PID, all its threads, from /proc/PID/stat) before and after,
      and appends one line to RESULTS:
        MODE CASE TARGET REQ_PER_S P50_US P99_US CPU_US_PER_REQUEST
      Fails on any non-2xx answer; warns on socket errors.
  idle PID PORT N PATH
      Memory per idle connection: the server's resident memory (VmRSS)
      before, then with N keep-alive connections open that each sent one
      request for PATH and read its answer, then after closing them. Prints
      "RSS0_KIB RSSN_KIB KIB_PER_CONNECTION" on stdout.
  jwt TOKEN SECRET
      Checks an HS256 JWT: three base64url segments, header alg HS256, a
      valid HMAC-SHA256 under SECRET, a JSON payload with the claims
      chartgate issues (exp = iat + 3600, not expired). Exit status 1 and
      the reason on stderr when not; prints the payload when it is.
  report RESULTS MEMORY
      Medians per mode, case and target, and the ratios of issue [6/6];
      MEMORY holds the lines "MODE mem TARGET RSS0 RSSN KIB_PER_CONNECTION"
      (from idle) and "MODE rss-after-e chartgate KIB".
"""

import base64
import hashlib
import hmac
import json
import os
import re
import socket
import statistics
import subprocess
import sys
import time

CLK_TCK = os.sysconf("SC_CLK_TCK")


def cpu_seconds(pid):
    with open(f"/proc/{pid}/stat") as f:
        rest = f.read().rsplit(")", 1)[1].split()
    # rest[0] is field 3 (state): utime and stime are fields 14 and 15.
    return (int(rest[11]) + int(rest[12])) / CLK_TCK


def to_us(text):
    value, unit = re.fullmatch(r"([0-9.]+)(us|ms|s)", text).groups()
    return float(value) * {"us": 1, "ms": 1e3, "s": 1e6}[unit]


def cmd_run(argv):
    results, mode, case, target, pid = argv[:5]
    wrk = argv[argv.index("--") + 1 :]
    before = cpu_seconds(pid)
    out = subprocess.run(wrk, capture_output=True, text=True, check=True).stdout
    after = cpu_seconds(pid)
    if "Non-2xx" in out:
        sys.exit(f"non-2xx answers from {target} ({case}):\n{out}")
    if "Socket errors" in out:
        print(f"warning: {target} ({case}): " + re.search(r"Socket errors.*", out).group(0), file=sys.stderr)
    requests = int(re.search(r"(\d+) requests in", out).group(1))
    rps = float(re.search(r"Requests/sec:\s+([0-9.]+)", out).group(1))
    p50 = to_us(re.search(r"^\s+50%\s+(\S+)", out, re.M).group(1))
    p99 = to_us(re.search(r"^\s+99%\s+(\S+)", out, re.M).group(1))
    cpu = (after - before) * 1e6 / max(requests, 1)
    with open(results, "a") as f:
        f.write(f"{mode} {case} {target} {rps:.0f} {p50:.0f} {p99:.0f} {cpu:.2f}\n")


def rss_kib(pid):
    with open(f"/proc/{pid}/status") as f:
        return int(re.search(r"VmRSS:\s+(\d+) kB", f.read()).group(1))


def read_answer(sock):
    """Reads one HTTP/1.1 answer with a Content-Length; returns its status."""
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = sock.recv(65536)
        if not chunk:
            raise ConnectionError("closed before the answer's headers")
        data += chunk
    head, body = data.split(b"\r\n\r\n", 1)
    length = int(re.search(rb"(?im)^content-length:\s*(\d+)", head).group(1))
    while len(body) < length:
        chunk = sock.recv(65536)
        if not chunk:
            raise ConnectionError("closed inside the answer's body")
        body += chunk
    return int(head.split()[1])


def cmd_idle(argv):
    pid, port, n, path = argv[0], int(argv[1]), int(argv[2]), argv[3]
    request = f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n\r\n".encode()
    time.sleep(0.5)
    rss0 = rss_kib(pid)
    socks = []
    try:
        for _ in range(n):
            s = socket.create_connection(("127.0.0.1", port), timeout=10)
            s.sendall(request)
            status = read_answer(s)
            if status != 200:
                sys.exit(f"{path} answered {status}")
            socks.append(s)
        time.sleep(1.0)  # let the server settle; well inside any idle timeout
        rssn = rss_kib(pid)
    finally:
        for s in socks:
            s.close()
    print(f"{rss0} {rssn} {(rssn - rss0) / n:.1f}")


def b64url_decode(segment):
    return base64.urlsafe_b64decode(segment + "=" * (-len(segment) % 4))


def cmd_jwt(argv):
    token, secret = argv[0], argv[1].encode()
    parts = token.split(".")
    if len(parts) != 3:
        sys.exit("not three segments")
    header = json.loads(b64url_decode(parts[0]))
    if header.get("alg") != "HS256":
        sys.exit(f"alg is {header.get('alg')!r}, not HS256")
    mac = hmac.new(secret, f"{parts[0]}.{parts[1]}".encode(), hashlib.sha256).digest()
    if not hmac.compare_digest(mac, b64url_decode(parts[2])):
        sys.exit("the HMAC-SHA256 signature does not verify")
    claims = json.loads(b64url_decode(parts[1]))
    for name, kind in [("id", int), ("timestamp", int), ("iat", int), ("exp", int), ("sub", str),
                       ("scope", str), ("jti", str), ("ep", int)]:
        if not isinstance(claims.get(name), kind):
            sys.exit(f"claim {name} missing or not {kind.__name__}")
    if claims["exp"] != claims["iat"] + 3600 or claims["exp"] <= time.time():
        sys.exit("exp is not iat + 3600 in the future")
    print(json.dumps(claims))


# The ratios of issue [6/6]: (label, numerator, denominator, target or None).
RATIOS = [
    ("chartgate /healthz / baseline /healthz", ("b", "chartgate"), ("b", "baseline"), 0.95),
    ("chartgate artist / baseline, same bytes", ("a", "chartgate"), ("a", "baseline"), 0.90),
    ("chartgate artist / haproxy verify", ("a", "chartgate"), ("a", "haproxy"), None),
    ("chartgate mint / haproxy mint", ("c", "chartgate"), ("c", "haproxy"), 0.80),
]
CASES = [
    ("a", "GET /api/artist/206557, one token"),
    ("b", "GET /healthz"),
    ("c", "POST /api/token"),
    ("a'", "artist through the path script"),
    ("d", "2,000 hot sandbox paths"),
    ("e", "200,000 cold sandbox paths"),
]


def load(path):
    runs = {}
    for line in open(path):
        mode, case, target, *figures = line.split()
        runs.setdefault((mode, case, target), []).append([float(x) for x in figures])
    return runs


def medians(rows):
    return [statistics.median(column) for column in zip(*rows)]


def ratio_line(label, value, target):
    verdict = "" if target is None else f"  (target >= {target}: {'met' if value >= target else 'NOT met'})"
    return f"  {label:<48} {value:6.3f}{verdict}"


def memory_lines(path, mode):
    lines = []
    for line in open(path) if os.path.exists(path) else []:
        m, kind, target, *figures = line.split()
        if m != mode:
            continue
        if kind == "mem":
            rss0, rssn, per = figures
            lines.append(f"  idle connections, {target:<10} {float(per):8.1f} KiB each"
                         f" (RSS {int(rss0) / 1024:.1f} MiB with none, {int(rssn) / 1024:.1f} MiB with them)")
        elif kind == "rss-after-e":
            lines.append(f"  {target} resident after (e): {int(figures[0]) / 1024:.0f} MiB")
    return lines


def cmd_report(argv):
    runs = load(argv[0])
    modes = list(dict.fromkeys(mode for mode, _, _ in runs))
    med = {key: medians(rows) for key, rows in runs.items()}
    for mode in modes:
        print(f"[{mode}] medians of each target's runs; CPU is the server process's, per request")
        print(f"  {'case':<40} {'target':<10} {'req/s':>9} {'p50':>9} {'p99':>9} {'CPU/req':>9}  runs (req/s)")
        for case, label in CASES:
            for target in ("chartgate", "baseline", "haproxy"):
                key = (mode, case, target)
                if key in med:
                    rps, p50, p99, cpu = med[key]
                    every = " / ".join(f"{r[0]:.0f}" for r in runs[key])
                    print(f"  ({case}) {label:<35} {target:<10} {rps:>9.0f} {p50:>7.0f}µs {p99:>7.0f}µs"
                          f" {cpu:>7.2f}µs  {every}")
        for label, num, den, target in RATIOS:
            n, d = med.get((mode, *num)), med.get((mode, *den))
            if n and d:
                print(ratio_line(label, n[0] / d[0], target))
        d, one = med.get((mode, "d", "chartgate")), med.get((mode, "a'", "chartgate"))
        if d and one:
            print(ratio_line("d / a', throughput", d[0] / one[0], None))
            print(ratio_line("d / a', CPU per request", d[3] / one[3], None))
        for line in memory_lines(argv[1], mode):
            print(line)
    if "embedded" in modes and "cluster" in modes:
        print("[cluster / embedded]")
        for label, case, target in [("authenticated route (a)", "a", 0.80), ("mint (c)", "c", 0.60)]:
            e, c = med.get(("embedded", case, "chartgate")), med.get(("cluster", case, "chartgate"))
            if e and c:
                print(ratio_line(label, c[0] / e[0], target))


if __name__ == "__main__":
    commands = {"run": cmd_run, "idle": cmd_idle, "jwt": cmd_jwt, "report": cmd_report}
    if len(sys.argv) < 2 or sys.argv[1] not in commands:
        sys.exit(__doc__)
    commands[sys.argv[1]](sys.argv[2:])
