#!/usr/bin/env python3
"""Writes the ANSI-41 WIN golden vectors tests/golden/ansi/win_*.hex: one
ANSI TCAP message per WIN operation and per result the CDMA delivery flows
use (docs/cdma-delivery.md), the parameter SETs built here element by element
from X.S0004-550 (identifiers as in Wireshark's ansi_map.asn), independently
of in/ansi41. The .expect files beside them are kept by hand; the
wire_ansi_golden_tshark test dissects every vector, tests/unit/ansi41
checks that in/ansi41 + in/ansi_tcap encode exactly these bytes.

SSNs: 147 (SCP, WIN) for every vector but the SCP <-> IP ones (148); the
check passes -o ansi_map.map.ssn:5-14,147,148. A result's .expect names the
invoke it answers ("after"): Wireshark's ANSI MAP names a return result by
the invoke it saw before it.

Empty RETURN RESULTs carry no parameter, as the SCP sends them (T1.114
makes it optional; Wireshark 4.0 has no TAnswer result definition and names
a result by the last invoke it dissected, so an empty SET would show as
"Unknown invokeData blob" after TAnswer or after the DisconnectResource
invoke in one Response). An odd digit count (the 11-digit TLDN) is shown
with its 0000 filler as a trailing "0" (nr_digits says 11).

The IP side (SeizeResource -> SRFDirective result) is one chain of "after"s:
ANSI TCAP matches the SRFDirective result to its invoke only when it saw the
transaction from its Query.

Transaction IDs: MSC 0x0a000001 (AnalyzedInformation) and 0x0a000002.. (one
per event trigger), SCP 0x0b000001 (towards the MSC) and 0x0b000002
(towards the IP), IP 0x0c000001.

Usage: win_vectors.py DIR
"""
import sys


def length(n):
    return bytes([n]) if n < 128 else bytes([0x81, n]) if n < 256 else bytes([0x82, n >> 8, n & 0xff])


def tlv(tag, *parts):
    tag = bytes([tag]) if isinstance(tag, int) else tag
    v = b"".join(parts)
    return tag + length(len(v)) + v


def ctx(n, constructed=False):
    """Identifier octets of the context-specific tag [n]."""
    first = 0x80 | (0x20 if constructed else 0)
    if n < 31:
        return bytes([first | n])
    sub = [n & 0x7f]
    n >>= 7
    while n:
        sub.insert(0, 0x80 | (n & 0x7f))
        n >>= 7
    return bytes([first | 0x1f] + sub)


h = bytes.fromhex


def bcd(s):
    """DigitsType BCD: first digit in the low nibble, '*' 0xD, '#' 0xE, filler 0."""
    nib = {"*": 0xD, "#": 0xE}
    n = [nib.get(c, None) if c in nib else int(c) for c in s]
    if len(n) % 2:
        n.append(0)
    return bytes(n[i] | n[i + 1] << 4 for i in range(0, len(n), 2))


def digits_type(kind, number, nature=0x00, plan=2):
    return bytes([kind, nature, plan << 4 | 1, len(number)]) + bcd(number)


def SET(*params):
    return tlv(0xF2, *params)


# Parameters (X.S0004-550 identifiers).
BILLING = tlv(ctx(1), h("0123040005670" "0"))          # MarketID 0x0123, switch 4, ID 0x000567, segment 0
MSCID = tlv(ctx(21), h("012304"))
DIALED = tlv(ctx(4), digits_type(1, "6135550123"))     # Digits (Dialed)
CALLING = tlv(ctx(80), digits_type(2, "6135559876"))   # CallingPartyNumberDigits1
MIN = tlv(ctx(8), bcd("2125550100"))                   # MobileIdentificationNumber
TRANSCAP = tlv(ctx(123), h("0601"))                    # BUSY + ANN; one termination
WINCAP = tlv(ctx(280, True),
             tlv(ctx(277), h("41281e")),               # INIT ODISC / IT AT / TBUSY TNA TANS TDISC
             tlv(ctx(281), h("03")))                   # CONN CCDIR


def trigger(t):
    return tlv(ctx(279), bytes([t]))


def time_of_day(v):
    return tlv(ctx(309), v.to_bytes(3, "big"))          # INTEGER, 3 octets (v < 2^23)


TLDN = "49608000017"                                   # odd: filler nibble 0
DEST = tlv(ctx(87), digits_type(6, TLDN))              # DestinationDigits
ROUTING = tlv(ctx(150), digits_type(4, "99916135550123"))  # RoutingDigits: platform prefix + owner
PSR = tlv(ctx(265), h("00000007"))                     # PrivateSpecializedResource: announcement 7
ANNLIST = tlv(ctx(130, True), tlv(ctx(76), h("00000007")))  # tone 0, class 0, std 0, custom 7
ACTION_CONTINUE = tlv(ctx(128), h("01"))
ACTION_DISCONNECT = tlv(ctx(128), h("02"))
RELEASE_CALLING = tlv(ctx(308), h("01"))               # ReleaseCause calling party

E = SET()


# ANSI TCAP framing (T1.114, as tests/golden/ansi/ansi_vectors.py).
def ids(*x): return tlv(0xCF, bytes(x))
def op(s): return tlv(0xD1, bytes([9, s]))             # private, family 9
def invoke(cid, spec, params, linked=None):
    return tlv(0xE9, ids(cid) if linked is None else ids(cid, linked), op(spec), params)
def result(cid, params=b""): return tlv(0xEA, ids(cid), params)   # none: an empty result
def error(cid, code): return tlv(0xEB, ids(cid), tlv(0xD4, bytes([code])))
def comps(*c): return tlv(0xE8, *c)
def query(tid, *c): return tlv(0xE2, tlv(0xC7, h(tid)), comps(*c))
def conversation(otid, rtid, *c): return tlv(0xE5, tlv(0xC7, h(otid + rtid)), comps(*c))
def response(rtid, *c): return tlv(0xE4, tlv(0xC7, h(rtid)), comps(*c))


MSC, MSC_T = "0a000001", lambda n: "0a%06x" % n
SCP_MSC, SCP_IP, IP = "0b000001", "0b000002", "0c000001"

V = {}
V["win_anlyzd_query"] = ("Query w/ perm MSC -> SCP: AnalyzedInformation (InitialTermination) with every parameter the codec writes",
    query(MSC, invoke(1, 64, SET(BILLING, DIALED, MSCID, TRANSCAP, trigger(38), WINCAP, CALLING, MIN))))
V["win_anlyzd_result_routing"] = ("Response SCP -> MSC: AnalyzedInformation RETURN RESULT with RoutingDigits (route-via-platform)",
    response(MSC, result(1, SET(ROUTING))))
V["win_anlyzd_result_termination"] = ("Response SCP -> MSC: AnalyzedInformation RETURN RESULT with a TerminationList (one PSTNTermination: DestinationDigits)",
    response(MSC, result(1, SET(tlv(ctx(120, True), tlv(ctx(95, True), tlv(ctx(87), digits_type(6, "6135550999"))))))))
V["win_error_missing_parameter"] = ("Response SCP -> MSC: RETURN ERROR MissingParameter (private 0x8C) for the AnalyzedInformation",
    response(MSC, error(1, 0x8C)))
V["win_seizeres_query"] = ("Query w/ perm SCP -> IP: SeizeResource with PrivateSpecializedResource (announcement 7)",
    query(SCP_IP, invoke(1, 73, SET(PSR))))
V["win_seizeres_result"] = ("Conversation w/ perm IP -> SCP: SeizeResource RETURN RESULT, DestinationDigits = TLDN (11 digits)",
    conversation(IP, SCP_IP, result(1, SET(DEST))))
V["win_connres"] = ("Conversation w/ perm SCP -> MSC: ConnectResource, DestinationDigits = TLDN",
    conversation(SCP_MSC, MSC, invoke(2, 66, SET(DEST))))
V["win_instreq"] = ("Conversation w/ perm IP -> SCP: InstructionRequest, empty SET",
    conversation(IP, SCP_IP, invoke(2, 69, E)))
V["win_srfdir"] = ("Conversation w/ perm SCP -> IP: SRFDirective linked to the InstructionRequest, AnnouncementList (custom 7)",
    conversation(SCP_IP, IP, invoke(3, 74, SET(ANNLIST), linked=2)))
V["win_srfdir_result"] = ("Conversation w/ perm IP -> SCP: SRFDirective RETURN RESULT, empty SET",
    conversation(IP, SCP_IP, result(3, E)))
# On-line copy (spec 5.7) on WIN: the ringback played with digit collection
# (DigitCollectionControl [139], TIA-41 6.5.2.57: BRK 1 + maximum collect 1,
# minimum collect 1, maximum interaction time 30 s, initial interdigit 10 s,
# normal interdigit 5 s; Wireshark shows its octets undecoded) and the
# result with the caller's key as Digits of type "caller interaction" (3).
DCC = tlv(ctx(139), h("81011e0a05"))
V["win_srfdir_collect"] = ("Conversation w/ perm SCP -> IP: SRFDirective with AnnouncementList (custom 7) and DigitCollectionControl (one key)",
    conversation(SCP_IP, IP, invoke(3, 74, SET(ANNLIST, DCC), linked=2)))
V["win_srfdir_result_digits"] = ("Conversation w/ perm IP -> SCP: SRFDirective RETURN RESULT, Digits (caller interaction) '*'",
    conversation(IP, SCP_IP, result(3, SET(tlv(ctx(4), digits_type(3, "*"))))))
V["win_disconnres_anlyzd_result"] = ("Response SCP -> MSC: DisconnectResource (empty SET) + AnalyzedInformation RETURN RESULT (no parameter)",
    response(MSC, invoke(2, 67, E), result(1)))
V["win_tanswer"] = ("Query w/ perm MSC -> SCP: TAnswer (BillingID, ESN, MSCID, MIN, TimeDateOffset -300, TimeOfDay, TransactionCapability, TriggerType 69, WINCapability)",
    query(MSC_T(2), invoke(1, 85, SET(BILLING, tlv(ctx(9), h("8a123456")), MSCID, MIN, tlv(ctx(275), h("fed4")),
                                       time_of_day(432000), TRANSCAP, trigger(69), WINCAP))))
V["win_tanswer_result"] = ("Response SCP -> MSC: TAnswer RETURN RESULT, no parameter",
    response(MSC_T(2), result(1)))
V["win_tbusy"] = ("Query w/ perm MSC -> SCP: TBusy (TriggerType 65)",
    query(MSC_T(3), invoke(1, 75, SET(BILLING, MSCID, TRANSCAP, trigger(65), WINCAP))))
V["win_tbusy_result"] = ("Response SCP -> MSC: TBusy RETURN RESULT, ActionCode continue processing",
    response(MSC_T(3), result(1, SET(ACTION_CONTINUE))))
V["win_tnoanswer"] = ("Query w/ perm MSC -> SCP: TNoAnswer (TriggerType 66)",
    query(MSC_T(4), invoke(1, 76, SET(BILLING, MSCID, TRANSCAP, trigger(66), WINCAP))))
V["win_tnoanswer_result"] = ("Response SCP -> MSC: TNoAnswer RETURN RESULT, no parameter",
    response(MSC_T(4), result(1)))
V["win_odisconnect"] = ("Query w/ perm MSC -> SCP: ODisconnect (ReleaseCause calling party, TimeOfDay, TriggerType 41)",
    query(MSC_T(5), invoke(1, 83, SET(BILLING, MSCID, RELEASE_CALLING, time_of_day(432100), TRANSCAP, trigger(41), WINCAP))))
V["win_odisconnect_result"] = ("Response SCP -> MSC: ODisconnect RETURN RESULT, no parameter",
    response(MSC_T(5), result(1)))
V["win_tdisconnect"] = ("Query w/ perm MSC -> SCP: TDisconnect (ReleaseCause called party, TimeOfDay, TriggerType 70)",
    query(MSC_T(6), invoke(1, 86, SET(BILLING, MSCID, tlv(ctx(308), h("02")), time_of_day(432200), trigger(70)))))
V["win_ccdir"] = ("Query w/ perm SCP -> MSC: CallControlDirective, ActionCode disconnect call, AnnouncementList",
    query("0b000003", invoke(1, 81, SET(BILLING, MSCID, MIN, ACTION_DISCONNECT, ANNLIST))))

out = sys.argv[1]
for name, (desc, v) in V.items():
    hx = v.hex(" ")
    lines = [hx[i:i+48].strip() for i in range(0, len(hx), 48)]
    open(f"{out}/{name}.hex", "w").write(f"# {name}: {desc}\n" + "\n".join(lines) + "\n")
    print(name, v.hex())
