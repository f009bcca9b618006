#!/usr/bin/env python3
"""Message ladders of the SIP matrix test, from its tshark captures.

    CMR_SIP_LADDER_DIR=/tmp/ladders build/.../test_integration_sip_server
    scripts/sip_ladder.py /tmp/ladders [LAB[/CASE] ...] > ladders.md

The test leaves per lab (e.g. gateway-cmrbt) LAB.pcapng and LAB.cases
("ports SIP A B RTP_A RTP_B [S-CSCF]", "modes ...", "case NAME START END").
Each case is printed as a ladder between the caller A (sipp UAC), the IMS
lab's S-CSCF S when there is one, the CMR application server and the callee
B (sipp UAS), read with `tshark -T fields`: the method
or status, the headers that carry the CMR procedure on the right, runs of RTP
packets collapsed into one line. Times are milliseconds from the case's first
frame. docs/sip.md shows the output.
"""
import os
import re
import subprocess
import sys

FIELDS = ["frame.time_epoch", "udp.srcport", "udp.dstport", "sip.Method", "sip.Status-Code",
          "sip.CSeq.method", "sip.Alert-Info", "sip.Require", "sip.P-Early-Media",
          "sip.Content-Disposition", "sdp.media.port", "rtp.seq", "rtp.p_type",
          "sip.P-Served-User", "sip.Route", "sip.to.tag", "sip.from.tag"]
COL = {"A": 0, "AS": 1, "B": 2}
COL_IMS = {"A": 0, "S": 1, "AS": 2, "B": 3}
GAP = 22  # characters between two lifelines


def read_cases(path):
    ports, modes, cases = None, "", []
    with open(path) as f:
        for line in f:
            parts = line.split()
            if not parts:
                continue
            if parts[0] == "ports":
                ports = [int(p) for p in parts[1:7]]
            elif parts[0] == "modes":
                modes = " ".join(parts[1:])
            elif parts[0] == "case":
                cases.append((parts[1], float(parts[2]), float(parts[3])))
    return ports, modes, cases


def frames(pcap, ports):
    sip, a, b, ra, rb = ports[:5]
    scscf = ports[5] if len(ports) > 5 else None
    extra = ["-d", f"udp.port=={scscf},sip"] if scscf else []
    cmd = ["tshark", "-r", pcap] + extra + ["-d", f"udp.port=={sip},sip", "-d", f"udp.port=={ra},rtp",
           "-d", f"udp.port=={rb},rtp", "-T", "fields", "-E", "separator=/t", "-E", "occurrence=a",
           "-E", "aggregator=,"]
    for f in FIELDS:
        cmd += ["-e", f]
    out = subprocess.run(cmd, check=True, capture_output=True, text=True).stdout

    def role(port):
        port = int(port)
        if port == sip:
            return "AS"
        if scscf and port == scscf:
            return "S"
        if port in (a, ra):
            return "A"
        if port in (b, rb):
            return "B"
        return "AS"  # the server's RTP source ports

    def sdp_owner(port):
        port = int(port)
        return "A" if port == ra else "B" if port == rb else "AS"

    for line in out.splitlines():
        f = line.split("\t")
        if len(f) < len(FIELDS):
            continue
        (t, src, dst, method, status, cseq_method, alert, require, pem, disp, mports, seq, pt,
         psu, route, to_tag, from_tag) = f[: len(FIELDS)]
        item = {"time": float(t), "from": role(src), "to": role(dst), "tags": (to_tag, from_tag)}
        if seq:
            item["rtp"] = "PCMA" if pt == "8" else "PCMU" if pt == "0" else "PT " + pt
        elif method:
            item["label"] = method
        elif status:
            if status == "100":
                item["label"] = "100"
            else:
                item["label"] = status if cseq_method == "INVITE" else f"{status} ({cseq_method})"
        else:
            continue
        notes = []
        if alert:
            # the signature and expiry differ per run: shortened
            alert = re.sub(r"exp=[0-9]+", "exp=...", alert)
            notes.append("Alert-Info: " + re.sub(r"sig=([0-9a-f]{8})[0-9a-f]*", r"sig=\1...", alert))
        if require:
            notes.append("Require: " + ", ".join(sorted({r.strip() for r in require.split(",")})))
        if pem:
            notes.append("P-Early-Media: " + pem)
        if mports:
            kind = "early-session SDP" if "early-session" in disp else "SDP"
            owners = ", ".join(sdp_owner(p) for p in mports.split(","))
            notes.append(f"{kind} ({owners})")
        if psu:
            m = re.search(r"sescase=(\w+)|(orig-cdiv)", psu)
            notes.append("P-Served-User: " + (m.group(1) or m.group(2) if m else psu))
        if route and method == "INVITE":
            names = [("odi" + ("+orig" if ";orig" in r else "")) if "odi=" in r else "AS"
                     for r in route.split(",")]
            notes.append("Route: " + ", ".join(names))
        item["notes"] = "; ".join(notes)
        yield item


def mark_fork(items):
    """Forking mode (TS 24.182 A.3): the AS's own early dialog toward A (the
    To tag of its 183 with P-Early-Media) is marked "[fork]" in the notes."""
    fork = next((x["tags"][0] for x in items if "label" in x and x["from"] == "AS" and
                 x["label"] == "183" and "P-Early-Media" in x["notes"]), "")
    if not fork:
        return
    for x in items:
        if "label" in x and fork in x["tags"]:
            x["notes"] = "[fork]" + ("; " + x["notes"] if x["notes"] else "")


def arrow(src, dst, text, fill="-", col=COL):
    lo, hi = sorted((col[src], col[dst]))
    cells = []
    for i in range(len(col)):
        cells.append("|")
        if i == len(col) - 1:
            break
        if lo <= i < hi:
            body = text[: GAP - 4] if hi - lo == 1 else text[: GAP * (hi - lo) - 4]
            if hi - lo > 1 and i > lo:
                seg = fill * GAP if i < hi - 1 or col[src] > col[dst] else fill * (GAP - 1) + ">"
                if col[src] > col[dst] and i == lo:
                    seg = "<" + fill * (GAP - 1)
                cells.append(seg)
                continue
            if hi - lo > 1:  # first cell of a long arrow carries the text
                body = text[: GAP - 4]
                if col[src] < col[dst]:
                    cells.append((fill * 2 + body).ljust(GAP, fill))
                else:
                    cells.append("<" + (fill * 2 + body).ljust(GAP - 1, fill))
                continue
            if col[src] < col[dst]:
                seg = (fill * 2 + body).ljust(GAP - 1, fill) + ">"
            else:
                seg = "<" + (fill * 2 + body).ljust(GAP - 1, fill)
            cells.append(seg)
        else:
            cells.append(" " * GAP)
    return "".join(cells)


def ladder(items, ims=False):
    if not items:
        return ["(no frames)"]
    col = COL_IMS if ims else COL
    t0 = items[0]["time"]
    head = ("A".ljust(GAP + 1) + ("S-CSCF".ljust(GAP + 1) if ims else "") +
            "CMR AS".ljust(GAP + 1) + "B")
    out = ["  ms    " + head]
    i = 0
    while i < len(items):
        it = items[i]
        ms = f"{(it['time'] - t0) * 1000:6.0f}  "
        if "rtp" in it:
            j = i
            while j < len(items) and "rtp" in items[j] and items[j]["to"] == it["to"]:
                j += 1
            n = j - i
            dur = (items[j - 1]["time"] - it["time"]) * 1000
            out.append(ms + arrow(it["from"], it["to"], "RTP", "=", col) +
                       f"   {n} x {it['rtp']} 20 ms over {dur:.0f} ms")
            i = j
            continue
        line = ms + arrow(it["from"], it["to"], it["label"], "-", col)
        if it["notes"]:
            line += "   " + it["notes"]
        out.append(line)
        i += 1
    return out


def main():
    if len(sys.argv) < 2:
        print(__doc__, file=sys.stderr)
        return 2
    root = sys.argv[1]
    wanted = sys.argv[2:]
    labs = sorted(n[: -len(".cases")] for n in os.listdir(root) if n.endswith(".cases"))
    for lab in labs:
        ports, modes, cases = read_cases(os.path.join(root, lab + ".cases"))
        all_items = list(frames(os.path.join(root, lab + ".pcapng"), ports))
        for name, start, end in cases:
            if wanted and lab not in wanted and f"{lab}/{name}" not in wanted:
                continue
            items = [x for x in all_items if start <= x["time"] <= end]
            mark_fork(items)
            print(f"#### {lab} / {name} ({modes})\n")
            print("```")
            print("\n".join(ladder(items, len(ports) > 5)))
            print("```\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
