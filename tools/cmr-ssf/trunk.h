// The switch's SIP trunk to the ringback platform, as the call model sees it
// (route-via-platform, docs/cs-delivery.md section 7): the SCP's Connect
// routes the call to platform prefix + called number; the switch places it
// on the trunk as an INVITE to the application server (the A-leg), which
// plays the ringback as early media while it extends the call back to the
// switch, to the callee (the B-leg, which this side answers as the callee
// would). sip_trunk.h is the SIP/RTP implementation; unit tests script
// their own.
#pragma once

#include <cstdint>
#include <string>

#include "tools/cmr-ssf/rtp_checker.h"
#include "tools/cmr-ssf/ssf_types.h"

namespace cmr::tools::ssf {

using trunk_id = std::uint64_t;  // 0: none

struct trunk_request {
  std::uint32_t call = 0;      // the call's dialogue id, echoed in the events
  std::string routing_digits;  // the Connect's destination: platform prefix + number
  std::string calling;         // the caller's number (From, P-Asserted-Identity)
};

// How the A-leg ended without the call model closing it.
struct trunk_end {
  int status = 0;      // the A-leg's final status (486 busy ...), 0: timeout / transport
  std::string detail;  // for traces
  rtp_report rtp;      // the ringback received during alerting
};

// Implemented by the call model; called on the engine's strand, never from
// inside trunk_service::open(), answer(), busy() or close().
class trunk_events {
public:
  virtual ~trunk_events() = default;
  // The platform's leg to the callee reached this side (it rings).
  virtual void trunk_alerting(std::uint32_t call, trunk_id id) = 0;
  // 200 OK on the A-leg after answer(): the ringback before it, checked
  // (and it must have been there), and no ringback after it.
  virtual void trunk_answered(std::uint32_t call, trunk_id id, const rtp_report& ringback) = 0;
  virtual void trunk_ended(std::uint32_t call, trunk_id id, const trunk_end& end) = 0;
};

class trunk_service {
public:
  virtual ~trunk_service() = default;
  // Sends the A-leg INVITE; 0 when it could not even be sent.
  virtual trunk_id open(const trunk_request& req) = 0;
  // The callee answers / is busy on the platform's leg (once it arrived).
  virtual void answer(trunk_id id) = 0;
  virtual void busy(trunk_id id) = 0;
  // Hangs up the A-leg (BYE, or CANCEL before the answer) and returns what
  // the RTP check found (ringback during alerting; after the answer, RTP
  // that went on is a problem); no event follows for this trunk call.
  virtual rtp_report close(trunk_id id) = 0;
  [[nodiscard]] virtual std::size_t open_count() const = 0;

  // The scenario's callee on the platform's leg, for both call models (CAP
  // and ANSI-41): answers (the A-leg's 200 follows) or is busy (its 486);
  // returns the trace line, or nullptr when the scenario acts elsewhere (no
  // answer and abandon: the call model hangs the A-leg up).
  const char* act_as_callee(trunk_id id, scenario::kind what) {
    switch (what) {
      case scenario::kind::answer:
        answer(id);
        return "callee answers on the platform's leg";
      case scenario::kind::busy:
        busy(id);
        return "callee busy on the platform's leg";
      case scenario::kind::no_answer:
      case scenario::kind::abandon:
        break;
    }
    return nullptr;
  }
};

}  // namespace cmr::tools::ssf
