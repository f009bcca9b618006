// The service's side of the mappings: triggers, reports and ends of the
// switch dialogues and the assisting resources' dialogues; the call table;
// ActivityTest supervision; the sweep that frees closed calls and writes
// their charging records. The trigger's checks and the decision are in
// trigger.cpp.
#include "in/scp/scp_service.h"

#include <exception>

#include "in/scp/log.h"
#include "in/scp/procedure.h"

namespace cmr::in::scp {
namespace {

// What a switch waits for after its InitialDP: a decision from memory is
// well under a millisecond, one that reads the store a few ms, a switch's
// TCAP/SSF timers are seconds. 250 us to 5 s.
constexpr double k_idp_bounds[] = {0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025,
                                   0.05,    0.1,    0.25,  0.5,    1,     2.5,  5};
const histogram_desc k_idp_to_answer{
    "scp-idp-to-answer",
    "SCP: trigger (InitialDP, AnalyzedInformation) received to the first message sent back",
    "seconds", k_idp_bounds};

}  // namespace

scp_service::scp_service(scp_settings cfg, store::decision_port* decisions, timer_service& timers,
                         post_fn post, charging_writer* records,
                         std::optional<std::uint64_t> seed)
    : cfg_(std::move(cfg)),
      decisions_(decisions),
      timers_(timers),
      post_(std::move(post)),
      records_(records),
      assists_(seed),
      idp_to_answer_(k_idp_to_answer) {}

scp_service::~scp_service() {
  *alive_ = false;
  // Procedures cancel their timers; no record for calls cut by shutdown.
  for (auto& [id, c] : calls_)
    if (c->activity_timer != 0) timers_.cancel(c->activity_timer);
  calls_.clear();
}

template <typename F>
void scp_service::guard(const char* what, F&& fn) {
  // An exception (allocation failure, a bug) never leaves the strand's
  // handler: it is counted and logged, the sweep still runs.
  try {
    fn();
  } catch (const std::exception& e) {
    ++counters_.internal_failures;
    CMR_LOG(scp, error, "%s: %s", what, e.what());
  } catch (...) {
    ++counters_.internal_failures;
    CMR_LOG(scp, error, "%s: unknown exception", what);
  }
}

void scp_service::add_status_lines(std::function<std::string()> lines) {
  status_lines_.push_back(std::move(lines));
}

void scp_service::add_after_sweep(std::function<void()> hook) {
  after_sweep_.push_back(std::move(hook));
}

call* scp_service::find(switch_dialogue& d) {
  auto it = by_switch_.find(&d);
  if (it == by_switch_.end()) return nullptr;
  auto c = calls_.find(it->second);
  return c == calls_.end() ? nullptr : c->second.get();
}

call& scp_service::new_call(switch_dialogue& d) {
  auto c = std::make_unique<call>(next_call_++);
  c->sw = &d;
  c->protocol = d.protocol();
  c->wall_start = std::chrono::system_clock::now();
  c->t_start = timers_.now();
  c->last_switch_rx = c->t_start;
  call& ref = *c;
  by_switch_[&d] = c->id;
  calls_.emplace(c->id, std::move(c));
  live_ = static_cast<std::int64_t>(calls_.size());
  return ref;
}

void scp_service::close(call& c) { closed_.push_back(c.id); }

void scp_service::note_answered(call& c) {
  if (c.t_answer) return;
  c.t_answer = timers_.now();
  ++answered_live_;
}

void scp_service::note_sent(call& c) {
  if (c.answer_sent) return;
  c.answer_sent = true;
  idp_to_answer_.observe(timers_.now() - c.t_start);
}

void scp_service::attach_assist(call& c, resource_dialogue& r) {
  c.assist = &r;
  by_assist_[&r] = c.id;
}

void scp_service::detach_assist(call& c) {
  if (c.assist != nullptr) by_assist_.erase(c.assist);
  c.assist = nullptr;
}

std::function<void()> scp_service::guarded(std::function<void()> fn) {
  return [this, fn = std::move(fn)] {
    guard("timer", fn);
    sweep();
  };
}

scp_service::post_fn scp_service::strand_poster() {
  return [this, post = post_, alive = std::weak_ptr<bool>(alive_)](std::function<void()> fn) {
    if (!post || alive.expired()) return;
    post([this, alive, fn = std::move(fn)] {
      if (alive.expired()) return;
      guard("posted", fn);
      sweep();
    });
  };
}

void scp_service::redecide(const call& c, std::function<void(std::string, std::uint32_t)> done,
                           bool default1_only) {
  const auto answer = [](const store::decision& d) -> std::pair<std::string, std::uint32_t> {
    if (!d.resource) return {};
    const auto annc = d.resource->announcement_id;
    return {d.resource->id, annc > 0 && annc <= 0xffffffffLL ? static_cast<std::uint32_t>(annc) : 0U};
  };
  if (decisions_ == nullptr) {
    done({}, 0);
    return;
  }
  store::decision_request r = decision_request_of(c);
  r.default1_only = default1_only;
  const std::uint64_t id = c.id;
  auto shared_done = std::make_shared<std::function<void(std::string, std::uint32_t)>>(std::move(done));
  auto now = decisions_->decide_or_defer(r, [this, post = strand_poster(), id, shared_done,
                                              answer](store::decision d) {
    auto a = answer(d);
    post([this, id, shared_done, a = std::move(a)] {
      if (auto it = calls_.find(id); it != calls_.end() && !it->second->closed())
        (*shared_done)(a.first, a.second);
    });
  });
  if (now) {
    auto a = answer(*now);
    (*shared_done)(a.first, a.second);
  }
}

// --- the switch ------------------------------------------------------------------------

void scp_service::triggered(switch_dialogue& d, const trigger& t) {
  call* c = nullptr;
  try {
    c = &new_call(d);
    ++counters_.idp_received;
    if (accept(*c, t)) {
      decide(*c);
      if (!c->closed() && c->switch_open() && cfg_.activity_test_interval_s != 0 &&
          d.can(capability::activity_test))
        watch_activity(*c, std::chrono::seconds(cfg_.activity_test_interval_s));
    }
  } catch (const std::exception& e) {
    if (c != nullptr) fail_call(*c, e.what());
  } catch (...) {
    if (c != nullptr) fail_call(*c, "unknown exception");
  }
  sweep();
}

void scp_service::fail_call(call& c, const char* why) {
  // The service never blocks a call: whatever broke, the switch gets Continue.
  if (c.closed()) return;
  if (c.proc) {
    c.proc->internal_failure(why);  // counts and logs
    return;
  }
  ++counters_.internal_failures;
  CMR_LOG(scp, error, "%s: %s", c.prefix.c_str(), why);
  c.step(call_input::failed, why);
  if (c.switch_open()) answer_at_once(c, "internal failure");
  c.outcome = call_outcome::error;
  close(c);
}

void scp_service::reported(switch_dialogue& d, const switch_event& e, bool ending) {
  guard("switch report", [&] {
    call* c = find(d);
    if (c == nullptr || c->closed()) return;
    c->last_switch_rx = timers_.now();
    on_event(*c, e, ending);
  });
  sweep();
}

void scp_service::on_event(call& c, const switch_event& e, bool ending) {
  if (const auto* r = std::get_if<activity_result>(&e)) {
    c.activity_test_out = false;
    if (!r->alive) activity_failed(c);
    return;
  }
  if (!c.proc) {
    // Still deciding: the switch has nothing to report yet; a report that
    // ends the dialogue (the caller gave up) ends the call with it.
    CMR_LOG(scp, notice, "%s: %s while deciding: ignored", c.prefix.c_str(),
            ending ? "a last report" : "a report");
    return;
  }
  if (const auto* r = std::get_if<event_report>(&e)) {
    c.step(call_input::report, r->name.c_str());
    c.proc->on_report(*r);
  } else if (std::holds_alternative<resource_report>(e)) {
    c.proc->on_resource_report();
  } else if (const auto* f = std::get_if<refusal>(&e)) {
    c.proc->on_refusal(*f);
  } else if (const auto* n = std::get_if<no_answer_to>(&e)) {
    c.proc->on_no_answer(*n);
  }
}

void scp_service::dialogue_ended(switch_dialogue& d, bool aborted, const std::string& why) {
  guard("switch dialogue end", [&] {
    call* c = find(d);
    by_switch_.erase(&d);
    if (c == nullptr) return;
    c->sw = nullptr;
    if (c->closed()) return;
    if (aborted) {
      CMR_LOG(scp, notice, "%s: switch dialogue lost (%s)", c->prefix.c_str(), why.c_str());
      if (c->proc) {
        c->proc->on_switch_lost();
      } else {
        ++counters_.dialogues_aborted;
        c->outcome = call_outcome::error;
        c->step(call_input::lost, why.c_str());
        close(*c);
      }
      return;
    }
    if (c->proc) {
      c->proc->on_switch_end();
    } else {
      c->outcome = call_outcome::abandoned;
      c->step(call_input::ended, "the switch ended the dialogue");
      close(*c);
    }
  });
  sweep();
}

// --- an assisting resource --------------------------------------------------------------

bool scp_service::assist_requested(resource_dialogue& r, const std::string& correlation) {
  bool taken = false;
  guard("assist request", [&] {
    ++counters_.assist_requests;
    std::optional<std::uint64_t> id;
    if (!correlation.empty()) id = assists_.find(correlation);
    // A resource that sends its whole routing number: the correlation id is its tail.
    if (!id && correlation.size() > 8) id = assists_.find(correlation.substr(correlation.size() - 8));
    call* c = nullptr;
    if (id) {
      if (auto it = calls_.find(*id); it != calls_.end() && !it->second->closed())
        c = it->second.get();
    }
    if (c != nullptr && c->proc && c->proc->on_assist(r)) {
      CMR_LOG(scp, info, "%s: assisting resource %s asked for instructions (correlation %s)",
              c->prefix.c_str(), r.name().c_str(), correlation.c_str());
      taken = true;
      return;
    }
    ++counters_.assist_unknown_correlation;
    CMR_LOG(scp, notice, "%s: instructions asked for unknown correlation id '%s'",
            r.name().c_str(), correlation.c_str());
  });
  sweep();
  return taken;
}

void scp_service::resource_reported(resource_dialogue& r, const switch_event& e) {
  guard("resource report", [&] {
    auto it = by_assist_.find(&r);
    const bool digits = std::holds_alternative<collected_digits>(e);
    if (it == by_assist_.end()) {
      if (digits) ++counters_.online_late_digits;
      return;
    }
    auto c = calls_.find(it->second);
    if (c == calls_.end() || c->second->closed() || !c->second->proc) {
      if (digits) ++counters_.online_late_digits;
      return;
    }
    c->second->proc->on_assist_report(e);
  });
  sweep();
}

void scp_service::resource_ended(resource_dialogue& r, bool aborted, const std::string& why) {
  guard("resource dialogue end", [&] {
    auto it = by_assist_.find(&r);
    if (it == by_assist_.end()) return;
    const std::uint64_t id = it->second;
    by_assist_.erase(it);
    auto c = calls_.find(id);
    if (c == calls_.end()) return;
    call& cl = *c->second;
    cl.assist = nullptr;
    CMR_LOG(scp, info, "%s: assisting resource dialogue %s (%s)", cl.prefix.c_str(),
            aborted ? "lost" : "ended", why.c_str());
    if (!cl.closed() && cl.proc) cl.proc->on_assist_end(aborted);
  });
  sweep();
}

// --- ActivityTest -----------------------------------------------------------------------

void scp_service::watch_activity(call& c, timer_service::duration after) {
  const std::uint64_t id = c.id;
  c.activity_timer = timers_.start(after, guarded([this, id] { activity_due(id); }));
}

void scp_service::activity_due(std::uint64_t call_id) {
  auto it = calls_.find(call_id);
  if (it == calls_.end()) return;
  call& c = *it->second;
  c.activity_timer = 0;
  if (c.closed() || !c.switch_open()) return;
  const timer_service::duration interval = std::chrono::seconds(cfg_.activity_test_interval_s);
  const auto quiet =
      std::chrono::duration_cast<timer_service::duration>(timers_.now() - c.last_switch_rx);
  if (c.activity_test_out || quiet < interval) {
    // A message came meanwhile (or a test is out): due again later.
    watch_activity(c, c.activity_test_out ? interval : interval - quiet);
    return;
  }
  activity_test t;
  t.timeout_s = std::min<std::uint32_t>(cfg_.activity_test_interval_s, 10);
  const instruction op = t;
  if (!c.sw->send({&op, 1}, false)) {
    activity_failed(c);
    return;
  }
  c.activity_test_out = true;
  ++counters_.activity_tests;
  watch_activity(c, interval);
}

void scp_service::activity_failed(call& c) {
  ++counters_.activity_test_failures;
  CMR_LOG(scp, notice, "%s: no ActivityTest result: switch dialogue aborted", c.prefix.c_str());
  c.activity_test_out = false;
  if (c.sw != nullptr) {
    by_switch_.erase(c.sw);
    c.sw->abort();
    c.sw = nullptr;
  }
  if (c.proc) {
    c.proc->on_switch_lost();
  } else {
    ++counters_.dialogues_aborted;
    c.outcome = call_outcome::error;
    c.step(call_input::lost, "no ActivityTest result");
    close(c);
  }
}

// --- records and the sweep ---------------------------------------------------------------

void scp_service::count_outcome(call_outcome o) {
  switch (o) {
    case call_outcome::continued:
      ++counters_.calls_continued;
      break;
    case call_outcome::answered:
      ++counters_.calls_answered;
      break;
    case call_outcome::busy:
      ++counters_.calls_busy;
      break;
    case call_outcome::no_answer:
      ++counters_.calls_no_answer;
      break;
    case call_outcome::abandoned:
      ++counters_.calls_abandoned;
      break;
    case call_outcome::error:
      ++counters_.calls_error;
      break;
  }
}

void scp_service::write_record(const call& c) {
  count_outcome(c.outcome);
  if (records_ == nullptr) return;
  charging_record r;
  r.start = c.wall_start;
  r.service_key = c.service_key;
  r.protocol = c.protocol;
  r.profile = c.proc ? c.proc->name() : "none";
  r.service = c.cmrt ? "cmrt" : "cmrbt";
  r.owner = c.owner;
  r.other = c.other;
  r.resource = c.resource_id;
  r.announcement_id = c.announcement_id;
  r.outcome = c.outcome;
  const auto now = timers_.now();
  const auto ms = [](auto d) {
    return std::chrono::duration_cast<std::chrono::milliseconds>(d).count();
  };
  const auto until_answer = c.t_answer ? *c.t_answer : now;
  r.setup_ms = ms(until_answer - c.t_start);
  r.alerting_ms = c.t_alerting ? ms(until_answer - *c.t_alerting) : 0;
  if (r.alerting_ms < 0) r.alerting_ms = 0;
  r.call_ms = c.t_answer ? ms(now - *c.t_answer) : 0;
  if (!records_->write(r)) ++counters_.charging_write_failures;
}

void scp_service::sweep() {
  while (!closed_.empty()) {
    const std::uint64_t id = closed_.back();
    closed_.pop_back();
    auto it = calls_.find(id);
    if (it == calls_.end()) continue;
    call& c = *it->second;
    if (c.activity_timer != 0) timers_.cancel(c.activity_timer);
    if (c.t_answer) --answered_live_;
    if (c.routed) {
      if (auto r = routed_.find(routed_key(c)); r != routed_.end()) routed_.erase(r);
    }
    if (c.sw != nullptr) by_switch_.erase(c.sw);
    detach_assist(c);
    guard("charging record", [&] { write_record(c); });
    calls_.erase(it);
  }
  live_ = static_cast<std::int64_t>(calls_.size());
  for (const auto& hook : after_sweep_) hook();
}

std::string scp_service::status_text() const {
  std::string s = "live-calls " + std::to_string(live_.load()) + "\nlive-answered " +
                  std::to_string(answered_live_.load()) + "\n";
  for (const auto& lines : status_lines_) s += lines();
  return s + counters_.text();
}

}  // namespace cmr::in::scp
