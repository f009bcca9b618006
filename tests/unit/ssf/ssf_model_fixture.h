// The fixture of the call-model tests (ssf_profiles_test.cpp,
// ssf_errors_test.cpp): the SSF engine (tools/cmr-ssf/ssf_engine.h) against a
// scripted SCP TC-user over local_sccp_pair, a scripted bearer service, one
// manual clock, no sleeps. Every test ends with the leak check (TearDown).
#pragma once

#include <gtest/gtest.h>

#include <functional>
#include <map>
#include <set>

#include "common/manual_timer_service.h"
#include "in/codec/operations_codec.h"
#include "in/codec/protocol_constants.h"
#include "in/tcap/local_sccp_pair.h"
#include "in/tcap/tcap_layer.h"
#include "tests/unit/ssf/scripted_scp.h"
#include "tools/cmr-ssf/ssf_engine.h"

namespace cmr::tools::ssf::ssf_test {

inline sigtran::sccp_address addr(std::uint32_t pc, std::uint8_t ssn) {
  sigtran::sccp_address a;
  a.point_code = pc;
  a.ssn = ssn;
  return a;
}

// A scripted bearer: records what was opened; the test completes plays.
class fake_bearers final : public bearer_service {
public:
  bearer_events* events = nullptr;
  std::vector<bearer_request> opened;
  std::vector<bearer_id> closed;
  std::map<bearer_id, bearer_request> live;
  bool refuse = false;      // open() fails
  bool answer_404 = false;  // the INVITE is answered 404
  rtp_report play_report;   // what a completed play reports
  std::function<void(const bearer_request&)> on_open;

  bearer_id open(const bearer_request& req) override {
    if (refuse) return 0;
    opened.push_back(req);
    live[next_] = req;
    if (on_open) on_open(req);
    return next_++;
  }
  rtp_report close(bearer_id id) override {
    live.erase(id);
    closed.push_back(id);
    rtp_report r;
    r.packets = 10;
    return r;
  }
  [[nodiscard]] std::size_t open_count() const override { return live.size(); }

  // The IP answers every new bearer; play-form ones with a repetition count
  // complete (BYE from the IP) when `complete_plays`.
  void deliver(bool complete_plays) {
    for (auto it = live.begin(); it != live.end();) {
      const auto [id, req] = *it;
      if (answered_.insert(id).second) {
        if (answer_404) {
          it = live.erase(it);
          bearer_end e;
          e.what = bearer_end::kind::failed;
          e.status = 404;
          e.detail = "INVITE answered 404";
          events->bearer_ended(req.call, id, e);
          continue;
        }
        events->bearer_up(req.call, id);
      }
      if (complete_plays && req.announcement_id) {
        it = live.erase(it);
        bearer_end e;
        e.what = bearer_end::kind::remote_bye;
        e.rtp = play_report;
        events->bearer_ended(req.call, id, e);
        continue;
      }
      ++it;
    }
  }

private:
  bearer_id next_ = 1;
  std::set<bearer_id> answered_;
};

struct recorder final : call_observer {
  std::vector<call_record> records;
  std::vector<std::string> lines;
  void call_finished(const call_record& r) override { records.push_back(r); }
  std::multimap<dialogue_id, std::string> by_id;
  void trace(dialogue_id id, const std::string& l) override {
    lines.push_back(l);
    by_id.emplace(id, l);
  }
};

class ssf_model : public ::testing::Test {
protected:
  void make(pv v, profile p, scenario sc, bool no_bearer = false) {
    s.variant = v;
    s.scp = addr(2, codec::is_cap(v) ? 146 : 241);
    s.sc = sc;
    s.no_bearer = no_bearer;
    s.trace = true;
    s.call_timeout = 60s;
    const std::uint8_t ssn = codec::is_cap(v) ? 146 : 241;
    net = std::make_unique<tcap::local_sccp_pair>(addr(1, ssn), addr(2, ssn));
    scp = std::make_unique<scripted_scp>(v, p);
    engine = std::make_unique<ssf_engine>(timers, s, no_bearer ? nullptr : &bearers, rec);
    bearers.events = engine.get();
    tcap::tcap_config c1;
    c1.tid_seed = 1;
    tcap::tcap_config c2;
    c2.tid_seed = 2;
    ssf_layer =
        std::make_unique<tcap::tcap_layer>(net->a(), timers, *engine, tcap::ac_table::all_known(),
                                           tcap::operation_table::cap_inap_defaults(), c1);
    scp_layer =
        std::make_unique<tcap::tcap_layer>(net->b(), timers, *scp, tcap::ac_table::all_known(),
                                           tcap::operation_table::cap_inap_defaults(), c2);
    engine->set_layer(ssf_layer.get());
    scp->layer = scp_layer.get();
    net->a().on_receive = [this](sigtran::n_unitdata m) { ssf_layer->receive(m); };
    net->b().on_receive = [this](sigtran::n_unitdata m) { scp_layer->receive(m); };
  }

  void settle() {
    for (int i = 0; i < 100; ++i) {
      const std::size_t n = net->pump();
      const std::size_t before = bearers.opened.size();
      bearers.deliver(complete_plays);
      if (n == 0 && bearers.opened.size() == before && net->queued() == 0) break;
    }
  }
  // Moves the clock in 100 ms steps, settling after each.
  void run_for(std::chrono::milliseconds d) {
    settle();
    for (auto t = 0ms; t < d; t += 100ms) {
      timers.advance(100ms);
      settle();
    }
  }
  void call(const std::string& called = "491700000001") {
    engine->start_call(encode_idp(s, called, "491700000002"));
    run_for(3s);
  }

  void TearDown() override {
    // Reject/operation timers of finished dialogues run out.
    run_for(70s);
    EXPECT_EQ(engine->live_calls(), 0U);
    EXPECT_EQ(ssf_layer->dialogue_count(), 0U) << "SSF dialogues leaked";
    EXPECT_EQ(scp_layer->dialogue_count(), 0U) << "SCP dialogues leaked";
    EXPECT_EQ(bearers.open_count(), 0U) << "bearers left open";
    EXPECT_EQ(timers.pending(), 0U) << "timers leaked";
  }

  const call_record& only_record() {
    EXPECT_EQ(rec.records.size(), 1U);
    static const call_record none{};
    return rec.records.empty() ? none : rec.records.front();
  }
  // The SSF's messages as the SCP saw them: "BEGIN 0 | CONTINUE 49 | END 24".
  std::string ssf_messages() const {
    std::string out;
    for (const auto& m : scp->received) {
      if (!out.empty()) out += " | ";
      out += m.kind == dialogue_ind_kind::begin ? "BEGIN"
             : m.kind == dialogue_ind_kind::end ? "END"
                                                : "CONTINUE";
      for (const auto& [k, code] : m.comps) {
        out += " ";
        if (k == component_ind::kind::invoke)
          out += std::to_string(code);
        else if (k == component_ind::kind::result_last)
          out += "RR" + std::to_string(code);
        else if (k == component_ind::kind::u_error)
          out += "RE" + std::to_string(code);
        else
          out += "REJ";
      }
    }
    return out;
  }
  // The event type and message type of the ERB in the SCP's message i.
  std::pair<event_type_bcsm, bool> erb_at(std::size_t i, std::size_t comp = 0) const {
    const auto& c = scp->received.at(i).raw.at(comp);
    auto e = codec::decode_event_report_bcsm(s.variant, *c.parameter);
    EXPECT_TRUE(e.has_value());
    return {e->event, e->misc && e->misc->notification};
  }
  std::string trace_text() const {
    std::string t;
    for (const auto& l : rec.lines) t += l + "\n";
    return t;
  }

  ssf_settings s;
  cmr::manual_timer_service timers;
  std::unique_ptr<tcap::local_sccp_pair> net;
  std::unique_ptr<scripted_scp> scp;
  fake_bearers bearers;
  recorder rec;
  std::unique_ptr<ssf_engine> engine;
  std::unique_ptr<tcap::tcap_layer> ssf_layer;
  std::unique_ptr<tcap::tcap_layer> scp_layer;
  bool complete_plays = true;
};

inline scenario sc(scenario::kind k, std::chrono::milliseconds after = 0ms,
                   std::chrono::milliseconds hold = 0ms) {
  scenario x;
  x.what = k;
  x.after = after;
  x.hold = hold;
  x.no_answer_time = 2s;
  return x;
}

}  // namespace cmr::tools::ssf::ssf_test
