#include "sip/presence/watcher.h"

#include <algorithm>
#include <charconv>
#include <set>
#include <sstream>

#include "sip/presence/log.h"
#include "sip/presence/pidf.h"

namespace cmr::sip::presence {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;

// How long an ended subscription waits for the server's final NOTIFY.
constexpr milliseconds k_final_notify_wait{2000};

std::optional<seconds> header_seconds(const message& m, std::string_view name) {
  const auto* v = m.header(name);
  if (v == nullptr) return std::nullopt;
  std::string_view s = *v;
  s = s.substr(0, s.find_first_of(" ;("));  // Retry-After: 120 (comment);duration=...
  std::uint32_t n = 0;
  const auto r = std::from_chars(s.data(), s.data() + s.size(), n);
  if (r.ec != std::errc() || r.ptr != s.data() + s.size() || s.empty()) return std::nullopt;
  return seconds(n);
}

bool is_pidf(std::string_view content_type) {
  std::string t(content_type.substr(0, content_type.find(';')));
  std::erase(t, ' ');
  std::erase(t, '\t');
  for (auto& c : t) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return t == "application/pidf+xml";
}

const char* job_name(int j) {
  switch (j) {
    case 1: return "SUBSCRIBE";
    case 2: return "refresh";
    case 3: return "unsubscribe";
  }
  return "-";
}

}  // namespace

watcher::watcher(watcher_options options, timer_service& timers, watch_list& list,
                 presence_sink& sink)
    : o_(std::move(options)), timers_(timers), list_(list), sink_(sink),
      rng_(std::random_device{}()) {
  from_uri_ = "sip:" + o_.watcher_user + "@" + o_.domain;
  if (o_.max_per_second == 0) o_.max_per_second = 1;
  if (o_.max_in_flight == 0) o_.max_in_flight = 1;
}

watcher::~watcher() {
  for (auto& [id, s] : subs_) disarm(s);
  timers_.cancel(pump_timer_);
  timers_.cancel(rescan_timer_);
}

void watcher::set_layer(transaction_layer& layer, const endpoint& local) {
  layer_ = &layer;
  const auto a = local.address.to_string();
  contact_ = "<sip:" + o_.watcher_user + "@" + (local.address.is_v6() ? "[" + a + "]" : a) + ":" +
             std::to_string(local.port) + ">";
}

const char* watcher::name(state s) {
  switch (s) {
    case state::idle: return "IDLE";
    case state::subscribing: return "SUBSCRIBING";
    case state::active: return "ACTIVE";
    case state::refreshing: return "REFRESHING";
    case state::waiting: return "WAITING";
    case state::unsubscribing: return "UNSUBSCRIBING";
  }
  return "?";
}

std::string watcher::state_of(const std::string& subscriber) const {
  const auto it = subs_.find(subscriber);
  return it == subs_.end() ? std::string() : std::string(name(it->second.st));
}

void watcher::transition(subscription& s, state next, const char* why) {
  CMR_LOG(presence, info, "presence(%s){%s}: %s -> %s", s.id.c_str(), name(s.st), why, name(next));
  if (s.st == state::active || s.st == state::refreshing) --stats_.active;
  s.st = next;
  if (s.st == state::active || s.st == state::refreshing) ++stats_.active;
}

void watcher::start() {
  running_ = true;
  tokens_ = burst();
  tokens_at_ = timers_.now();
  rescan();
}

void watcher::rescan() {
  if (!running_) return;
  timers_.cancel(rescan_timer_);
  rescan_timer_ = timers_.start(o_.rescan_interval, [this] {
    rescan_timer_ = 0;
    rescan();
  });
  auto ids = list_.watched();
  if (!ids) return;  // the store said why (its log); the set stays
  const std::set<std::string> want(ids->begin(), ids->end());
  std::vector<std::string> gone;
  for (auto& [id, s] : subs_)
    if (s.wanted && want.count(id) == 0) gone.push_back(id);
  for (const auto& id : gone) {
    auto& s = subs_.at(id);
    s.wanted = false;
    disarm(s);
    if (s.st == state::active) {
      enqueue(s, job::unsubscribe);
    } else if (s.st == state::idle || s.st == state::waiting) {
      erase(id);
    }
    // subscribing / refreshing / unsubscribing: decided when the answer comes
  }
  for (const auto& id : want) {
    auto [it, fresh] = subs_.try_emplace(id);
    if (!fresh) {
      if (!it->second.wanted) it->second.wanted = true;  // back before its unsubscribe went
      continue;
    }
    it->second.id = id;
    enqueue(it->second, job::initial);
  }
  stats_.watched = static_cast<std::int64_t>(want.size());
}

void watcher::stop() {
  running_ = false;
  timers_.cancel(rescan_timer_);
  rescan_timer_ = 0;
  timers_.cancel(pump_timer_);
  pump_timer_ = 0;
  queue_.clear();
  std::vector<std::string> ids;
  for (auto& [id, s] : subs_) ids.push_back(id);
  for (const auto& id : ids) {
    auto& s = subs_.at(id);
    disarm(s);
    s.wanted = false;
    s.queued = false;
    // Established subscriptions end politely; the rest simply go (an
    // initial SUBSCRIBE still in flight expires at the server by itself).
    if (layer_ != nullptr && s.dlg && (s.st == state::active || s.st == state::refreshing))
      send(s, job::unsubscribe);
    else
      erase(id);
  }
  stats_.queued = 0;
}

void watcher::enqueue(subscription& s, job j) {
  s.pending = j;
  if (!s.queued) {
    s.queued = true;
    queue_.push_back(s.id);
    ++stats_.queued;
  }
  pump();
}

void watcher::pump() {
  if (layer_ == nullptr) return;
  const auto now = timers_.now();
  const double rate = o_.max_per_second;
  tokens_ = std::min(burst(), tokens_ + rate * std::chrono::duration<double>(now - tokens_at_).count());
  tokens_at_ = now;
  while (!queue_.empty() && in_flight_ < o_.max_in_flight && tokens_ >= 1.0) {
    const std::string id = queue_.front();
    queue_.pop_front();
    --stats_.queued;
    const auto it = subs_.find(id);
    if (it == subs_.end() || !it->second.queued) continue;
    auto& s = it->second;
    s.queued = false;
    const job j = std::exchange(s.pending, job::none);
    if (j == job::none) continue;
    if (j != job::unsubscribe && !s.wanted) {
      erase(id);
      continue;
    }
    tokens_ -= 1.0;
    send(s, j);
  }
  if (!queue_.empty() && in_flight_ < o_.max_in_flight && pump_timer_ == 0) {
    const auto wait = milliseconds(static_cast<std::int64_t>((1.0 - tokens_) * 1000.0 / rate) + 1);
    pump_timer_ = timers_.start(wait, [this] {
      pump_timer_ = 0;
      pump();
    });
  }
}

message watcher::initial_request(subscription& s) {
  s.call_id = random_token(20) + "@cmr-presence";
  s.local_tag = random_token(10);
  s.remote_tag.clear();
  by_call_id_[s.call_id] = s.id;
  uri presentity;
  presentity.scheme = "sip";
  presentity.user = s.id;
  presentity.has_user = true;
  presentity.host = o_.domain;
  auto req = message::make_request("SUBSCRIBE", presentity);
  req.add_header("Max-Forwards", "70");
  req.add_header("From", "<" + from_uri_ + ">;tag=" + s.local_tag);
  req.add_header("To", "<" + presentity.to_string() + ">");
  req.add_header("Call-ID", s.call_id);
  req.add_header("CSeq", "1 SUBSCRIBE");
  req.add_header("Contact", contact_);
  return req;
}

void watcher::send(subscription& s, job j) {
  message req;
  if (j == job::initial || !s.dlg) {
    if (j == job::unsubscribe) {  // nothing established to end
      erase(s.id);
      return;
    }
    forget_dialog(s);
    req = initial_request(s);
    j = job::initial;
    if (s.was_subscribed) ++stats_.resubscribes;
    ++stats_.subscribes;
    transition(s, state::subscribing, "send SUBSCRIBE");
  } else {
    req = s.dlg->create_request("SUBSCRIBE");
    if (j == job::refresh) {
      ++stats_.refreshes;
      transition(s, state::refreshing, "send refresh");
    } else {
      ++stats_.unsubscribes;
      transition(s, state::unsubscribing, "send Expires: 0");
    }
  }
  req.add_header("Event", "presence");
  req.add_header("Accept", "application/pidf+xml");
  req.add_header("Expires", j == job::unsubscribe ? "0" : std::to_string(o_.timing.expires.count()));
  req.add_header("User-Agent", "cmr-server presence watcher");
  if (j == job::initial) s.initial = req;
  const std::uint64_t gen = ++s.generation;
  const std::string id = s.id;
  auto done = std::make_shared<bool>(false);
  ++in_flight_;
  stats_.in_flight = in_flight_;
  client_transaction::callbacks cb;
  cb.on_response = [this, id, gen, j, done](const message& rsp) {
    if (rsp.status < 200 || *done) return;
    *done = true;
    transaction_done();
    on_response(id, gen, j, rsp);
  };
  cb.on_error = [this, id, gen, j, done](tx_error) {
    if (*done) return;
    *done = true;
    transaction_done();
    on_failure(id, gen, j, 0, std::nullopt);
  };
  layer_->send_request(std::move(req), o_.server, std::move(cb));
}

void watcher::transaction_done() {
  if (in_flight_ > 0) --in_flight_;
  stats_.in_flight = in_flight_;
  // Not from inside the callback's own stack frame into a new send: the
  // queue moves on through the timer service.
  if (!queue_.empty() && pump_timer_ == 0 && running_)
    pump_timer_ = timers_.start(milliseconds(0), [this] {
      pump_timer_ = 0;
      pump();
    });
}

void watcher::note_reachable(bool ok) {
  if (ok && server_down_) {
    server_down_ = false;
    CMR_LOG(presence, notice, "presence server %s answers again", o_.server.to_string().c_str());
  } else if (!ok && !server_down_) {
    server_down_ = true;
    CMR_LOG(presence, notice, "presence server %s does not answer: subscriptions retry with back-off",
            o_.server.to_string().c_str());
  }
}

void watcher::on_response(const std::string& id, std::uint64_t gen, job j, const message& rsp) {
  const auto it = subs_.find(id);
  if (it == subs_.end() || it->second.generation != gen) return;
  auto& s = it->second;
  note_reachable(rsp.status != 408 && rsp.status != 503);
  if (j == job::unsubscribe) {
    if (s.wanted && running_) {  // wanted again meanwhile
      forget_dialog(s);
      transition(s, state::idle, (std::to_string(rsp.status) + " to Expires: 0").c_str());
      enqueue(s, job::initial);
      return;
    }
    // The server's last NOTIFY (terminated) is still to come: the dialog
    // stays a moment so that it is answered 200, not 481.
    CMR_LOG(presence, info, "presence(%s){%s}: %d to Expires: 0, waiting for the final NOTIFY",
            id.c_str(), name(s.st), rsp.status);
    disarm(s);
    s.timer = timers_.start(k_final_notify_wait, [this, id] {
      const auto it2 = subs_.find(id);
      if (it2 == subs_.end()) return;
      it2->second.timer = 0;
      erase(id);
    });
    return;
  }
  if (rsp.status >= 300) {
    if (rsp.status == 423 && j == job::initial) {  // Interval Too Brief: ask for Min-Expires
      if (auto min = header_seconds(rsp, "Min-Expires"); min && *min > o_.timing.expires) {
        CMR_LOG(presence, notice, "presence server wants Expires >= %lld: using it",
                static_cast<long long>(min->count()));
        o_.timing.expires = *min;
        forget_dialog(s);
        transition(s, state::idle, "423");
        enqueue(s, job::initial);
        return;
      }
    }
    on_failure(id, gen, j, rsp.status, header_seconds(rsp, "Retry-After"));
    return;
  }
  if (!s.wanted) {  // no longer watched while it was on its way
    if (j == job::initial && !s.dlg && s.initial) s.dlg = dialog::create_uac(*s.initial, rsp);
    transition(s, state::active, "2xx, no longer watched");
    enqueue(s, job::unsubscribe);
    return;
  }
  if (j == job::initial) {
    message r = rsp;
    if (auto to = r.to(); to && to->tag().empty() && !s.remote_tag.empty())
      r.set_header("To", to->to_string() + ";tag=" + s.remote_tag);
    if (s.initial) s.dlg = dialog::create_uac(*s.initial, r);
    if (!s.dlg) {
      CMR_LOG(presence, notice, "presence(%s): %d without a To tag: no dialog", id.c_str(),
              rsp.status);
      on_failure(id, gen, j, 500, std::nullopt);
      return;
    }
    s.dlg->set_local_contact(contact_);
    s.remote_tag = s.dlg->id().remote_tag;
  }
  const auto granted = std::min(header_seconds(rsp, "Expires").value_or(o_.timing.expires),
                                o_.timing.expires);
  s.expires = granted;
  s.failures = 0;
  s.was_subscribed = true;
  transition(s, state::active, (std::to_string(rsp.status) + " SUBSCRIBE, expires " +
                                std::to_string(granted.count()))
                                   .c_str());
  if (granted.count() == 0) {  // the server ended it at once
    forget_dialog(s);
    arm(s, backoff_delay(o_.timing, ++s.failures, draw()), job::initial);
    return;
  }
  arm(s, refresh_delay(granted, draw()), job::refresh);
}

void watcher::on_failure(const std::string& id, std::uint64_t gen, job j, int status,
                         std::optional<seconds> retry_after) {
  const auto it = subs_.find(id);
  if (it == subs_.end() || it->second.generation != gen) return;
  auto& s = it->second;
  ++stats_.subscribe_failures;
  if (status == 0) note_reachable(false);
  if (j == job::unsubscribe || !s.wanted) {
    erase(id);
    return;
  }
  // A refresh that failed leaves no usable dialog (481: the server forgot it,
  // e.g. after a restart; a timeout: it may have): a new subscription.
  forget_dialog(s);
  const auto delay = failure_delay(o_.timing, status, retry_after, ++s.failures, draw());
  const std::string why = std::string(job_name(static_cast<int>(j))) + " " +
                          (status == 0 ? std::string("timeout") : std::to_string(status)) +
                          ", again in " + std::to_string(delay.count()) + " ms";
  if (status == 481 || status == 0 || status == 408)
    CMR_LOG(presence, info, "presence(%s): %s", id.c_str(), why.c_str());
  else if (s.failures == 1)
    CMR_LOG(presence, notice, "presence(%s): %s", id.c_str(), why.c_str());
  transition(s, state::waiting, why.c_str());
  arm(s, delay, job::initial);
}

void watcher::arm(subscription& s, milliseconds after, job j) {
  disarm(s);
  if (!running_) return;
  if (after.count() <= 0 && j == job::initial) {
    enqueue(s, j);
    return;
  }
  const std::string id = s.id;
  s.timer = timers_.start(after, [this, id, j] {
    const auto it = subs_.find(id);
    if (it == subs_.end()) return;
    it->second.timer = 0;
    enqueue(it->second, j);
  });
}

void watcher::disarm(subscription& s) {
  if (s.timer != 0) timers_.cancel(s.timer);
  s.timer = 0;
}

void watcher::forget_dialog(subscription& s) {
  if (!s.call_id.empty()) by_call_id_.erase(s.call_id);
  s.call_id.clear();
  s.dlg.reset();
  s.initial.reset();
  s.remote_tag.clear();
}

void watcher::erase(const std::string& id) {
  const auto it = subs_.find(id);
  if (it == subs_.end()) return;
  auto& s = it->second;
  disarm(s);
  forget_dialog(s);
  if (s.st == state::active || s.st == state::refreshing) --stats_.active;
  if (s.queued) {
    s.queued = false;  // its queue entry is skipped
  }
  CMR_LOG(presence, info, "presence(%s){%s}: removed", id.c_str(), name(s.st));
  subs_.erase(it);
}

// --- NOTIFY ------------------------------------------------------------------

void watcher::on_request(const std::shared_ptr<server_transaction>& tx) {
  const message& req = tx->request();
  if (req.method == "NOTIFY") {
    handle_notify(tx);
    return;
  }
  if (req.method == "OPTIONS") {
    tx->respond(200);
    return;
  }
  auto rsp = make_response(req, 405);
  rsp.add_header("Allow", "NOTIFY, OPTIONS");
  tx->respond(std::move(rsp));
}

void watcher::handle_notify(const std::shared_ptr<server_transaction>& tx) {
  const message& req = tx->request();
  ++stats_.notifies;
  auto refuse = [&](int status, const std::string& why, const char* extra_name = nullptr,
                    const char* extra_value = nullptr) {
    ++stats_.notifies_refused;
    CMR_LOG(presence, notice, "NOTIFY %s from %s: %d (%s)", req.call_id().c_str(),
            tx->peer().to_string().c_str(), status, why.c_str());
    auto rsp = make_response(req, status);
    if (extra_name != nullptr) rsp.add_header(extra_name, extra_value);
    tx->respond(std::move(rsp));
  };
  const auto by = by_call_id_.find(req.call_id());
  const auto to = req.to();
  subscription* s = nullptr;
  if (by != by_call_id_.end()) {
    const auto it = subs_.find(by->second);
    if (it != subs_.end() && to && to->tag() == it->second.local_tag) s = &it->second;
  }
  if (s == nullptr) return refuse(481, "no such subscription");
  const auto from = req.from();
  const std::string remote = from ? from->tag() : std::string();
  if (s->dlg) {
    if (!remote.empty() && remote != s->dlg->id().remote_tag)
      return refuse(481, "NOTIFY of another dialog (forked SUBSCRIBE)");
    if (!s->dlg->on_request(req)) return refuse(500, "CSeq lower than the last one");
  } else if (s->remote_tag.empty()) {
    s->remote_tag = remote;  // before the 2xx (RFC 6665 4.1.2.4)
  }
  const auto* event = req.header("Event");
  if (event == nullptr || std::string_view(*event).substr(0, event->find(';')) != "presence")
    return refuse(489, "Event is not presence");
  const auto* ss_value = req.header("Subscription-State");
  const auto ss = ss_value != nullptr ? parse_subscription_state(*ss_value) : std::nullopt;
  if (!ss) return refuse(400, "no or bad Subscription-State");

  // The body before the answer: a body that cannot be used is refused.
  std::optional<pidf_document> doc;
  if (!req.body.empty()) {
    const auto* ct = req.header("Content-Type");
    if (ct == nullptr || !is_pidf(*ct)) {
      ++stats_.parse_failures;
      return refuse(415, "Content-Type " + (ct ? *ct : std::string("missing")), "Accept",
                    "application/pidf+xml");
    }
    if (req.body.size() > o_.max_body) {
      ++stats_.parse_failures;
      return refuse(413, "body of " + std::to_string(req.body.size()) + " bytes");
    }
    auto parsed = parse_pidf(req.body, o_.max_body);
    if (!parsed) {
      ++stats_.parse_failures;
      return refuse(400, "PIDF: " + parsed.error().reason);
    }
    doc = std::move(*parsed);
  }
  tx->respond(200);

  const std::string id = s->id;
  if (doc && s->wanted) {
    const auto mapped = map_document(o_.mapping, *doc);
    if (mapped.presence || mapped.location) {
      CMR_LOG(presence, info, "presence(%s): presence %s, location %s", id.c_str(),
              mapped.presence ? mapped.presence->c_str() : "(unchanged)",
              mapped.location ? mapped.location->c_str() : "(unchanged)");
      if (sink_.apply(id, mapped))
        ++stats_.updates;
      else
        ++stats_.updates_dropped;
    }
  }
  if (ss->state == subscription_state::kind::terminated) {
    schedule_after_termination(*s, *ss);
  } else if (ss->expires && s->st == state::active && *ss->expires < s->expires &&
             ss->expires->count() > 0) {
    // The server shortened it: refresh in time.
    s->expires = *ss->expires;
    arm(*s, refresh_delay(*ss->expires, draw()), job::refresh);
  }
}

void watcher::schedule_after_termination(subscription& s, const subscription_state& ss) {
  // Our own unsubscribe (Expires: 0) ends like this too; a SUBSCRIBE in
  // flight finds no dialog and is answered 481 or starts a new one.
  forget_dialog(s);
  if (!s.wanted || !running_) {
    erase(s.id);  // also the end of our own unsubscribe
    return;
  }
  const auto delay = resubscribe_delay(o_.timing, ss);
  const std::string why = "terminated;reason=" + (ss.reason.empty() ? std::string("-") : ss.reason) +
                          ", again in " + std::to_string(delay.count()) + " ms";
  ++s.generation;  // a refresh in flight no longer counts
  if (s.st == state::subscribing || s.st == state::refreshing) {
    // its transaction still counts in flight until it ends; the answer is ignored
  }
  transition(s, state::waiting, why.c_str());
  arm(s, delay, job::initial);
}

std::string watcher::status_text() const {
  std::ostringstream o;
  o << "server " << o_.server.to_string() << "\ndomain " << o_.domain << "\n"
    << "server-answering " << (server_down_ ? "no" : "yes") << "\n";
  std::map<std::string, int> by_state;
  for (const auto& [id, s] : subs_) ++by_state[name(s.st)];
  for (const auto& [n, c] : by_state) o << "state-" << n << " " << c << "\n";
  o << stats_.group.text();
  return o.str();
}

}  // namespace cmr::sip::presence
