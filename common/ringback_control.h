// On-line copy and presentation control during a ringback (spec 5.7,
// DESIGN.md 9d), in words every delivery path shares: the CS service logic
// (digits from PromptAndCollectUserInformation or the IP's bearer), the SIP
// modes (RFC 4733, SIP INFO) and the tests. A key the caller presses is
// turned into an action by the owner's presentation-control settings
// (CMR-6 PresentationControl, else the system's `presentation-control`
// config node); a copy goes through copy_port, which does exactly what
// CMR-1 AddResource Action=1 does (privacy, price, credit limit, library).
// key_session keeps a call's presses honest: one copy per call, a bounded
// number of actions, nothing after the call ended.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <utility>

namespace cmr::ringback {

enum class key_action : std::uint8_t { none, copy, skip, stop };
const char* to_string(key_action a);

// When the owner's call is forwarded (CFB/CFNRy/CFU, SIP 181 or a
// History-Info/Diversion on the leg): keep the owner's ringback, stop it
// (the caller hears the network's), or present the forwarded-to party's
// own ringback when that party is a CMR subscriber (the owner's otherwise).
enum class forward_policy : std::uint8_t { continue_owner, stop, forwarded_party };
const char* to_string(forward_policy p);
// When the network plays its own busy / no-answer announcement (a 182/183
// with an announcement, CS busy/no-answer reports during the play).
enum class announcement_policy : std::uint8_t { continue_ringback, stop };
const char* to_string(announcement_policy p);

// The keys and event rules that apply to one owner's presentation.
struct controls {
  std::string copy_keys = "*";
  std::string skip_keys = "#";
  std::string stop_keys = "0";
  forward_policy on_forward = forward_policy::forwarded_party;
  announcement_policy on_announcement = announcement_policy::stop;
  bool from_subscriber = false;  // the owner's CMR-6 settings, else the system's

  [[nodiscard]] key_action action_of(char key) const;
  // "copy=* skip=# stop=0 forwarded=forwarded-party announcement=stop (subscriber)"
  [[nodiscard]] std::string explain() const;
};
// A key string of CMR-6 / the config: distinct characters of "0-9*#A-D",
// at most 4; empty means the action has no key.
bool valid_keys(std::string_view keys);

// What an on-line copy came to. Only `copied` is charged.
enum class copy_outcome : std::uint8_t {
  copied,
  already_owned,         // in the caller's library already (nothing charged)
  privacy_refused,       // the owner does not allow copies
  credit_refused,        // the price exceeds the caller's credit limit
  library_full,          // the caller's library limit
  not_subscriber,        // the caller is no CMR subscriber
  own_resource,          // the caller is the owner
  resource_unavailable,  // the resource cannot be copied (inactive, expired, not the owner's)
  busy,                  // the store's write queue is full (nothing applied)
  failed,                // a store error (logged where it happened)
};
const char* to_string(copy_outcome o);

// The prompt the caller hears after a key, in the ringback's own stream.
enum class prompt_kind : std::uint8_t { confirmed, refused, offer };
const char* to_string(prompt_kind p);
prompt_kind prompt_for(copy_outcome o);

struct copy_request {
  std::string caller;       // E.164 digits (the copier, who pays)
  std::string owner;        // whose library the resource is in
  std::string resource_id;  // the resource being played
  std::string call_ref;     // for logs and the charging record ("scp(call=7)", "as(call=3)")
};

// Implemented by cmr-server over the management dispatcher (AddResource
// Action=1 through the group-commit writer). `done` runs on a store thread:
// post back to the call's own executor.
class copy_port {
public:
  virtual ~copy_port() = default;
  virtual void copy(copy_request req, std::function<void(copy_outcome)> done) = 0;
};

// The system's side of it: the `presentation-control` config node of
// cmr-server (docs/configuration.md), shared by the SCP, the IP and the AS.
struct presentation_settings {
  bool enabled = true;          // off: no key is acted on, no telephone-event offered
  controls system;              // for owners without CMR-6 PresentationControl settings
  std::string prompt_resource[3];  // resource id per prompt_kind; empty: the built-in prompt
  bool offer_non_subscribers = true;  // a copy key from a non-subscriber: the offer prompt (else nothing)
  std::uint32_t max_keys_per_call = 20;
  [[nodiscard]] const std::string& prompt(prompt_kind k) const {
    return prompt_resource[static_cast<std::size_t>(k)];
  }
};

// One call's key presses. Single-threaded (the call's strand).
class key_session {
public:
  // What to do with a key.
  enum class step : std::uint8_t {
    ignore,          // no action for this key, or the call ended
    copy,            // start a copy (the first copy press of the call)
    copy_repeated,   // a copy was already made or asked for in this call: do not copy again
    offer,           // a copy key from a caller who is no subscriber: the configured offer
    skip,
    stop,
    flooded,         // too many keys in this call: ignored from now on
  };
  static const char* to_string(step s);

  key_session(controls c, bool caller_is_subscriber, std::uint32_t max_actions = 20)
      : controls_(std::move(c)), subscriber_(caller_is_subscriber), max_actions_(max_actions) {}

  step on_key(char key);
  void ended() { ended_ = true; }
  [[nodiscard]] bool is_ended() const { return ended_; }
  [[nodiscard]] bool copy_asked() const { return copy_asked_; }
  [[nodiscard]] std::uint32_t keys_seen() const { return keys_; }
  [[nodiscard]] const controls& rules() const { return controls_; }

private:
  controls controls_;
  bool subscriber_ = false;
  std::uint32_t max_actions_ = 20;
  std::uint32_t keys_ = 0;
  bool copy_asked_ = false;
  bool ended_ = false;
  bool flooded_ = false;
};

}  // namespace cmr::ringback
