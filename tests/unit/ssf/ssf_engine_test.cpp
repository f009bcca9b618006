// The SSF call model (tools/cmr-ssf/ssf_engine.h) against a scripted SCP TC-user
// over local_sccp_pair, one manual clock, no sleeps: every delivery profile of
// docs/cs-delivery.md section 3 with every outcome, the protocols, and the
// error paths (ReturnError, unknown operation, undecodable argument, abort,
// timeout, bearer failure, RTP mismatch). Every test ends with the leak check.
#include <gtest/gtest.h>

#include <functional>
#include <map>
#include <set>

#include "in/codec/address.h"
#include "in/codec/operations_codec.h"
#include "in/codec/protocol_constants.h"
#include "tools/cmr-ssf/ssf_engine.h"
#include "in/tcap/local_sccp_pair.h"
#include "common/manual_timer_service.h"
#include "in/tcap/tcap_layer.h"

namespace cmr::tools::ssf {
namespace {

using namespace std::chrono_literals;
using codec::bytes;
using codec::event_type_bcsm;
using codec::monitor_mode;
using tcap::component_ind;
using tcap::dialogue_ind;
using tcap::dialogue_ind_kind;
namespace op = codec::opcode;
using pv = codec::protocol_variant;

sigtran::sccp_address addr(std::uint32_t pc, std::uint8_t ssn) {
  sigtran::sccp_address a;
  a.point_code = pc;
  a.ssn = ssn;
  return a;
}

enum class profile { ctr, etc, cph, alerting, plain_continue };
enum class cph_mode { release, continue_ };

// What the SCP received in one message.
struct rx_msg {
  dialogue_ind_kind kind;
  std::vector<std::pair<component_ind::kind, std::int32_t>> comps;
  std::vector<component_ind> raw;
};

// A reference SCP following the contract: encodes real arguments and answers
// by what it receives.
class scripted_scp final : public tcap::tc_user {
public:
  scripted_scp(pv v, profile p) : v_(v), p_(p) {}
  tcap::tcap_layer* layer = nullptr;
  cph_mode busy_mode = cph_mode::release;
  std::optional<std::uint16_t> no_answer_timer;  // applicationTimer (CPH leg 3)
  std::vector<rx_msg> received;
  std::vector<tcap::p_abort_ind> p_aborts;
  std::vector<tcap::u_abort_ind> u_aborts;
  // Overrides the answer to the InitialDP (error paths).
  std::function<void(tcap::dialogue_id)> on_idp;
  tcap::dialogue_id last_dialogue = 0;

  // ETC: the IP's ARI + PA + SRR happened: DFC + Continue to the SSF.
  void assist_done(tcap::dialogue_id d) {
    invoke(d, op::disconnect_forward_connection, std::nullopt);
    invoke(d, op::continue_, std::nullopt);
    (void)layer->continue_(d);
  }

  void on_dialogue(const dialogue_ind& ind) override {
    rx_msg m{ind.type, {}, ind.components};
    for (const auto& c : ind.components) m.comps.emplace_back(c.type, c.code);
    received.push_back(m);
    last_dialogue = ind.id;
    if (ind.type == dialogue_ind_kind::end) return;
    for (const auto& c : ind.components) {
      if (c.type != component_ind::kind::invoke) continue;
      if (c.code == op::initial_dp) return answer_idp(ind.id);
      if (c.code == op::specialized_resource_report) {
        invoke(ind.id, op::disconnect_forward_connection, std::nullopt);
        invoke(ind.id, op::continue_, std::nullopt);
        (void)layer->continue_(ind.id);
        return;
      }
      if (c.code == op::event_report_bcsm) return answer_erb(ind.id, c);
    }
  }
  void on_u_abort(const tcap::u_abort_ind& ind) override { u_aborts.push_back(ind); }
  void on_p_abort(const tcap::p_abort_ind& ind) override { p_aborts.push_back(ind); }
  void on_l_cancel(const tcap::l_cancel_ind&) override {}
  void on_notice(const tcap::notice_ind&) override {}

  void invoke(tcap::dialogue_id d, std::int32_t code, std::optional<bytes> arg) {
    auto [it, fresh] = next_.try_emplace(d, std::int8_t{1});
    (void)fresh;
    (void)layer->invoke(d, {it->second++, {}, code, std::move(arg), {}, {}});
  }

  bytes rrbe(std::vector<std::tuple<event_type_bcsm, monitor_mode, std::uint8_t>> evs,
             std::optional<std::uint16_t> timer = std::nullopt) {
    codec::request_report_bcsm_event r;
    for (auto [e, m, leg] : evs) {
      codec::bcsm_event be;
      be.event = e;
      be.mode = m;
      if (leg != 0) be.leg = codec::leg_id{true, leg};
      if (timer && (e == event_type_bcsm::o_no_answer || e == event_type_bcsm::t_no_answer))
        be.application_timer = timer;
      r.events.push_back(be);
    }
    return codec::encode_request_report_bcsm_event(v_, r);
  }

private:
  void answer_idp(tcap::dialogue_id d) {
    if (on_idp) return on_idp(d);
    using E = event_type_bcsm;
    const auto R = monitor_mode::interrupted;
    const auto N = monitor_mode::notify_and_continue;
    switch (p_) {
      case profile::ctr:
      case profile::etc: {
        invoke(d, op::request_report_bcsm_event,
               rrbe({{E::t_busy, N, 2}, {E::t_no_answer, N, 2}, {E::t_answer, R, 2}, {E::t_abandon, N, 1},
                     {E::t_disconnect, N, 2}}));
        if (p_ == profile::ctr) {
          invoke(d, op::connect_to_resource, codec::encode_connect_to_resource(v_, {}));
          codec::play_announcement pa;
          pa.message_id = 1001;
          pa.number_of_repetitions = 1;
          pa.disconnect_from_ip_forbidden = true;
          pa.request_announcement_complete = true;
          invoke(d, op::play_announcement, codec::encode_play_announcement(v_, pa));
        } else {
          codec::establish_temporary_connection etc;
          codec::q763_number n;
          n.digits = "4960212345678";
          etc.assisting_ssp_ip_routing_address = codec::encode_q763_number(codec::q763_kind::generic, n);
          etc.correlation_id = bytes{0x00, 0x21, 0x43, 0x65, 0x87};
          etc.scf_id = bytes{0x94, 0x71};
          invoke(d, op::establish_temporary_connection, codec::encode_establish_temporary_connection(v_, etc));
        }
        (void)layer->continue_(d);
        return;
      }
      case profile::cph: {
        invoke(d, op::request_report_bcsm_event, rrbe({{E::t_abandon, N, 1}, {E::t_disconnect, N, 1}}));
        codec::connect_to_resource ctr;
        ctr.call_segment = 1;
        invoke(d, op::connect_to_resource, codec::encode_connect_to_resource(v_, ctr));
        codec::play_announcement pa;
        pa.message_id = 1002;
        pa.number_of_repetitions = 3;
        pa.disconnect_from_ip_forbidden = false;
        pa.request_announcement_complete = false;
        pa.call_segment = 1;
        invoke(d, op::play_announcement, codec::encode_play_announcement(v_, pa));
        codec::initiate_call_attempt ica;
        ica.destination_routing_address =
            codec::encode_q763_number(codec::q763_kind::called, {4, 1, false, 0, 0, 0, "491700000001"});
        ica.leg_to_be_created = codec::leg_id{true, 3};
        ica.new_call_segment = 2;
        ica.suppress_t_csi = true;
        invoke(d, op::initiate_call_attempt, codec::encode_initiate_call_attempt(v_, ica));
        invoke(d, op::request_report_bcsm_event,
               rrbe({{E::o_answer, R, 3}, {E::o_called_party_busy, R, 3}, {E::o_no_answer, R, 3}}, no_answer_timer));
        (void)layer->continue_(d);
        return;
      }
      case profile::alerting: {
        if (v_ == pv::cap_v3 || v_ == pv::cap_v4) {
          codec::continue_with_argument cwa;
          cwa.alerting_pattern = bytes{0x00, 0x00, 0x05};
          invoke(d, op::continue_with_argument, codec::encode_continue_with_argument(v_, cwa));
        } else {
          codec::connect_arg c;
          c.destination_routing_address.push_back(
              codec::encode_q763_number(codec::q763_kind::called, {4, 1, false, 0, 0, 0, "491700000001"}));
          c.alerting_pattern = bytes{0x00, 0x00, 0x05};
          invoke(d, op::connect, codec::encode_connect(v_, c));
        }
        (void)layer->end(d);
        return;
      }
      case profile::plain_continue:
        invoke(d, op::continue_, std::nullopt);
        (void)layer->end(d);
        return;
    }
  }

  void answer_erb(tcap::dialogue_id d, const component_ind& c) {
    auto erb = codec::decode_event_report_bcsm(v_, *c.parameter);
    ASSERT_TRUE(erb.has_value());
    const bool request = erb->misc && !erb->misc->notification;
    if (!request) return;  // EDP-N in a TC-CONTINUE: nothing to say
    if (p_ == profile::cph) {
      codec::dfc_with_argument dfc;
      dfc.call_segment = 1;
      invoke(d, op::dfc_with_argument, codec::encode_dfc_with_argument(v_, dfc));
      if (erb->event == event_type_bcsm::o_answer) {
        codec::move_leg ml;
        ml.leg = codec::leg_id{true, 3};
        invoke(d, op::move_leg, codec::encode_move_leg(v_, ml));
        invoke(d, op::continue_, std::nullopt);
        (void)layer->continue_(d);
      } else if (busy_mode == cph_mode::release) {
        codec::release_call rc;
        rc.cause = erb->event == event_type_bcsm::o_called_party_busy ? bytes{0x80, 0x91} : bytes{0x80, 0x93};
        invoke(d, op::release_call, codec::encode_release_call(v_, rc));
        (void)layer->end(d);
      } else {
        codec::disconnect_leg dl;
        dl.leg = codec::leg_id{true, 3};
        invoke(d, op::disconnect_leg, codec::encode_disconnect_leg(v_, dl));
        codec::continue_with_argument cwa;
        cwa.call_segment = 1;
        invoke(d, op::continue_with_argument, codec::encode_continue_with_argument(v_, cwa));
        (void)layer->continue_(d);
      }
      return;
    }
    invoke(d, op::continue_, std::nullopt);
    (void)layer->continue_(d);
  }

  pv v_;
  profile p_;
  std::map<tcap::dialogue_id, std::int8_t> next_;  // invoke ids per dialogue
};

// A scripted bearer: records what was opened; the test completes plays.
class fake_bearers final : public bearer_service {
public:
  bearer_events* events = nullptr;
  std::vector<bearer_request> opened;
  std::vector<bearer_id> closed;
  std::map<bearer_id, bearer_request> live;
  bool refuse = false;       // open() fails
  bool answer_404 = false;   // the INVITE is answered 404
  rtp_report play_report;    // what a completed play reports
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
    ssf_layer = std::make_unique<tcap::tcap_layer>(net->a(), timers, *engine, tcap::ac_table::all_known(),
                                                   tcap::operation_table::cap_inap_defaults(), c1);
    scp_layer = std::make_unique<tcap::tcap_layer>(net->b(), timers, *scp, tcap::ac_table::all_known(),
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
      out += m.kind == dialogue_ind_kind::begin ? "BEGIN" : m.kind == dialogue_ind_kind::end ? "END" : "CONTINUE";
      for (const auto& [k, code] : m.comps) {
        out += " ";
        if (k == component_ind::kind::invoke) out += std::to_string(code);
        else if (k == component_ind::kind::result_last) out += "RR" + std::to_string(code);
        else if (k == component_ind::kind::u_error) out += "RE" + std::to_string(code);
        else out += "REJ";
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

scenario sc(scenario::kind k, std::chrono::milliseconds after = 0ms, std::chrono::milliseconds hold = 0ms) {
  scenario x;
  x.what = k;
  x.after = after;
  x.hold = hold;
  x.no_answer_time = 2s;
  return x;
}

// --- connect-to-resource -------------------------------------------------------------

class ctr_protocols : public ssf_model, public ::testing::WithParamInterface<pv> {};

TEST_P(ctr_protocols, AnswerRunsTheWholeCallModel) {
  make(GetParam(), profile::ctr, sc(scenario::kind::answer, 1s, 2s));
  call();
  run_for(5s);
  const auto& r = only_record();
  EXPECT_EQ(r.outcome, call_outcome::answered) << r.detail << trace_text();
  EXPECT_TRUE(r.has_setup);
  // IDP; SRR after the play; ERB tAnswer (EDP-R); final ERB tDisconnect in TC-END.
  EXPECT_EQ(ssf_messages(), "BEGIN 0 | CONTINUE 49 | CONTINUE 24 | END 24") << trace_text();
  ASSERT_EQ(bearers.opened.size(), 1U);
  EXPECT_EQ(bearers.opened[0].announcement_id, 1001U);
  EXPECT_EQ(bearers.opened[0].repetitions, 1U);
  EXPECT_EQ(erb_at(2), std::make_pair(event_type_bcsm::t_answer, false));
  EXPECT_EQ(erb_at(3), std::make_pair(event_type_bcsm::t_disconnect, true));
  // The SRR is linked to the PlayAnnouncement's invoke id (3: RRBE 1, CTR 2, PA 3).
  EXPECT_EQ(scp->received[1].raw[0].linked_id, std::optional<std::int8_t>(3));
}

INSTANTIATE_TEST_SUITE_P(all, ctr_protocols, ::testing::Values(pv::cap_v2, pv::cap_v3, pv::cap_v4, pv::inap_cs1),
                         [](const auto& i) { return std::string(protocol_name(i.param)).substr(0, 3) + std::to_string(static_cast<int>(i.param)); });

TEST_F(ssf_model, CtrBusyEndsWithNotification) {
  make(pv::cap_v2, profile::ctr, sc(scenario::kind::busy));
  call();
  EXPECT_EQ(only_record().outcome, call_outcome::busy) << trace_text();
  EXPECT_EQ(ssf_messages(), "BEGIN 0 | CONTINUE 49 | END 24");
  EXPECT_EQ(erb_at(2), std::make_pair(event_type_bcsm::t_busy, true));
}

TEST_F(ssf_model, CtrNoAnswerAfterTheSwitchTimer) {
  make(pv::cap_v3, profile::ctr, sc(scenario::kind::no_answer));
  call();
  EXPECT_EQ(only_record().outcome, call_outcome::no_answer) << trace_text();
  EXPECT_EQ(ssf_messages(), "BEGIN 0 | CONTINUE 49 | END 24");
  EXPECT_EQ(erb_at(2), std::make_pair(event_type_bcsm::t_no_answer, true));
}

TEST_F(ssf_model, CtrAbandonDuringThePlayReleasesTheBearer) {
  make(pv::cap_v2, profile::ctr, sc(scenario::kind::abandon, 500ms));
  complete_plays = false;  // the announcement is still playing
  call();
  EXPECT_EQ(only_record().outcome, call_outcome::abandoned) << trace_text();
  EXPECT_EQ(ssf_messages(), "BEGIN 0 | END 24");
  EXPECT_EQ(erb_at(1), std::make_pair(event_type_bcsm::t_abandon, true));
  EXPECT_EQ(bearers.closed.size(), 1U);
}

TEST_F(ssf_model, CtrWithoutBearerReportsTheResourceAtOnce) {
  make(pv::cap_v4, profile::ctr, sc(scenario::kind::answer), true);
  call();
  EXPECT_EQ(only_record().outcome, call_outcome::answered) << trace_text();
  // Answer and disconnect at once: ERB tAnswer, then the final report.
  EXPECT_EQ(ssf_messages(), "BEGIN 0 | CONTINUE 49 | CONTINUE 24 | END 24");
  EXPECT_TRUE(bearers.opened.empty());
}

// --- temporary connection --------------------------------------------------------------

TEST_F(ssf_model, EtcOpensTheRoutingNumberBearerAndByesItOnDfc) {
  make(pv::cap_v2, profile::etc, sc(scenario::kind::answer, 0ms, 1s));
  bearers.on_open = [this](const bearer_request&) {};
  call();
  ASSERT_EQ(bearers.opened.size(), 1U);
  EXPECT_EQ(bearers.opened[0].routing_digits, "4960212345678");
  EXPECT_FALSE(bearers.opened[0].announcement_id.has_value());
  scp->assist_done(scp->last_dialogue);
  run_for(3s);
  EXPECT_EQ(bearers.closed.size(), 1U);  // BYE on DFC
  EXPECT_EQ(only_record().outcome, call_outcome::answered) << trace_text();
  EXPECT_EQ(ssf_messages(), "BEGIN 0 | CONTINUE 24 | END 24");
}

TEST_F(ssf_model, EtcBusy) {
  make(pv::inap_cs1, profile::etc, sc(scenario::kind::busy));
  call();
  scp->assist_done(scp->last_dialogue);
  run_for(1s);
  EXPECT_EQ(only_record().outcome, call_outcome::busy) << trace_text();
  EXPECT_EQ(ssf_messages(), "BEGIN 0 | END 24");
}

TEST_F(ssf_model, EtcBearerRefusedAnswersEtcFailed) {
  make(pv::cap_v3, profile::etc, sc(scenario::kind::answer));
  bearers.answer_404 = true;
  call();
  scp->assist_done(scp->last_dialogue);
  run_for(2s);
  const auto& r = only_record();
  EXPECT_EQ(r.outcome, call_outcome::failed);
  EXPECT_EQ(r.failure, failure_kind::bearer);
  // ReturnError etcFailed (3) on the ETC invoke (2).
  ASSERT_GE(scp->received.size(), 2U);
  EXPECT_EQ(scp->received[1].comps.at(0), std::make_pair(component_ind::kind::u_error, std::int32_t{3}));
}

// --- call party handling --------------------------------------------------------------

TEST_F(ssf_model, CphAnswerMovesTheLegAndStopsTheIp) {
  make(pv::cap_v4, profile::cph, sc(scenario::kind::answer, 1s, 1s));
  complete_plays = false;
  call();
  const auto& r = only_record();
  EXPECT_EQ(r.outcome, call_outcome::answered) << r.detail << trace_text();
  // ICA result with the first answer; oAnswer leg 3 (EDP-R); MoveLeg result;
  // final tDisconnect leg 1 in TC-END.
  EXPECT_EQ(ssf_messages(), "BEGIN 0 | CONTINUE RR32 | CONTINUE 24 | CONTINUE RR93 | END 24") << trace_text();
  EXPECT_EQ(erb_at(2), std::make_pair(event_type_bcsm::o_answer, false));
  EXPECT_EQ(erb_at(4), std::make_pair(event_type_bcsm::t_disconnect, true));
  ASSERT_EQ(bearers.opened.size(), 1U);
  EXPECT_EQ(bearers.opened[0].announcement_id, 1002U);
  EXPECT_EQ(bearers.closed.size(), 1U);  // DFCWithArgument stopped the play
}

TEST_F(ssf_model, CphBusyReleaseForm) {
  make(pv::cap_v4, profile::cph, sc(scenario::kind::busy, 500ms));
  complete_plays = false;
  call();
  EXPECT_EQ(only_record().outcome, call_outcome::busy) << trace_text();
  EXPECT_EQ(ssf_messages(), "BEGIN 0 | CONTINUE RR32 | CONTINUE 24");
  EXPECT_EQ(erb_at(2), std::make_pair(event_type_bcsm::o_called_party_busy, false));
}

TEST_F(ssf_model, CphNoAnswerContinueFormLetsTheOriginalCallProceed) {
  make(pv::cap_v4, profile::cph, sc(scenario::kind::no_answer, 0ms, 1s));
  scp->busy_mode = cph_mode::continue_;
  scp->no_answer_timer = 1;  // applicationTimer beats the switch's 2 s
  complete_plays = false;
  call();
  EXPECT_EQ(only_record().outcome, call_outcome::no_answer) << trace_text();
  // oNoAnswer (EDP-R); DisconnectLeg result; the caller later hangs up: tDisconnect leg 1.
  EXPECT_EQ(ssf_messages(), "BEGIN 0 | CONTINUE RR32 | CONTINUE 24 | CONTINUE RR90 | END 24") << trace_text();
  EXPECT_EQ(erb_at(2), std::make_pair(event_type_bcsm::o_no_answer, false));
  EXPECT_EQ(erb_at(4), std::make_pair(event_type_bcsm::t_disconnect, true));
}

TEST_F(ssf_model, CphAbandonWhileTheNewLegRings) {
  make(pv::cap_v4, profile::cph, sc(scenario::kind::abandon, 1500ms));
  complete_plays = false;
  call();
  EXPECT_EQ(only_record().outcome, call_outcome::abandoned) << trace_text();
  EXPECT_EQ(ssf_messages(), "BEGIN 0 | CONTINUE RR32 | END 24");
  EXPECT_EQ(erb_at(2), std::make_pair(event_type_bcsm::t_abandon, true));
}

// --- alerting pattern, plain Continue ------------------------------------------------------

TEST_F(ssf_model, AlertingPatternCwaInCapV3) {
  make(pv::cap_v3, profile::alerting, sc(scenario::kind::answer));
  call();
  EXPECT_EQ(only_record().outcome, call_outcome::continued);
  EXPECT_EQ(ssf_messages(), "BEGIN 0");
  EXPECT_NE(trace_text().find("alertingPattern 000005"), std::string::npos) << trace_text();
}

TEST_F(ssf_model, AlertingPatternConnectInInap) {
  make(pv::inap_cs1, profile::alerting, sc(scenario::kind::answer));
  call();
  EXPECT_EQ(only_record().outcome, call_outcome::continued);
  EXPECT_NE(trace_text().find("alertingPattern 000005"), std::string::npos) << trace_text();
}

TEST_F(ssf_model, PlainContinue) {
  make(pv::cap_v2, profile::plain_continue, sc(scenario::kind::busy));
  call();
  EXPECT_EQ(only_record().outcome, call_outcome::continued);
  EXPECT_EQ(only_record().failure, failure_kind::none);
}

// --- errors ------------------------------------------------------------------------------

TEST_F(ssf_model, ReturnErrorFromTheScpFailsTheCall) {
  make(pv::cap_v2, profile::ctr, sc(scenario::kind::answer));
  scp->on_idp = [this](tcap::dialogue_id d) {
    (void)scp_layer->u_error(d, 1, codec::error_code::missing_parameter);
    (void)scp_layer->end(d);
  };
  call();
  EXPECT_EQ(only_record().failure, failure_kind::scp_error);
  EXPECT_EQ(only_record().detail, "ReturnError 7");
}

TEST_F(ssf_model, UnknownOperationIsRejected) {
  make(pv::cap_v2, profile::ctr, sc(scenario::kind::answer));
  scp->on_idp = [this](tcap::dialogue_id d) {
    scp->invoke(d, 77, bytes{0x30, 0x00});
    (void)scp_layer->continue_(d);
  };
  call();
  EXPECT_EQ(only_record().failure, failure_kind::unexpected);
  ASSERT_EQ(scp->received.size(), 2U);
  EXPECT_EQ(scp->received[1].kind, dialogue_ind_kind::end);
  EXPECT_EQ(scp->received[1].comps.at(0).first, component_ind::kind::u_reject);
}

TEST_F(ssf_model, UndecodableArgumentGetsMistypedParameter) {
  make(pv::cap_v3, profile::ctr, sc(scenario::kind::answer));
  scp->on_idp = [this](tcap::dialogue_id d) {
    scp->invoke(d, op::request_report_bcsm_event, bytes{0x30, 0x03, 0x02, 0x01, 0x05});
    (void)scp_layer->continue_(d);
  };
  call();
  EXPECT_EQ(only_record().failure, failure_kind::bad_component);
  ASSERT_EQ(scp->received.size(), 2U);
  EXPECT_EQ(scp->received[1].raw.at(0).problem,
            tcap::reject_problem::of(tcap::invoke_problem::mistyped_parameter));
}

TEST_F(ssf_model, PlayAnnouncementWithoutConnectionIsOutOfSequence) {
  make(pv::cap_v2, profile::ctr, sc(scenario::kind::answer));
  scp->on_idp = [this](tcap::dialogue_id d) {
    codec::play_announcement pa;
    pa.message_id = 5;
    scp->invoke(d, op::play_announcement, codec::encode_play_announcement(pv::cap_v2, pa));
    (void)scp_layer->continue_(d);
  };
  call();
  EXPECT_EQ(only_record().failure, failure_kind::unexpected);
  EXPECT_EQ(scp->received.at(1).comps.at(0),
            std::make_pair(component_ind::kind::u_error, codec::error_code::unexpected_component_sequence));
}

TEST_F(ssf_model, UAbortFromTheScp) {
  make(pv::cap_v2, profile::ctr, sc(scenario::kind::answer));
  scp->on_idp = [this](tcap::dialogue_id d) { (void)scp_layer->u_abort(d); };
  call();
  EXPECT_EQ(only_record().failure, failure_kind::u_abort);
}

TEST_F(ssf_model, SilentScpTimesOutAndAborts) {
  make(pv::cap_v2, profile::ctr, sc(scenario::kind::answer));
  s.call_timeout = 3s;
  engine = std::make_unique<ssf_engine>(timers, s, &bearers, rec);
  bearers.events = engine.get();
  engine->set_layer(ssf_layer.get());
  ssf_layer = std::make_unique<tcap::tcap_layer>(net->a(), timers, *engine, tcap::ac_table::all_known(),
                                                 tcap::operation_table::cap_inap_defaults());
  engine->set_layer(ssf_layer.get());
  scp->on_idp = [](tcap::dialogue_id) {};  // never answers
  engine->start_call(encode_idp(s, "491700000001", "491700000002"));
  run_for(6s);
  EXPECT_EQ(only_record().failure, failure_kind::timeout);
  EXPECT_FALSE(only_record().has_setup);
  // The SCP's dialogue was never told (the SSF knew no peer TID): its own
  // inactivity timer (90 s) closes it.
  run_for(95s);
  EXPECT_EQ(scp->p_aborts.size(), 1U);
}

TEST_F(ssf_model, RtpMismatchFailsTheCallButTheCallModelCompletes) {
  make(pv::cap_v2, profile::ctr, sc(scenario::kind::answer));
  bearers.play_report.packets = 50;
  bearers.play_report.ok = false;
  bearers.play_report.problem = "packet 7: payload byte 1200 differs from the expected resource";
  call();
  const auto& r = only_record();
  EXPECT_EQ(r.failure, failure_kind::rtp_mismatch);
  EXPECT_EQ(ssf_messages(), "BEGIN 0 | CONTINUE 49 | CONTINUE 24 | END 24");
}

TEST_F(ssf_model, RefusedContextIsReported) {
  make(pv::cap_v4, profile::ctr, sc(scenario::kind::answer));
  scp_layer = std::make_unique<tcap::tcap_layer>(net->b(), timers, *scp,
                                                 tcap::ac_table::only({codec::ac::cap_v2_gsmssf_to_gsmscf}),
                                                 tcap::operation_table::cap_inap_defaults());
  scp->layer = scp_layer.get();
  call();
  EXPECT_EQ(only_record().failure, failure_kind::refused);
}

TEST_F(ssf_model, ManyConcurrentCallsLeaveNothingBehind) {
  make(pv::cap_v2, profile::ctr, sc(scenario::kind::answer), true);
  s.trace = false;
  for (int i = 0; i < 200; ++i) engine->start_call(encode_idp(s, "491700000001", "491700000002"));
  run_for(1s);
  ASSERT_EQ(rec.records.size(), 200U);
  for (const auto& r : rec.records) EXPECT_EQ(r.outcome, call_outcome::answered) << r.detail;
}

}  // namespace
}  // namespace cmr::tools::ssf
