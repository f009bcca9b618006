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

// TransactionCapability octet 1 as sent: busy detection (B) and
// announcements (C), the capabilities win-resource relies on.
inline constexpr std::uint8_t k_msc_transaction_capability = 0x06;
// WINCapability / TriggerCapability octet 1 as sent: All_Calls (C).
inline constexpr std::uint8_t k_msc_trigger_capability = 0x04;

// The operations the MSC sends and receives, with classes and timers:
// AnalyzedInformation and the event triggers (class 1, the SCP answers with
// a RETURN RESULT; AnalyzedInformation's timer is the call timeout, as its
// result follows the whole resource), ConnectResource, DisconnectResource
// and CallControlDirective (class 4, received). Anything else the SCP
// invokes is rejected by the layer (unrecognised operation).
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

// The event trigger's TriggerType (ansi41::trigger::t_answer ...).
in::ansi41::event_trigger make_event_trigger(const ssf_settings& s, const in::ansi41::billing_id& b,
                                             std::uint8_t trigger_type,
                                             const std::optional<std::string>& msid);

}  // namespace cmr::tools::ssf
