// The bearer between the emulated switch and the intelligent peripheral, as
// the call model sees it: opened after ConnectToResource + PlayAnnouncement
// (play form) or EstablishTemporaryConnection (routing-number form), closed
// after DisconnectForwardConnection or when the call ends. sip_bearer.h is
// the SIP/RTP implementation; unit tests script their own.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "tools/cmr-ssf/rtp_checker.h"

namespace cmr::tools::ssf {

using bearer_id = std::uint64_t;  // 0: none

struct bearer_request {
  std::uint32_t call = 0;  // the call's dialogue id, echoed in the events
  // Play form: sip:annc@IP;play=cmr:<announcement_id>.
  std::optional<std::uint32_t> announcement_id;
  std::optional<std::uint8_t> repetitions;  // from PlayAnnouncement, for the RTP check
  bool bounded_by_duration = false;         // PlayAnnouncement had a duration
  // Routing-number form: sip:<digits>@IP (assistingSSPIPRoutingAddress).
  std::string routing_digits;
};

// How a bearer ended without the call model closing it.
struct bearer_end {
  enum class kind : std::uint8_t {
    remote_bye,  // the IP hung up (play completed, or routing-number form ended)
    failed,      // INVITE answered non-2xx, timed out, or transport error
  };
  kind what = kind::remote_bye;
  int status = 0;      // SIP status of a failed INVITE (0: timeout / transport)
  std::string detail;  // for traces
  rtp_report rtp;
};

// Implemented by the call model; called on the engine's strand, never from
// inside bearer_service::open() or close().
class bearer_events {
public:
  virtual ~bearer_events() = default;
  virtual void bearer_up(std::uint32_t call, bearer_id id) = 0;
  virtual void bearer_ended(std::uint32_t call, bearer_id id, const bearer_end& end) = 0;
};

class bearer_service {
public:
  virtual ~bearer_service() = default;
  // Starts the INVITE; 0 when it could not even be sent (the model treats it
  // as a failed bearer).
  virtual bearer_id open(const bearer_request& req) = 0;
  // Hangs up (BYE, or CANCEL before the answer) and returns what the RTP
  // check found so far; no event follows for this bearer.
  virtual rtp_report close(bearer_id id) = 0;
  [[nodiscard]] virtual std::size_t open_count() const = 0;
};

}  // namespace cmr::tools::ssf
