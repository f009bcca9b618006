#!/usr/bin/env python3
"""Writes the ANSI TCAP golden vectors tests/golden/ansi/*.hex (T1.114 BER,
built element by element here so that every length is computed, never typed).
The .expect files beside them are kept by hand. Usage: ansi_vectors.py DIR

(Kept in tests/golden/ansi/: the ITU codec tests read every file of
tests/golden.) The result vectors are checked by tshark after ansi_query_with_perm (their
.expect says "after"): tshark names a return result only by the invoke it saw
earlier in the transaction, keyed by the querier's TID, so each reply comes
from the side that answered the Query (TID aabbccdd + 11223344).
"""
import sys
def tlv(tag, *parts):
    v = b"".join(parts); n = len(v)
    return bytes([tag]) + (bytes([n]) if n < 128 else bytes([0x81, n])) + v
h = bytes.fromhex
E = tlv(0xf2)
RES = tlv(0xf2, h("9f570700002106214365"))  # SeizeResource result: DestinationDigits [87]
def ids(*x): return tlv(0xcf, bytes(x))
def op(s, fam=9, tag=0xd1): return tlv(tag, bytes([fam, s]))
V = {}
V["ansi_query_with_perm"] = ("QueryWithPermission, InvokeLast 1 SeizeResource (private 9/0x49), empty SET",
    tlv(0xe2, tlv(0xc7, h("11223344")), tlv(0xe8, tlv(0xe9, ids(1), op(0x49), E))))
V["ansi_query_without_perm"] = ("QueryWithoutPermission with a dialogue portion (version, OID context), InvokeNotLast 1 InstructionRequest + InvokeLast 2 SRFDirective",
    tlv(0xe3, tlv(0xc7, h("55667788")), tlv(0xf9, tlv(0xda, b"\x03"), tlv(0xdc, h("2a8648ce1d0101"))),
        tlv(0xe8, tlv(0xed, ids(1), op(0x45), E), tlv(0xe9, ids(2), op(0x4a), E))))
V["ansi_conversation_with_perm"] = ("ConversationWithPermission (8-octet TID), ReturnResultLast for 1 (DestinationDigits) + InvokeLast 2 correlated to 1",
    tlv(0xe5, tlv(0xc7, h("aabbccdd11223344")), tlv(0xe8, tlv(0xea, ids(1), RES), tlv(0xe9, ids(2, 1), op(0x4a), E))))
V["ansi_conversation_without_perm"] = ("ConversationWithoutPermission, ReturnResultNotLast for 1 (DestinationDigits) + ReturnError for 3 (private error 0x86 OperationNotSupported)",
    tlv(0xe6, tlv(0xc7, h("aabbccdd11223344")), tlv(0xe8, tlv(0xee, ids(1), RES), tlv(0xeb, ids(3), tlv(0xd4, b"\x86")))))
V["ansi_response"] = ("Response, ReturnResultLast for 1 (DestinationDigits) + Reject of 5 (invoke-unrecognisedOperation) with its empty parameter set",
    tlv(0xe4, tlv(0xc7, h("11223344")), tlv(0xe8, tlv(0xea, ids(1), RES), tlv(0xec, ids(5), tlv(0xd5, h("0202")), E))))
V["ansi_unidirectional"] = ("Unidirectional (empty TID), InvokeLast 1 DisconnectResource",
    tlv(0xe1, tlv(0xc7), tlv(0xe8, tlv(0xe9, ids(1), op(0x43), E))))
V["ansi_national_op"] = ("QueryWithPermission, InvokeLast 1 with a national operation code (family 1, specifier 2)",
    tlv(0xe2, tlv(0xc7, h("01020304")), tlv(0xe8, tlv(0xe9, ids(1), op(0x02, 0x01, 0xd0), E))))
V["ansi_abort_p_abort"] = ("Abort, P-Abort cause unassignedRespondingTransactionID",
    tlv(0xf6, tlv(0xc7, h("11223344")), tlv(0xd7, b"\x04")))
V["ansi_abort_user"] = ("Abort with user abort information (an EXTERNAL)",
    tlv(0xf6, tlv(0xc7, h("11223344")), tlv(0xf8, tlv(0x28, tlv(0x06, h("2a0304")), tlv(0x81, b"\x00")))))
out = sys.argv[1]
for name, (desc, v) in V.items():
    hx = v.hex(" ")
    lines = [hx[i:i+48].strip() for i in range(0, len(hx), 48)]
    open(f"{out}/{name}.hex", "w").write(f"# {name}: {desc}\n" + "\n".join(lines) + "\n")
    print(name, v.hex())
