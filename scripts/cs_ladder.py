#!/usr/bin/env python3
"""Call-flow ladders of the CS delivery matrix test, from its tshark captures.

    CMR_CS_LADDER_DIR=/tmp/cs build/.../tests/test_integration_cs --gtest_filter='cs_matrix.*'
    scripts/cs_ladder.py /tmp/cs [PROFILE[/PROTO/OUTCOME] ...] > ladders.md

The test leaves per profile PROFILE.pcapng (osmo-stp's IPA port, the IP's SIP
port and RTP, all on one loopback address) and PROFILE.cases ("ports STP SIP",
"case PROTO OUTCOME CALL_ID"). Each case is printed as a ladder between the
gsmSSF (cmr-ssf), the SCP and the intelligent peripheral (both in cmr-server):
TCAP as sent into osmo-stp (each message once; the STP relays it), the SIP
bearer, RTP runs collapsed into one line. The IP's assist dialogue with the SCP
(temporary-connection) stays inside cmr-server's cs7 instance and is not on the
wire. Times are milliseconds from the case's InitialDP. docs/cs-call-flows.md
shows the output. route-via-platform ("platform AS TRUNK" in its .cases): the
third column is the SIP application server (the platform), which cmr-ssf
calls over its trunk (A-leg) and which calls cmr-ssf back as the callee
(B-leg, the INVITE without the prefix).
"""
import os
import re
import subprocess
import sys

COL = {"SSF": 0, "SCP": 1, "IP": 2}
GAP = 30


SIP_PORTS = []  # extra UDP ports to decode as SIP (the platform's and the trunk's)


def tshark(pcap, stp, args):
    cmd = ["tshark", "-r", pcap, "-d", f"tcp.port=={stp},gsm_ipa", "-o", "rtp.heuristic_rtp:TRUE"]
    for p in SIP_PORTS:
        cmd += ["-d", f"udp.port=={p},sip"]
    cmd += args
    return subprocess.run(cmd, check=True, capture_output=True, text=True).stdout.splitlines()


def read_cases(path):
    ports, cases = None, []
    with open(path) as f:
        for line in f:
            p = line.split()
            if p and p[0] == "platform":
                # The platform takes the IP's column: SIP to its port is "to the IP".
                SIP_PORTS[:] = [int(p[1]), int(p[2])]
                ports = (ports[0], int(p[1]))
            if p and p[0] == "ports":
                ports = (int(p[1]), int(p[2]))
            elif p and p[0] == "case":
                cases.append((p[1], p[2], p[3]))
    return ports, cases


def tcap_frames(pcap, stp):
    out = []
    for line in tshark(pcap, stp, ["-Y", f"(camel || inap) && tcp.dstport=={stp}", "-T", "fields",
                                   "-E", "occurrence=a", "-E", "aggregator=,", "-e", "frame.time_epoch",
                                   "-e", "tcp.srcport", "-e", "tcap.begin_element", "-e", "tcap.continue_element",
                                   "-e", "tcap.end_element", "-e", "tcap.abort_element", "-e", "tcap.tid",
                                   "-e", "_ws.col.Info"]):
        f = line.split("\t")
        if len(f) < 8:
            continue
        kind = "BEGIN" if f[2] else "CONTINUE" if f[3] else "END" if f[4] else "ABORT"
        toks = [t for t in f[7].split() if not re.match(r"^(Begin|Continue|End|Abort|otid\(.*|dtid\(.*)$", t)]
        ops, i = [], 0
        while i < len(toks):
            if toks[i] == "invoke" and i + 1 < len(toks):
                ops.append(toks[i + 1])
                i += 2
            elif toks[i].startswith("returnResult"):
                if i + 1 < len(toks) and toks[i + 1] != "invoke" and not toks[i + 1].startswith("return"):
                    ops.append("result " + toks[i + 1])
                    i += 2
                else:
                    ops.append("result")
                    i += 1
            else:
                ops.append(toks[i])
                i += 1
        out.append({"time": float(f[0]), "port": f[1], "kind": kind, "ops": ops, "tids": f[6].split(",")})
    return out


def sip_rtp_frames(pcap, stp, sip):
    out = []
    for line in tshark(pcap, stp, ["-Y", f"sip || rtp", "-T", "fields", "-e", "frame.time_epoch",
                                   "-e", "udp.srcport", "-e", "udp.dstport", "-e", "sip.Method",
                                   "-e", "sip.Status-Code", "-e", "sip.CSeq.method", "-e", "sip.r-uri",
                                   "-e", "rtp.ssrc", "-e", "rtp.p_type"]):
        f = line.split("\t")
        if len(f) < 9:
            continue
        t, src, dst, method, status, cseq, ruri, ssrc, pt = f
        to_ip = dst == str(sip) or (ssrc == "" and dst == str(sip))
        item = {"time": float(t), "from": "SSF", "to": "IP"}
        if ssrc:
            item = {"time": float(t), "from": "IP", "to": "SSF", "rtp": "PCMA" if pt == "8" else "PCMU"}
        else:
            if not to_ip:
                item = {"time": float(t), "from": "IP", "to": "SSF"}
            if method:
                host = ("@AS" if SIP_PORTS else "@IP") if to_ip else "@SSF"
                user = re.sub(r"@.*?(;|$)", host + r"\1", ruri.replace("sip:", "")) if method == "INVITE" else ""
                item["label"] = method + (" " + user if user else "")
            else:
                item["label"] = status if cseq == "INVITE" else f"{status} ({cseq})"
        out.append(item)
    return out


def arrow(src, dst, text, notes=""):
    pos = [c * (GAP + 1) for c in range(3)]
    line = [" "] * (pos[2] + 1)
    for x in pos:
        line[x] = "|"
    a, b = pos[COL[src]], pos[COL[dst]]
    lo, hi = min(a, b), max(a, b)
    body = ("--" + text)[: hi - lo - 2]
    seg = body.ljust(hi - lo - 2, "-")
    seg = seg + ">" if a < b else "<" + seg
    line[lo + 1:hi] = list(seg)
    return "".join(line) + ("  " + notes if notes else "")


def ladder(items, t0):
    third = "AS (cmr-server)" if SIP_PORTS else "IP (cmr-server)"
    head = "       " + "".join(n.ljust(GAP + 1) for n in ["cmr-ssf (gsmSSF)", "SCP (via osmo-stp)", third])
    lines = [head.rstrip()]
    rtp = None
    for it in items:
        if "rtp" in it:
            if rtp is None:
                rtp = [it["time"], 0, it["rtp"]]
            rtp[1] += 1
            continue
        if rtp is not None:
            lines.append(f"{(rtp[0] - t0) * 1000:6.0f} " + arrow("IP", "SSF", f"RTP {rtp[2]} x{rtp[1]}"))
            rtp = None
        lines.append(f"{(it['time'] - t0) * 1000:6.0f} " + arrow(it["from"], it["to"], it["label"], it.get("notes", "")))
    if rtp is not None:
        lines.append(f"{(rtp[0] - t0) * 1000:6.0f} " + arrow("IP", "SSF", f"RTP {rtp[2]} x{rtp[1]}"))
    return "\n".join(lines)


def main():
    if len(sys.argv) < 2:
        print(__doc__)
        return 2
    d = sys.argv[1]
    wanted = sys.argv[2:]
    for name in sorted(os.listdir(d)):
        if not name.endswith(".cases"):
            continue
        profile = name[:-6]
        if wanted and not any(w.split("/")[0] == profile for w in wanted):
            continue
        SIP_PORTS.clear()
        (stp, sip), cases = read_cases(os.path.join(d, name))
        pcap = os.path.join(d, profile + ".pcapng")
        tc = tcap_frames(pcap, stp)
        media = sip_rtp_frames(pcap, stp, sip)
        starts = []
        for proto, outcome, cid in cases:
            tids = {cid}
            for m in tc:
                if cid in m["tids"]:
                    tids.update(m["tids"])
            mine = [m for m in tc if tids & set(m["tids"])]
            starts.append((proto, outcome, mine))
        for n, (proto, outcome, mine) in enumerate(starts):
            if not mine:
                continue
            if wanted and not any(w in (profile, f"{profile}/{proto}/{outcome}") for w in wanted):
                continue
            t0 = mine[0]["time"]
            t1 = starts[n + 1][2][0]["time"] if n + 1 < len(starts) and starts[n + 1][2] else float("inf")
            ssf_port = mine[0]["port"]
            items = []
            for m in mine:
                frm, to = ("SSF", "SCP") if m["port"] == ssf_port else ("SCP", "SSF")
                items.append({"time": m["time"], "from": frm, "to": to,
                              "label": f"TC-{m['kind']}", "notes": ", ".join(m["ops"])})
            items += [x for x in media if t0 <= x["time"] < t1]
            items.sort(key=lambda x: x["time"])
            print(f"### {profile}, {proto}, {outcome}\n\n```\n{ladder(items, t0)}\n```\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
