// The messages the emulated CDMA MSC builds (--protocol ansi41, win_engine.h):
// the AnalyzedInformation that opens a call and the event triggers, as
// encoded parameter SETs (in/ansi41/win_operations.h), and the operation
// table its ANSI TCAP layer runs with.
#pragma once

#include <cstdint>
#include <string>

#include "in/ansi41/win_operations.h"
#include "in/tcap/operation_table.h"
#include "tools/cmr-ssf/ssf_types.h"

namespace cmr::tools::ssf {

// TransactionCapability as sent: octet 1 busy detection (B) and
// announcements (C), the capabilities win-resource relies on; octet 2 one
// termination accepted (routing information: route-via-platform's
// RoutingDigits).
in::ansi41::bytes msc_transaction_capability();
// WINCapability as sent: TriggerCapability All_Calls and ODisconnect (octet
// 1 C, G), TBusy, TNoAnswer, TAnswer (octet 3 B, C, D): the triggers this MSC
// sends; WINOperationsCapability ConnectResource (A).
in::ansi41::win_capability msc_win_capability();

// The ElectronicSerialNumber every caller's handset has here (X.S0004 lists
// it, and TimeDateOffset, as mandatory in TAnswer and ODisconnect; the ASN.1
// makes both optional).
inline constexpr std::uint32_t k_msc_esn = 0x8f000001;

// The codec's WIN operation table (in/ansi41/win_operation_table.h) with
// AnalyzedInformation's timer set to the call timeout: its result follows
// the whole resource. Anything the SCP invokes that is not in it is
// rejected by the layer (unrecognised operation).
in::tcap::operation_table win_msc_operations(milliseconds call_timeout);

// The MIN (MobileIdentificationNumber, 10 digits) of a caller: the last ten
// digits of the number, left-padded with zeros.
std::string msid_of(const std::string& calling);

// AnalyzedInformation {BillingID, Digits (Dialed) = called, MSCID,
// TriggerType, TransactionCapability, WINCapability,
// CallingPartyNumberDigits1 = calling (when given), MSID}.
in::ansi41::analyzed_information make_analyzed_information(const ssf_settings& s,
                                                           const in::ansi41::billing_id& b,
                                                           const std::string& called,
                                                           const std::string& calling);

// The event trigger `opcode` (TAnswer, TBusy, TNoAnswer, ODisconnect) with
// its TriggerType and what X.S0004-540 makes mandatory for it: BillingID,
// MSCID, TransactionCapability, WINCapability, and TimeOfDay (`time_of_day`:
// tenths of seconds since midnight UTC), TimeDateOffset 0 (UTC) and the ESN
// for TAnswer and ODisconnect; the MSID.
in::ansi41::event_trigger make_event_trigger(const ssf_settings& s, const in::ansi41::billing_id& b,
                                             std::int32_t opcode,
                                             const std::optional<std::string>& msid,
                                             std::int32_t time_of_day);
// Tenths of seconds since midnight UTC, now.
std::int32_t time_of_day_now();

}  // namespace cmr::tools::ssf
