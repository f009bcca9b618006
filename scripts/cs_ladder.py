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

ANSI-41 (ansi41.cases: "case ansi41 OUTCOME CALL_ID PROFILE", PROFILE
win-resource or route-via-platform; docs/cdma-call-flows.md): the columns are
the MSC (cmr-ssf), the SCP and the IP (win-resource) or the AS
(route-via-platform). The ANSI TCAP packages as sent into osmo-stp (the MSC
is the one calling from SSN 8), read from tshark's PDML so that a frame
holding two IPA messages gives two arrows in their order; operations by
their private opcode, a RETURN RESULT named after the invoke it answers
(same transaction, component ID). A case begins with the AnalyzedInformation
whose transaction ID is CALL_ID and runs until the next AnalyzedInformation
(calls run one after another; event triggers are new transactions). Select with
PROFILE or PROFILE/ansi41/OUTCOME. UDTS (a package returned) are left out,
as in the test.
"""
import xml.etree.ElementTree as ET
import os
import re
import subprocess
import sys

COL = {"SSF": 0, "SCP": 1, "IP": 2}
GAP = 30


SIP_PORTS = []  # extra UDP ports to decode as SIP (the platform's and the trunk's)
EXTRA = []      # extra tshark options (ANSI-41: SSNs 147/148 as ANSI MAP)
RAW = {}        # the .cases' ports as written ("sip", "as", "trunk")


def tshark(pcap, stp, args):
    cmd = ["tshark", "-r", pcap, "-d", f"tcp.port=={stp},gsm_ipa", "-o", "rtp.heuristic_rtp:TRUE"]
    for p in SIP_PORTS:
        cmd += ["-d", f"udp.port=={p},sip"]
    cmd += EXTRA + args
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
                RAW.update({"as": int(p[1]), "trunk": int(p[2])})
            if p and p[0] == "ports":
                ports = (int(p[1]), int(p[2]))
                RAW.update({"sip": int(p[2])})
            elif p and p[0] == "case":
                cases.append((p[1], p[2], p[3]) if len(p) < 5 else (p[1], p[2], p[3], p[4]))
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


def sip_rtp_frames(pcap, stp, sip, ip_host=None):
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
                host = (ip_host or ("@AS" if SIP_PORTS else "@IP")) if to_ip else "@SSF"
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


def ladder(items, t0, names=None):
    third = "AS (cmr-server)" if SIP_PORTS else "IP (cmr-server)"
    names = names or ["cmr-ssf (gsmSSF)", "SCP (via osmo-stp)", third]
    head = "       " + "".join(n.ljust(GAP + 1) for n in names)
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


ANSI_OPS = {2368: "AnalyzedInformation", 2370: "ConnectResource", 2371: "DisconnectResource",
            2373: "InstructionRequest", 2377: "SeizeResource", 2378: "SRFDirective",
            2379: "TBusy", 2380: "TNoAnswer", 2385: "CallControlDirective", 2387: "ODisconnect",
            2389: "TAnswer", 2390: "TDisconnect"}
ANSI_KINDS = {"queryWithPerm_element": "Query w/ perm", "queryWithoutPerm_element": "Query w/o perm",
              "conversationWithPerm_element": "Conversation w/ perm",
              "conversationWithoutPerm_element": "Conversation w/o perm",
              "response_element": "Response", "abort_element": "Abort",
              "unidirectional_element": "Unidirectional"}


def ansi_packages(pcap, stp):
    """The ANSI TCAP packages sent into the STP, one per IPA message, in order."""
    out, invokes = [], {}
    xml = "\n".join(tshark(pcap, stp, ["-Y", f"ansi_tcap && tcp.dstport=={stp}", "-T", "pdml"]))
    for pkt in ET.fromstring(xml).iter("packet"):
        t, sccp = None, {}
        for proto in pkt.iter("proto"):
            name = proto.get("name")
            if name == "frame":
                t = float(proto.find("field[@name='frame.time_epoch']").get("show"))
            elif name == "sccp":
                sccp = {f.get("name"): f.get("show") for f in proto.iter("field")}
            elif name == "ansi_tcap":
                if sccp.get("sccp.message_type") == "0x0a":
                    continue  # UDTS: a package returned, not one sent
                side = "MSC" if sccp.get("sccp.calling.ssn") == "8" else "SCP"
                kind, ids = "?", []
                for f in proto.iter("field"):
                    n = f.get("name", "")[len("ansi_tcap."):]
                    if n in ANSI_KINDS and kind == "?":
                        kind = ANSI_KINDS[n]
                    elif n == "identifier" and not ids:
                        v = f.get("value", "")
                        # Conversation: the sender's ID and the receiver's, equal lengths.
                        ids = [v[:len(v) // 2], v[len(v) // 2:]] if len(v) == 16 else [v]
                ops = []
                for c in proto.iter("field"):
                    if c.get("name") != "ansi_tcap.ComponentPDU":
                        continue
                    comp = next(iter(c), None)
                    if comp is None:
                        continue
                    cn = comp.get("name", "")
                    fields = {f.get("name"): f for f in comp.iter("field")}
                    cids = fields.get("ansi_tcap.componentIDs")
                    cid = fields.get("ansi_tcap.componentID")
                    if cn in ("ansi_tcap.invokeLast_element", "ansi_tcap.invokeNotLast_element"):
                        code = fields.get("ansi_tcap.private")
                        op = ANSI_OPS.get(int(code.get("show")), "op " + code.get("show")) if code is not None else "invoke"
                        if cids is not None:
                            for i in ids:
                                invokes[(i, side, cids.get("value", "")[:2])] = op
                        ops.append(op)
                    elif cn in ("ansi_tcap.returnResultLast_element", "ansi_tcap.returnResultNotLast_element"):
                        other = "SCP" if side == "MSC" else "MSC"
                        key = cid.get("value", "")[:2] if cid is not None else ""
                        named = [invokes[(i, other, key)] for i in ids if (i, other, key) in invokes]
                        ops.append("result " + named[0] if named else "result")
                    elif cn == "ansi_tcap.returnError_element":
                        ec = fields.get("ansi_tcap.ec_private")
                        ops.append("error" + (f" 0x{int(ec.get('show')):02X}" if ec is not None else ""))
                    elif cn == "ansi_tcap.reject_element":
                        ops.append("reject")
                if kind == "Abort":
                    ops.append("cause " + next((f.get("show") for f in proto.iter("field")
                                                if f.get("name") == "ansi_tcap.abortCause"), "user"))
                out.append({"time": t, "side": side, "kind": kind, "ids": ids, "ops": ops})
    return out


def ansi_ladders(d, profile, stp, cases, wanted):
    """ANSI-41 cases: each from its AnalyzedInformation to the next AnalyzedInformation."""
    pcap = os.path.join(d, profile + ".pcapng")
    SIP_PORTS[:] = [p for p in (RAW.get("sip"), RAW.get("as"), RAW.get("trunk")) if p]
    EXTRA[:] = ["-o", "ansi_map.map.ssn:5-14,147,148"]
    pk = ansi_packages(pcap, stp)
    starts = []
    for proto, outcome, cid, prof in cases:
        n = next((i for i, m in enumerate(pk) if m["side"] == "MSC" and m["ops"] == ["AnalyzedInformation"]
                  and cid in m["ids"]), None)
        starts.append(n)
    media = {}
    for k, (proto, outcome, cid, prof) in enumerate(cases):
        n = starts[k]
        if wanted and not any(w in (profile, prof, f"{prof}/{proto}/{outcome}") for w in wanted):
            continue
        if n is None:
            print(f"### {prof}, {proto}, {outcome}\n\n(no AnalyzedInformation with transaction {cid} in the capture)\n")
            continue
        # Until the next AnalyzedInformation of any call (listed or not).
        end = next((i for i in range(n + 1, len(pk)) if pk[i]["side"] == "MSC"
                    and pk[i]["ops"] == ["AnalyzedInformation"]), len(pk))
        t0 = pk[n]["time"]
        t1 = pk[end]["time"] if end < len(pk) else float("inf")
        rvp = prof == "route-via-platform"
        port = RAW["as"] if rvp else RAW["sip"]
        if port not in media:
            media[port] = sip_rtp_frames(pcap, stp, port, "@AS" if rvp else "@IP")
        items = [{"time": m["time"], "from": "SSF" if m["side"] == "MSC" else "SCP",
                  "to": "SCP" if m["side"] == "MSC" else "SSF", "label": m["kind"],
                  "notes": ", ".join(m["ops"])} for m in pk[n:end]]
        items += [x for x in media[port] if t0 <= x["time"] < t1]
        items.sort(key=lambda x: x["time"])  # stable: packages of one frame keep their order
        names = ["MSC (cmr-ssf)", "SCP (via osmo-stp)", "AS (cmr-server)" if rvp else "IP (cmr-server)"]
        print(f"### {prof}, {proto}, {outcome}\n\n```\n{ladder(items, t0, names)}\n```\n")


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
        SIP_PORTS.clear()
        EXTRA.clear()
        RAW.clear()
        (stp, sip), cases = read_cases(os.path.join(d, name))
        served = {profile} | {c[3] for c in cases if len(c) > 3}
        if wanted and not any(w.split("/")[0] in served for w in wanted):
            continue
        if any(len(c) > 3 for c in cases):
            ansi_ladders(d, profile, stp, cases, wanted)
            continue
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
