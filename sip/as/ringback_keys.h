// On-line copy and presentation control on the SIP modes (spec 5.7,
// DESIGN.md 9d, docs/sip.md "On-line copy and presentation control on
// SIP"): what a call keeps of its CMRBT decision for the caller's keys (the
// owner's controls, the box the resource came from, DefaultCMRResourceId1),
// the forwarded-to number of a 181, and the counters of the key path. The
// call drives it (call_keys.cpp); these parts are pure and unit-tested.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/counters.h"
#include "common/ringback_control.h"
#include "sip/message/message.h"
#include "store/decision.h"

namespace cmr::sip::as {

// The parts of a CMRBT decision the caller's keys act on, copied out of
// the snapshot (the decision's views do not outlive it).
struct ringback_plan {
  ringback::controls rules;  // the owner's (CMR-6), else the system's
  std::string box_id;        // the box the decision drew the resource from; empty: none
  store::play_mode box_mode = store::play_mode::random;
  std::vector<std::string> box;  // the box's resources, in their order
  // The owner's DefaultCMRResourceId1 for CMRBT, reduced to resources (a box
  // entry gives its resources in order), in list order: played after a stop.
  std::vector<std::string> default1;
};

// The controls that apply to the decision's owner: its CMR-6
// PresentationControl settings, else the system's (`settings.system`).
ringback::controls controls_of(const store::decision& d,
                               const ringback::presentation_settings& settings);

ringback_plan plan_of(const store::decision& d, const ringback::presentation_settings& settings);

// What a skip plays: the box's resources after `current`, in box order,
// wrapping around, without `current` itself (first the one right after it).
// Empty: not from a box, or the box has no other resource.
std::vector<std::string> skip_candidates(const std::vector<std::string>& box,
                                         std::string_view current);

// The forwarded-to number a 181 (or any response of a forwarded call)
// names: the last entry of History-Info (RFC 7044: the target reached last),
// else the user of its Contact; digits only (normalize_number). "" when
// none.
std::string forwarded_to_number(const message& rsp);

// A 182 or 183 from the callee's side that brings the network's own
// announcement (busy / no-answer announcement, "the person you called..."):
// it carries a session SDP and, when P-Early-Media is present, authorises
// sending (sendonly or sendrecv).
bool is_network_announcement(const message& rsp);

// libosmocore group "cmr_sip-as-keys"; "show cmr sip" lists them too.
struct key_counters {
  key_counters();
  counter_group group;
  counter_ref keys{group, "keys"}, keys_rtp{group, "keys-rtp"}, keys_info{group, "keys-info"},
      keys_ignored{group, "keys-ignored"}, copies{group, "copies-asked"},
      copy_repeated{group, "copy-repeated"}, copied{group, "copy-copied"},
      already_owned{group, "copy-already-owned"}, privacy_refused{group, "copy-privacy-refused"},
      credit_refused{group, "copy-credit-refused"}, library_full{group, "copy-library-full"},
      not_subscriber{group, "copy-not-subscriber"}, own_resource{group, "copy-own-resource"},
      unavailable{group, "copy-resource-unavailable"}, busy{group, "copy-busy"},
      failed{group, "copy-failed"}, copy_late{group, "copy-late"}, prompts{group, "prompts"},
      skips{group, "skips"}, skips_ignored{group, "skips-ignored"}, stops{group, "stops"},
      floods{group, "floods"}, late_keys{group, "late-keys"}, info_bad{group, "info-bad-body"},
      info_unsupported{group, "info-unsupported"}, rtp_malformed{group, "rtp-malformed"},
      rtp_unknown_events{group, "rtp-unknown-events"}, forwards{group, "forward-rules"},
      announcements{group, "announcement-rules"};
  void count(ringback::copy_outcome o);
  // "name value" lines for "show cmr sip".
  [[nodiscard]] std::string text() const;
};

}  // namespace cmr::sip::as
