#!/usr/bin/env python3
"""tshark cross-check of the golden vectors (ctest label "wire").

Each tests/golden/<name>.hex holds one TCAP message. It is wrapped in an SCCP
UDT (called/calling SSN from <name>.expect: 146 for CAP, 241 for INAP, route
on SSN with point codes) inside an IPA frame (2-byte length, stream 0xFD) on
TCP, turned into a pcap by text2pcap, and dissected by tshark. The check
fails when tshark reports anything malformed or an expert warning/error, or
when a field listed in the .expect file does not show the expected value
(an empty expected value only requires the field to be present). A
"known-issue NAME" line skips the health check for a vector tshark itself
mis-dissects (documented where the vector is built); its fields are still
checked. An "after NAME" line puts the vector NAME (and what it comes after)
in the capture first, in the same TCP stream: tshark labels an ANSI TCAP
return result only by the invoke it saw earlier in the transaction. The
health check covers every frame; the fields are read from the last one.

usage: check_golden.py GOLDEN_DIR [NAME...]
"""
import os
import subprocess
import sys
import tempfile

PORT = 5000


def sccp_udt(tcap: bytes, ssn: int) -> bytes:
    def addr(pc: int) -> bytes:
        # AI 0x43: route on SSN, SSN and point code present (ITU, 14-bit PC).
        return bytes([4, 0x43, pc & 0xFF, (pc >> 8) & 0x3F, ssn])

    called, calling = addr(0x0102), addr(0x0203)
    if len(tcap) > 255:
        raise ValueError("TCAP message too long for a UDT")
    # Pointers are relative to their own octet.
    p1 = 3
    p2 = p1 - 1 + len(called)
    p3 = p2 - 1 + len(calling)
    return bytes([0x09, 0x80, p1, p2, p3]) + called + calling + bytes([len(tcap)]) + tcap


def ipa(payload: bytes) -> bytes:
    return len(payload).to_bytes(2, "big") + b"\xfd" + payload


def hexdump(data: bytes) -> str:
    lines = []
    for off in range(0, len(data), 16):
        chunk = data[off:off + 16]
        lines.append("%06x %s" % (off, " ".join("%02x" % b for b in chunk)))
    return "\n".join(lines) + "\n"


def parse_hex(text: str) -> bytes:
    out = []
    for line in text.splitlines():
        line = line.split("#", 1)[0]
        out.extend(int(tok, 16) for tok in line.split())
    return bytes(out)


def read_expect(golden_dir: str, name: str):
    ssn = 146
    known_issue = None
    after = None
    expect = []
    with open(os.path.join(golden_dir, name + ".expect")) as f:
        for line in f:
            parts = line.split()
            if not parts:
                continue
            if parts[0] == "ssn":
                ssn = int(parts[1])
            elif parts[0] == "known-issue":
                known_issue = parts[1]
            elif parts[0] == "after":
                after = parts[1]
            else:
                expect.append((parts[0], parts[1] if len(parts) > 1 else ""))
    return ssn, known_issue, after, expect


def frames(golden_dir: str, name: str) -> list:
    """The IPA payloads of NAME's capture: what it comes after, then itself."""
    ssn, _, after, _ = read_expect(golden_dir, name)
    before = frames(golden_dir, after) if after else []
    with open(os.path.join(golden_dir, name + ".hex")) as f:
        tcap = parse_hex(f.read())
    return before + [ipa(sccp_udt(tcap, ssn))]


def check(golden_dir: str, name: str, tmp: str) -> list:
    errors = []
    _, known_issue, _, expect = read_expect(golden_dir, name)
    payloads = frames(golden_dir, name)
    txt = os.path.join(tmp, name + ".txt")
    pcap = os.path.join(tmp, name + ".pcap")
    with open(txt, "w") as f:
        f.write("".join(hexdump(p) for p in payloads))
    subprocess.run(["text2pcap", "-q", "-T", "%d,%d" % (40000, PORT), txt, pcap],
                   check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    # ANSI MAP on the WIN SSNs too (SCP 147, IP 148; docs/cdma-delivery.md).
    base = ["tshark", "-n", "-r", pcap, "-d", "tcp.port==%d,gsm_ipa" % PORT,
            "-o", "ansi_map.map.ssn:5-14,147,148"]
    bad = subprocess.run(base + ["-Y", "_ws.malformed || _ws.expert.severity >= warning"],
                         capture_output=True, text=True)
    if known_issue:
        print("%s: health check skipped (%s)" % (name, known_issue))
    elif bad.stdout.strip() or bad.returncode != 0:
        detail = subprocess.run(base + ["-V"], capture_output=True, text=True).stdout
        errors.append("%s: tshark reports problems:\n%s\n%s" % (name, bad.stdout + bad.stderr,
                                                                  detail[-3000:]))
    if expect:
        fields = []
        for field, _ in expect:
            fields += ["-e", field]
        last = ["-Y", "frame.number == %d" % len(payloads)]
        out = subprocess.run(base + last + ["-T", "fields", "-E", "separator=|", "-E", "occurrence=a",
                                     "-E", "aggregator=,"] + fields,
                             capture_output=True, text=True)
        values = out.stdout.strip().split("|")
        for (field, want), got in zip(expect, values):
            got_list = [g for g in got.split(",") if g]
            if not got_list:
                errors.append("%s: field %s missing" % (name, field))
            elif want and want not in got_list:
                errors.append("%s: field %s is %s, expected %s" % (name, field, got, want))
    return errors


def main() -> int:
    golden_dir = sys.argv[1]
    names = sys.argv[2:] or sorted(f[:-4] for f in os.listdir(golden_dir) if f.endswith(".hex"))
    errors = []
    with tempfile.TemporaryDirectory() as tmp:
        for name in names:
            errors += check(golden_dir, name, tmp)
    for e in errors:
        print(e)
    print("%d vectors checked by tshark, %d problems" % (len(names), len(errors)))
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
