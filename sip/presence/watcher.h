// The presence watcher (RFC 3856 / RFC 6665 subscriber side): one
// "Event: presence" subscription per watched subscriber at the configured
// presence server, kept alive by refreshes and re-established when it ends
// (terminated NOTIFY, 481, timeouts); NOTIFY bodies (PIDF + RPID + PIDF-LO)
// are mapped (presence_mapping.h) and handed to a presence_sink, which the
// composition root points at the store's write path. The set of watched
// subscribers comes from a watch_list, rescanned periodically.
//
// Bounded work: SUBSCRIBEs (initial, refresh, unsubscribe) wait in one queue
// and leave it at most max_per_second per second and while fewer than
// max_in_flight transactions are open. The transaction user of its own
// transaction layer; single-threaded like the rest of the SIP stack.
#pragma once

#include <algorithm>
#include <cstdint>
#include <deque>
#include <map>
#include <memory>
#include <optional>
#include <random>
#include <string>
#include <unordered_map>
#include <vector>

#include "common/timer_service.h"
#include "sip/dialog/dialog.h"
#include "sip/presence/presence_mapping.h"
#include "sip/presence/subscription_policy.h"
#include "sip/presence/watcher_counters.h"
#include "sip/transaction/transaction_layer.h"
#include "sip/transaction/transaction_user.h"

namespace cmr::sip::presence {

struct watcher_options {
  endpoint server;                // where every SUBSCRIBE goes
  std::string domain;             // presentity sip:<subscriber>@<domain>
  std::string watcher_user = "cmr-watcher";  // From: sip:<watcher_user>@<domain>
  subscription_timing timing;
  unsigned max_per_second = 200;
  unsigned max_in_flight = 100;
  std::chrono::seconds rescan_interval{30};
  std::size_t max_body = 65536;
  presence_mapping mapping;
};

// The subscribers to watch (whose rules use presence or location).
class watch_list {
public:
  virtual ~watch_list() = default;
  // nullopt when the list could not be read (the watched set stays).
  virtual std::optional<std::vector<std::string>> watched() = 0;
};

// Where mapped state goes. Returns false when it could not be queued.
class presence_sink {
public:
  virtual ~presence_sink() = default;
  virtual bool apply(const std::string& subscriber, const mapped_state& state) = 0;
};

class watcher final : public transaction_user {
public:
  watcher(watcher_options options, timer_service& timers, watch_list& list, presence_sink& sink);
  ~watcher() override;
  watcher(const watcher&) = delete;
  watcher& operator=(const watcher&) = delete;

  // The layer sending for it, and the Contact its SUBSCRIBEs carry (the
  // address NOTIFYs come to), before start().
  void set_layer(transaction_layer& layer, const endpoint& local);
  // First rescan now, then every rescan_interval.
  void start();
  // Ends every established subscription (Expires: 0, sent at once) and
  // cancels the timers.
  void stop();
  // Reads the watch list now (also what the periodic timer does).
  void rescan();

  // transaction_user
  void on_request(const std::shared_ptr<server_transaction>& tx) override;
  void on_ack(const message&, const endpoint&) override {}
  void on_cancel(const std::shared_ptr<server_transaction>&, const message&) override {}
  void on_stray_response(const message&, const endpoint&) override {}

  [[nodiscard]] const watcher_counters& stats() const { return stats_; }
  [[nodiscard]] std::size_t size() const { return subs_.size(); }
  // "name value" lines for "show cmr presence".
  [[nodiscard]] std::string status_text() const;
  // "SUBSCRIBING", "ACTIVE", ... of a subscriber's subscription, "" when none.
  [[nodiscard]] std::string state_of(const std::string& subscriber) const;

private:
  enum class state { idle, subscribing, active, refreshing, waiting, unsubscribing };
  enum class job { none, initial, refresh, unsubscribe };
  struct subscription {
    std::string id;
    state st = state::idle;
    bool wanted = true;
    job pending = job::none;  // what it waits in the queue for
    bool queued = false;
    std::string call_id, local_tag, remote_tag;
    std::optional<dialog> dlg;
    std::optional<message> initial;  // the initial SUBSCRIBE as sent (the dialog's origin)
    std::uint64_t generation = 0;  // bumps with every request: stale callbacks are ignored
    timer_service::timer_id timer = 0;
    unsigned failures = 0;
    std::chrono::seconds expires{0};
    bool was_subscribed = false;  // a resubscription counts as such
  };

  static const char* name(state s);
  void transition(subscription& s, state next, const char* why);
  void enqueue(subscription& s, job j);
  void pump();
  void send(subscription& s, job j);
  message initial_request(subscription& s);
  void on_response(const std::string& id, std::uint64_t gen, job j, const message& rsp);
  void on_failure(const std::string& id, std::uint64_t gen, job j, int status,
                  std::optional<std::chrono::seconds> retry_after);
  void transaction_done();
  void arm(subscription& s, std::chrono::milliseconds after, job j);
  void disarm(subscription& s);
  void forget_dialog(subscription& s);
  void erase(const std::string& id);
  void handle_notify(const std::shared_ptr<server_transaction>& tx);
  void apply_body(subscription& s, const message& notify);
  void schedule_after_termination(subscription& s, const subscription_state& ss);
  double draw() { return jitter_(rng_); }
  // The token bucket holds a tenth of a second's worth: no second sees more
  // than 1.1 x max_per_second.
  [[nodiscard]] double burst() const { return std::max(1.0, o_.max_per_second / 10.0); }
  void note_reachable(bool ok);

  watcher_options o_;
  timer_service& timers_;
  watch_list& list_;
  presence_sink& sink_;
  transaction_layer* layer_ = nullptr;
  std::string contact_;
  std::string from_uri_;
  std::map<std::string, subscription> subs_;
  std::unordered_map<std::string, std::string> by_call_id_;
  std::deque<std::string> queue_;
  unsigned in_flight_ = 0;
  double tokens_ = 0;
  timer_service::time_point tokens_at_{};
  timer_service::timer_id pump_timer_ = 0;
  timer_service::timer_id rescan_timer_ = 0;
  bool running_ = false;
  bool server_down_ = false;
  std::mt19937_64 rng_;
  std::uniform_real_distribution<double> jitter_{0.0, 1.0};
  watcher_counters stats_;
};

}  // namespace cmr::sip::presence
