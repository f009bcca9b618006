// Plain SCCP values shared by the SIGTRAN binding and the TCAP layer above
// it. Free of libosmo headers: in/ includes this, never libosmo-sigtran.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace cmr::sigtran {

// An SCCP party address (Q.713 3.4). Routing here is by PC+SSN (inbound GT
// routing is not available in libosmo-sigtran 1.6); the global title fields
// are carried for logging and for peers that send them.
struct sccp_address {
  std::optional<std::uint32_t> point_code;  // 14/24-bit, per the instance's format
  std::optional<std::uint8_t> ssn;          // 146 CAP, 241 INAP, ...
  bool route_on_gt = false;
  std::string gt_digits;  // E.164 digits, empty when absent
  std::uint8_t gt_nature_of_address = 4;  // 4 = international
  std::uint8_t gt_numbering_plan = 1;     // 1 = ISDN/telephony (E.164)
  std::uint8_t gt_translation_type = 0;
  friend bool operator==(const sccp_address&, const sccp_address&) = default;
};

// One N-UNITDATA primitive (connectionless, class 0/1): what TCAP sends and
// receives.
struct n_unitdata {
  sccp_address called;
  sccp_address calling;
  std::vector<std::uint8_t> data;  // the TCAP message
  bool return_on_error = false;
  bool in_sequence = false;  // protocol class 1 (sequence control)
};

// An N-NOTICE indication (Q.711): a message this node sent could not be
// delivered. Either the network returned it (a UDTS; libosmo-sigtran 1.6
// returns undeliverable UDTs whatever their return option) or this node
// refused it after send_unitdata() had accepted it (route lost meanwhile).
// called/calling are those of the original message; data is the original
// user data (the TCAP message), empty when the network did not return it.
struct n_notice {
  sccp_address called;
  sccp_address calling;
  std::vector<std::uint8_t> data;
  std::uint8_t cause = 7;  // Q.713 3.12 return cause, e.g. 4 unequipped user, 5 MTP failure
  bool local = false;      // refused in this node rather than returned by the network
};

// Q.713 3.12 return causes used here.
namespace return_cause {
constexpr std::uint8_t subsystem_failure = 3;
constexpr std::uint8_t unequipped_user = 4;
constexpr std::uint8_t mtp_failure = 5;
constexpr std::uint8_t unqualified = 7;
constexpr std::uint8_t error_in_local_processing = 9;
}  // namespace return_cause

// The SCCP service a TCAP user gets: thread-safe send, and a receive callback
// delivered on the Asio side (never on the osmo thread).
class sccp_service {
public:
  virtual ~sccp_service() = default;
  // false when the message cannot be sent now (no active route / ASP down):
  // the caller counts it and handles it as a lost message (TCAP timers).
  virtual bool send_unitdata(n_unitdata msg) = 0;
  // The local SSN this service is bound to.
  [[nodiscard]] virtual std::uint8_t local_ssn() const = 0;
  // The local address (own PC + SSN) to put in calling/called fields.
  [[nodiscard]] virtual sccp_address local_address() const = 0;
};

using unitdata_handler = std::function<void(n_unitdata)>;
using notice_handler = std::function<void(n_notice)>;

}  // namespace cmr::sigtran
