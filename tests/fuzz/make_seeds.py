#!/usr/bin/env python3
"""Writes the committed seed corpora tests/fuzz/corpus_<name>/ from the
tree's own test material (SIPp scenarios, RFC 4475 vectors, demo configs,
golden TCAP vectors) plus a few hand-made inputs. Run from anywhere; it
rewrites the directories it owns (not corpus_pidf). Keep the output small:
seeds only need to reach each parser's paths, the fuzzer does the rest."""
import glob
import os
import re
import struct
import wave
import io

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))


def out_dir(name):
    """The directory, emptied of what this script wrote before; regress_*
    files (crash inputs kept as regression seeds) stay."""
    d = os.path.join(HERE, "corpus_" + name)
    os.makedirs(d, exist_ok=True)
    for f in os.listdir(d):
        if not f.startswith("regress_"):
            os.remove(os.path.join(d, f))
    return d


def write(d, name, data):
    if isinstance(data, str):
        data = data.encode("utf-8", "surrogateescape")
    with open(os.path.join(d, name), "wb") as f:
        f.write(data)


# --- SIP messages from the SIPp scenarios ----------------------------------
SUBST = {
    "local_ip": "127.0.0.1", "local_port": "5070", "remote_ip": "127.0.0.1",
    "remote_port": "5060", "media_port": "40000", "call_number": "7",
    "call_id": "7-1234@127.0.0.1", "cseq": "1", "transport": "UDP",
    "media_ip": "127.0.0.1", "service": "4917", "pid": "1234", "branch": "z9hG4bK-1-7",
    "media_ip_type": "4", "peer_tag_param": ";tag=peer-1",
}
LAST = {
    "Via": "Via: SIP/2.0/UDP 127.0.0.1:5060;branch=z9hG4bK-a1;rport",
    "From": "From: \"Caller\" <sip:4917@127.0.0.1>;tag=c-1",
    "To": "To: <sip:4918@127.0.0.1>",
    "Call-ID": "Call-ID: 7-1234@127.0.0.1",
    "CSeq": "CSeq: 1 INVITE",
    "Record-Route": "Record-Route: <sip:127.0.0.1:5060;lr>",
    "Contact": "Contact: <sip:4917@127.0.0.1:5060>",
}


def sipp_messages():
    msgs = []
    for path in sorted(glob.glob(os.path.join(ROOT, "tests/sipp/**/*.xml"), recursive=True)):
        text = open(path, encoding="iso-8859-1").read()
        for block in re.findall(r"<!\[CDATA\[(.*?)\]\]>", text, re.S):
            lines = [l.strip() for l in block.strip("\n").split("\n")]
            out = []
            for l in lines:
                m = re.fullmatch(r"\[last_([A-Za-z-]+):?\](.*)", l)
                if m:
                    hdr = LAST.get(m.group(1))
                    if hdr:
                        out.append(hdr + m.group(2))
                    continue
                out.append(l)
            msg = "\r\n".join(out)
            for k, v in SUBST.items():
                msg = msg.replace("[" + k + "]", v)
            msg = re.sub(r"\[field\d+\]", "4917", msg)
            head, sep, body = msg.partition("\r\n\r\n")
            body = body.strip("\r\n")
            if body:
                body += "\r\n"
            head = head.replace("[len]", str(len(body.encode())))
            head = re.sub(r"\[[a-z_0-9:-]+\]", "x", head)
            msgs.append(head + "\r\n\r\n" + body)
    return msgs


def rfc4475():
    out = []
    for path in sorted(glob.glob(os.path.join(ROOT, "tests/vectors/rfc4475/*.sip"))):
        out.append(open(path, "rb").read().decode("utf-8", "surrogateescape"))
    return out


msgs = sipp_messages()
d = out_dir("sip_message")
seen = set()
for i, m in enumerate(msgs):
    first = m.split("\r\n", 1)[0]
    key = first.split(" ")[0] + first.split(" ")[1] if " " in first else first
    if key in seen:
        continue
    seen.add(key)
    write(d, "sipp_%02d.sip" % i, m)
# A stream: two messages back to back with a keep-alive CRLF between.
if len(msgs) >= 2:
    write(d, "stream_two.sip", msgs[0] + "\r\n\r\n" + msgs[1])

# --- SDP ------------------------------------------------------------------
d = out_dir("sdp")
sdps = set()
for m in msgs + rfc4475():
    head, _, body = m.partition("\r\n\r\n")
    if "application/sdp" in head.lower() and body.startswith("v=0"):
        sdps.add(body)
sdps.add("v=0\r\no=- 1 1 IN IP4 10.0.0.1\r\ns=-\r\nc=IN IP4 10.0.0.1\r\nt=0 0\r\n"
         "a=sendonly\r\nm=audio 4000 RTP/AVP 8 0 101\r\na=rtpmap:8 PCMA/8000\r\n"
         "a=rtpmap:0 PCMU/8000\r\na=rtpmap:101 telephone-event/8000\r\na=fmtp:101 0-15\r\n"
         "a=ptime:20\r\na=recvonly\r\nm=video 0 RTP/AVP 96\r\nb=AS:64\r\n")
sdps.add("v=0\no=alice 2890844526 2890844526 IN IP6 ::1\ns=x\nc=IN IP6 ::1\nt=0 0\n"
         "m=audio 49170/2 RTP/AVP 0\na=inactive\n")
for i, s in enumerate(sorted(sdps)[:12]):
    write(d, "sdp_%02d.sdp" % i, s)
write(d, "dtmf_relay.txt", "Signal=5\r\nDuration=160\r\n")

# --- header values (fuzz_sip_uri: selector '0'..'5') ------------------------
d = out_dir("sip_uri")
values = {0: set(), 1: set(), 2: set(), 3: set(), 4: set(), 5: set()}
for m in msgs + rfc4475():
    head = m.partition("\r\n\r\n")[0].replace("\r\n ", " ").replace("\r\n\t", " ")
    lines = head.split("\r\n")
    parts = lines[0].split(" ")
    if len(parts) == 3 and parts[2].startswith("SIP/"):
        values[0].add(parts[1])
    for l in lines[1:]:
        name, _, value = l.partition(":")
        name = name.strip().lower()
        value = value.strip()
        if name in ("from", "to", "contact", "route", "record-route", "refer-to", "f", "t", "m"):
            values[1].add(value)
        elif name in ("via", "v"):
            values[2].add(value)
        elif name in ("cseq", "rack", "rseq"):
            values[3].add(value)
        elif name in ("content-type", "c", "content-disposition"):
            values[4].add(value)
        elif name in ("p-early-media",):
            values[5].add(value)
values[0] |= {"tel:+4917012345;phone-context=+49", "sips:[2001:db8::1]:5061;transport=tls",
              "sip:user:pw@host.example;lr;maddr=10.0.0.1?subject=x&h=y", "urn:service:sos"}
values[1] |= {"*", "\"A \\\"B\\\"\" <sip:a@b>;tag=1;expires=60", "sip:a@b;tag=x"}
values[3] |= {"4711 1 INVITE", "8"}
values[4] |= {"multipart/mixed;boundary=\"unique-boundary-1\"", "early-session;handling=optional"}
values[5] |= {"sendrecv, recvonly", "gated", "supported"}
for sel, vals in values.items():
    for i, v in enumerate(sorted(vals)[:10]):
        write(d, "%d_%02d.txt" % (sel, i), str(sel) + v)
    # param lists for selector 5 as well
for i, p in enumerate(["transport=udp;lr", "q=0.5;expires=\"60\";+sip.instance=\"<urn:x>\"", "a;b;c=1"]):
    write(d, "5_p%d.txt" % i, "5" + p)

# --- multipart ----------------------------------------------------------------
d = out_dir("multipart")
sdp = ("v=0\r\no=- 1 1 IN IP4 10.0.0.1\r\ns=-\r\nc=IN IP4 10.0.0.1\r\nt=0 0\r\n"
       "m=audio 4000 RTP/AVP 8\r\na=rtpmap:8 PCMA/8000\r\n")
write(d, "early_session.txt",
      "boundary1\n--boundary1\r\nContent-Type: application/sdp\r\nContent-Disposition: session\r\n\r\n"
      + sdp + "\r\n--boundary1\r\nContent-Type: application/sdp\r\n"
      "Content-Disposition: early-session;handling=optional\r\n\r\n" + sdp + "\r\n--boundary1--\r\n")
write(d, "no_headers.txt", "b\n--b\r\n\r\nplain\r\n--b\r\nContent-Type: text/plain\r\n\r\n\r\n--b--")
for m in rfc4475():
    if "multipart/mixed" in m:
        b = re.search(r'boundary="?([^";\r\n]+)', m)
        if b:
            write(d, "rfc4475_mpart.txt", b.group(1) + "\n" + m.partition("\r\n\r\n")[2])

# --- management extras (the seed writer fuzz_mgmt_seeds makes the rest) -------
d = out_dir("mgmt_codec")
ns = 'xmlns="urn:oma:xml:CMR:messages:1.0"'
write(d, "login_prefixed.xml", b"\x00" + b'<?xml version="1.0" encoding="UTF-8"?>\n<c:LoginRequest '
      b'xmlns:c="urn:oma:xml:CMR:messages:1.0"><c:TransactionId>t&amp;1</c:TransactionId>'
      b'<c:SubscriberId> 4917 </c:SubscriberId><c:Password><![CDATA[p<w]]></c:Password></c:LoginRequest>')
write(d, "login_json.json", b"\x01" + '{"TransactionId":"t\\u00e9","SubscriberId":"4917","Password":"p","Extra":[1,2.5e3,null,true,{"a":[]}]}'.encode())
write(d, "doctype.xml", b"\x00<!DOCTYPE x [<!ENTITY a 'b'>]><LoginRequest " + ns.encode() + b">&a;</LoginRequest>")

# --- HTTP requests as the management server receives them ---------------------
d = out_dir("http_request")
body = '<LoginRequest %s><TransactionId>1</TransactionId></LoginRequest>' % ns
write(d, "post_login.http", "POST /cmr/1/Login HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/xml\r\n"
      "Content-Length: %d\r\n\r\n%s" % (len(body), body))
write(d, "keep_alive_two.http",
      "POST /cmr/1/GetResourceList HTTP/1.1\r\nHost: h\r\nAuthorization: Bearer abc\r\n"
      "Content-Type: application/json\r\nContent-Length: 2\r\n\r\n{}"
      "GET /cmr/1/content/r%2F1?expires=1&sig=ab HTTP/1.1\r\nHost: h\r\nRange: bytes=0-99\r\n\r\n")
write(d, "upload_chunked.http",
      "PUT /cmr/1/resources/res-1/content HTTP/1.1\r\nHost: h\r\nContent-Type: audio/wav\r\n"
      "Transfer-Encoding: chunked\r\nExpect: 100-continue\r\n\r\n4\r\nRIFF\r\n0\r\n\r\n")
write(d, "http10_close.http", "POST /cmr/1/Login HTTP/1.0\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
write(d, "repeated.http", "POST /cmr/1/Login HTTP/1.1\r\nContent-Type: a\r\nContent-Type: b\r\n"
      "X-CMR-TransactionId: 1\r\nContent-Length: 0\r\n\r\n")

# --- IPA frames carrying CCM and SCCP -------------------------------------------
d = out_dir("ipa_sccp")


def ipa(proto, payload):
    return struct.pack(">HB", len(payload), proto) + payload


def hexfile(name):
    t = open(os.path.join(ROOT, "tests/golden", name)).read()
    return bytes.fromhex(" ".join(l for l in t.splitlines() if not l.startswith("#")))


tcap = hexfile("initial_dp_cap_v2.hex")
called_ssn = bytes([0x43, 0x01, 0x00, 146])          # PC + SSN, route on SSN
calling_gt = bytes([0x12, 146, 0x00, 0x12, 0x04, 0x94, 0x71, 0x10, 0x32, 0x54, 0x06])  # GT 4


def udt(called, calling, data, cls=0x80):
    fixed = bytes([0x09, cls])
    p1 = 3
    p2 = 3 - 1 + 1 + len(called)
    p3 = p2 - 1 + 1 + len(calling)
    return fixed + bytes([p1, p2, p3, len(called)]) + called + bytes([len(calling)]) + calling + bytes([len(data)]) + data


def xudt(called, calling, data):
    fixed = bytes([0x11, 0x81, 0x0f])
    p1 = 4
    p2 = p1 - 1 + 1 + len(called)
    p3 = p2 - 1 + 1 + len(calling)
    return (fixed + bytes([p1, p2, p3, 0]) + bytes([len(called)]) + called + bytes([len(calling)]) + calling
            + bytes([len(data)]) + data)


write(d, "udt_tcap.bin", ipa(0xfd, udt(called_ssn, calling_gt, tcap[:200])))
# Regression: a 40-digit global title (libosmo-sigtran 1.6 overflowed the
# stack with it; sigtran/sccp_address_guard.cpp refuses it).
long_gt = bytes([0x12, 146, 0x00, 0x12, 0x04]) + bytes([0x21] * 20)
write(d, "udt_long_gt.bin", ipa(0xfd, udt(long_gt, called_ssn, tcap[:40])))
write(d, "xudt.bin", ipa(0xfd, xudt(calling_gt, called_ssn, tcap[:120])))
write(d, "ccm_ping_idresp.bin", ipa(0xfe, b"\x00") + ipa(0xfe, b"\x05\x00\x08\x08cmr-ssf\x00\x00\x02\x07\x01"))
write(d, "ccm_id_get_then_udt.bin", ipa(0xfe, b"\x04\x01\x08\x01\x07") + ipa(0xfe, b"\x06")
      + ipa(0xfd, udt(called_ssn, called_ssn, b"\x01\x92\x01\x00")))
write(d, "cr.bin", ipa(0xfd, bytes([0x01, 0x00, 0x00, 0x01, 0x02, 0x02, 0x06, 0x04]) + called_ssn + b"\x00"))
write(d, "osmo_ext.bin", ipa(0xee, b"\x00hello"))

# --- uploaded content (fuzz_content: selector = index in its Format table) -----
d = out_dir("content")


def wav_pcm(rate, channels, width, frames):
    b = io.BytesIO()
    w = wave.open(b, "wb")
    w.setnchannels(channels)
    w.setsampwidth(width)
    w.setframerate(rate)
    w.writeframes(bytes((i * 37) & 0xff for i in range(frames * channels * width)))
    w.close()
    return b.getvalue()


def wav_fmt(tag, rate, channels, bits, data):
    block = channels * bits // 8
    fmt = struct.pack("<HHIIHH", tag, channels, rate, rate * block, block, bits)
    if tag != 1:
        fmt += struct.pack("<H", 0)
    chunks = b"fmt " + struct.pack("<I", len(fmt)) + fmt
    if tag != 1:
        chunks += b"fact" + struct.pack("<II", 4, len(data) // block)
    chunks += b"data" + struct.pack("<I", len(data)) + data
    return b"RIFF" + struct.pack("<I", 4 + len(chunks)) + b"WAVE" + chunks


write(d, "wav_pcm16.bin", b"\x00" + wav_pcm(8000, 1, 2, 400))
write(d, "wav_pcm8_stereo.bin", b"\x01" + wav_pcm(16000, 2, 1, 300))
write(d, "wav_alaw.bin", b"\x02" + wav_fmt(6, 8000, 1, 8, bytes(range(256)) * 2))
write(d, "wav_ulaw.bin", b"\x03" + wav_fmt(7, 8000, 1, 8, bytes(range(256)) * 2))
write(d, "wav_float.bin", b"\x04" + wav_fmt(3, 22050, 1, 32, struct.pack("<200f", *[((i % 50) - 25) / 25.0 for i in range(200)])))
write(d, "wav_pcm24.bin", b"\x00" + wav_pcm(11025, 1, 3, 200))
write(d, "png.bin", b"\x0c\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00\x00\x00")
write(d, "jpeg.bin", b"\x0d\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00\xff\xd9")
write(d, "gif.bin", b"\x0eGIF89a\x01\x00\x01\x00\x00\x00\x00;")
write(d, "text.bin", b"\x0f" + "Grüße aus München\n".encode())
write(d, "vcard.bin", b"\x10BEGIN:VCARD\r\nVERSION:3.0\r\nFN:A B\r\nTEL:+4917\r\nEND:VCARD\r\n")
write(d, "mp4.bin", b"\x0a\x00\x00\x00\x18ftypisom\x00\x00\x02\x00isomiso2")
write(d, "flac.bin", b"\x05fLaC\x00\x00\x00\x22" + bytes(34))
write(d, "ogg.bin", b"\x06OggS\x00\x02" + bytes(20))

# --- configuration files: the daemon's own nodes from the demo configs --------
d = out_dir("vty_config")
DAEMON = ("cmr", "mgmt", "sigtran", "sip", "scp", "ip", "presence-watcher", "presentation-control")
for path in sorted(glob.glob(os.path.join(ROOT, "configs/*.cfg"))):
    if "kamailio" in path:
        continue
    out, keep = [], False
    for line in open(path).read().splitlines():
        if line and not line[0].isspace() and line[0] != "!":
            keep = line.split()[0] in DAEMON
        if keep:
            out.append(line)
    if out:
        write(d, os.path.basename(path), "\n".join(out) + "\n")
print("seeds written")
