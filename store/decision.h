// The ringing decision (DESIGN.md section 5): which resource to present to a
// call, and why. decide() is a pure function of its inputs (the snapshot, the
// resource catalogue, the time in the input, the rotation counters), so CS and
// SIP ask the same question the same way and tests need no store.
//
// Hot path: decide() allocates nothing in the common case. Names in a
// decision (conditions, box ids, skipped ids) are views into the snapshot and
// the system defaults it was made from: keep those alive while reading them.
// decision_engine's decisions hold both, so they are self-contained.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "store/civil_time.h"
#include "common/inline_vector.h"
#include "common/ringback_control.h"
#include "store/media_set.h"
#include "store/model.h"
#include "store/rotation.h"
#include "store/snapshot.h"

namespace cmr::store {

// The system setting: what to present when nothing of the owner's is usable.
// Need not be in the owner's library, but must be active, unexpired and
// carriable.
struct system_defaults {
  std::string cmrbt;  // resource id; empty: none
  std::string cmrt;
  // The keys and event rules during a ringback for owners without CMR-6
  // PresentationControl settings (cmr-server: the "presentation-control"
  // node).
  ringback::controls controls;
  [[nodiscard]] const std::string& for_service(service s) const {
    return s == service::cmrt ? cmrt : cmrbt;
  }
};

struct decision_input {
  // The CMR subscriber whose settings apply; decide() takes the identity from
  // the snapshot (they are the same), this names the request in logs.
  std::string owner;
  service svc = service::cmrbt;
  std::string other_party;  // E.164 digits (a leading '+' is ignored); empty: withheld
  timestamp now{};
  media_set caps = media_set::cs();
  // After the caller stopped the presentation (spec 5.7 presentation
  // control): only DefaultCMRResourceId1, "the default CMR Resources to be
  // presented when the presenting CMR Resource is stopped"; else nothing.
  bool default1_only = false;
};

enum class skip_reason : std::uint8_t {
  not_in_library,
  library_expired,
  resource_unknown,
  inactive,
  suspended,
  expired,
  media_not_carried,
  box_empty,
  box_unknown,
};
const char* to_string(skip_reason r);

// Which list a candidate came from.
enum class candidate_source : std::uint8_t { rule, default1, default2, system_default };
const char* to_string(candidate_source s);

struct skipped_candidate {
  candidate_source from = candidate_source::rule;
  skip_reason why = skip_reason::resource_unknown;
  std::string_view id;      // resource id; the box id for box_empty / box_unknown
  std::string_view box_id;  // the box a resource came from, if any
};

struct matched_rule {
  presentation_type type = presentation_type::group;
  std::int32_t priority = 0;
  std::size_t setting_index = 0;  // index into the service's settings, as stored
  std::size_t rule_index = 0;     // index into the setting's rules
  std::string_view condition;
};

struct decision {
  enum class reason : std::uint8_t {
    not_found,       // unknown owner
    not_subscribed,  // owner not subscribed to the service
    suspended,       // owner suspended
    rule,            // a matching rule's item
    default1,        // a rule matched but gave nothing usable: DefaultCMRResourceId1
    default2,        // no rule matched: DefaultCMRResourceId2
    system_default,
    nothing,         // nothing usable: the call proceeds untouched
  };

  resource_ptr resource;  // nullptr: present nothing
  reason why = reason::nothing;
  std::optional<matched_rule> rule;  // the first matching rule, if any
  // Where the resource came from: its index in the rule's items, the default
  // list, or 0 for the system default; and the box it was drawn from.
  std::size_t item_index = 0;
  std::string_view box_id;
  play_mode box_mode = play_mode::random;
  [[nodiscard]] bool from_box() const { return !box_id.empty(); }

  // Local time, when a time or date condition needed it.
  bool local_time_used = false;
  civil_time local;
  bool zone_unknown = false;  // the owner's zone could not be loaded: UTC was used

  // Stored conditions that failed to parse (treated as not matching).
  std::uint32_t bad_conditions = 0;
  std::size_t first_bad_setting = 0;
  std::size_t first_bad_rule = 0;

  inline_vector<skipped_candidate, 8> skipped;

  service svc = service::cmrbt;
  const compact_snapshot* snapshot = nullptr;  // null for not_found
  std::string unknown_owner;                      // not_found only
  const system_defaults* defaults = nullptr;       // what decide() was given (a view)

  // Keep-alives set by decision_engine so the views above stay valid.
  snapshot_ptr snapshot_hold;
  std::shared_ptr<const system_defaults> defaults_hold;

  // The keys and event rules of this presentation (spec 5.7): the owner's
  // CMR-6 PresentationControl settings (from_subscriber set), else the
  // system's (`defaults`; the built-in defaults without them). Builds
  // strings: ask when a call needs them, not on the decision's hot path.
  [[nodiscard]] ringback::controls controls() const;

  // One line for logs and tests naming what matched and what was skipped,
  // and which presentation control applies ("; controls copy=* ...
  // (subscriber)"). Builds a string: call it only when the text is wanted.
  [[nodiscard]] std::string explain() const;
};

const char* to_string(decision::reason r);

// Settings are evaluated in (priority, presentation type) order whatever the
// snapshot's order; local time comes from time_zone_cache::global().
decision decide(const decision_input& in, const compact_snapshot& snap,
                const resource_lookup& resources, rotation_state& rotation,
                const system_defaults& defaults);

// The same over the plain form (tests): compacts `snap` first and keeps the
// compact copy in decision::snapshot_hold, so the decision's views stay valid.
decision decide(const decision_input& in, const subscriber_snapshot& snap,
                const resource_lookup& resources, rotation_state& rotation,
                const system_defaults& defaults);

}  // namespace cmr::store
