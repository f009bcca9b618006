#!/usr/bin/env python3
"""docs/counters.md from the program itself, so the reference cannot drift.

Starts cmr-server on the demo configuration with every service that has
counters (the SIP application server and the presence watcher added, every
port free, a scratch directory), asks its VTY for "show asciidoc counters"
(libosmocore's own listing of every rate-counter group and stat item group,
with the descriptions the layers wrote) and turns it into Markdown tables.

  scripts/counters_reference.py BUILD/apps/cmr-server/cmr-server > docs/counters.md
  scripts/counters_reference.py BIN --check docs/counters.md   # the suite

--check also fails when a counter group described in the sources
("counter_group_desc ... {"prefix", ...") is missing from the listing: a
layer the demo configuration does not start would otherwise drop out of the
reference unnoticed.
"""
import argparse
import difflib
import os
import pathlib
import re
import socket
import subprocess
import sys
import tempfile
import time

ROOT = pathlib.Path(__file__).resolve().parent.parent

EXTRA_NODES = """
cs7 instance 0
 asp ref-link 9 0 ipa
  remote-ip 127.0.0.1
  role asp
  sctp-role client
!
sip
 bind 127.0.0.1 0
 next-hop 127.0.0.1 9 udp
 rtp-ports 0 0
!
presence-watcher
 bind 127.0.0.1 0
 server 127.0.0.1 9 udp
 domain example.org
!
"""

# Groups only tests define. (The demo configuration's ASPs are dynamic: the
# client ASP above, toward a port nobody listens on, makes a cmr_sigtran-asp
# group exist.)
TEST_ONLY = {"testgrp", "probe"}


def demo_config() -> str:
    cfg = (ROOT / "configs" / "cmr-server.cfg").read_text()
    for old, new in (("bind 127.0.0.1 4260", "bind 127.0.0.1 0"),
                     ("bind 127.0.0.1 8080", "bind 127.0.0.1 0"),
                     ("bind 127.0.0.1 5070", "bind 127.0.0.1 0"),
                     ("listen ipa 5000", "listen ipa 0"),
                     ("logging color 1", "logging color 0")):
        cfg = cfg.replace(old, new)
    return cfg + EXTRA_NODES


def vty_command(port: int, command: str) -> str:
    """The command's output: read until the prompt comes back after it."""
    with socket.create_connection(("127.0.0.1", port), timeout=5) as s:
        s.sendall(command.encode() + b"\r\n")
        out = b""
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            try:
                chunk = s.recv(65536)
            except socket.timeout:
                break
            if not chunk:
                break
            out += chunk
            text = out.decode(errors="replace")
            at = text.find(command)
            if at >= 0 and text.rstrip().endswith(">") and text.count("\n", at) > 2:
                break
    return out.decode(errors="replace")


def listing(server: str) -> str:
    with tempfile.TemporaryDirectory(prefix="cmr-counters-ref.") as tmp:
        (pathlib.Path(tmp) / "ref.cfg").write_text(demo_config())
        err = pathlib.Path(tmp) / "err.log"
        with open(err, "w") as log:
            proc = subprocess.Popen([server, "-c", "ref.cfg"], cwd=tmp, stdout=log, stderr=log)
        try:
            port = None
            deadline = time.monotonic() + 20
            while time.monotonic() < deadline and proc.poll() is None:
                text = err.read_text(errors="replace")
                m = re.search(r"VTY telnet listening on [0-9.]+:([0-9]+)", text)
                if m and " started" in text:
                    port = int(m.group(1))
                    break
                time.sleep(0.1)
            if port is None:
                sys.exit("cmr-server did not start:\n" + err.read_text(errors="replace"))
            return vty_command(port, "show asciidoc counters")
        finally:
            proc.terminate()
            try:
                proc.wait(10)
            except subprocess.TimeoutExpired:
                proc.kill()


def parse(text: str):
    """{libosmocore group name: (description, [(name, description)], [(name, description, unit)])}"""
    groups = {}
    section = None
    current = None
    for line in text.splitlines():
        line = line.rstrip("\r")
        if line.startswith("=== Rate Counters"):
            section = "counters"
        elif line.startswith("=== Osmo Stat Items"):
            section = "items"
        elif line.startswith("=== "):
            section = None
        m = re.match(r"^\.(\S+) - (.*)$", line)
        if m and section:
            name, desc = m.group(1), m.group(2)
            current = groups.setdefault(name, (desc, {}, {}))
            continue
        if current is None or not line.startswith("| ") or line.startswith("| Name |"):
            continue
        cells = [c.strip() for c in line[1:].split(" | ")]
        if section == "counters" and len(cells) >= 3:
            current[1].setdefault(cells[0], cells[2])
        elif section == "items" and len(cells) >= 4:
            current[2].setdefault(cells[0], (cells[2], cells[3]))
    return groups


def cell(text: str) -> str:
    return text.replace("|", "\\|")


def markdown(groups) -> str:
    out = [
        "# Counter and stat item reference",
        "",
        "Generated from the program by `scripts/counters_reference.py` (the suite's",
        "`counters_reference_current` test fails when this file and the program disagree). Every",
        "group is a libosmocore rate-counter group (`show rate-counters`, CTRL `rate_ctr.*`, statsd",
        "`|c`) and, where it has levels, a stat item group (`show stats`, CTRL `stat_item.*`,",
        "statsd `|g`); the Prometheus exposition on `GET /metrics` carries the same values",
        "(docs/operations.md). `sigtran_as` is libosmo-sigtran's own group.",
        "",
    ]
    for name in sorted(groups):
        desc, counters, items = groups[name]
        out += [f"## `{name}`: {desc}", ""]
        if counters:
            out += ["| counter | description |", "|---|---|"]
            out += [f"| `{c}` | {cell(d)} |" for c, d in counters.items()]
            out.append("")
        if items:
            out += ["| stat item (gauge) | description | unit |", "|---|---|---|"]
            out += [f"| `{c}` | {cell(d)} | {cell(u)} |" for c, (d, u) in items.items()]
            out.append("")
    return "\n".join(out)


def described_in_sources():
    found = set()
    pattern = re.compile(r'counter_group_desc\s+\w+\s*\{\s*"([a-z0-9-]+)"')
    for top in ("apps", "common", "in", "media", "mgmt", "sigtran", "sip", "store", "presence"):
        for path in (ROOT / top).rglob("*.[ch]*"):
            if path.suffix in (".cpp", ".h"):
                found.update(pattern.findall(path.read_text(errors="replace")))
    return found - TEST_ONLY


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("server")
    ap.add_argument("--check", metavar="MD")
    args = ap.parse_args()
    groups = parse(listing(os.path.abspath(args.server)))
    text = markdown(groups)
    if not args.check:
        sys.stdout.write(text)
        return
    missing = sorted(p for p in described_in_sources() if "cmr_" + p not in groups)
    if missing:
        sys.exit("groups described in the sources but not listed by the server: " + ", ".join(missing))
    committed = pathlib.Path(args.check).read_text()
    if committed != text:
        diff = difflib.unified_diff(committed.splitlines(), text.splitlines(), "committed",
                                    "generated", lineterm="")
        sys.exit("\n".join(list(diff)[:80]) +
                 f"\n{args.check} is stale: regenerate it with scripts/counters_reference.py")
    print(f"ok: {args.check} matches the program ({len(groups)} groups)")


if __name__ == "__main__":
    main()
