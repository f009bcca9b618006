// The SCP service logic and its CAP/INAP mapping driven through real TCAP
// layers: the service's layers (SSN 146 CAP, 241 INAP, PC 2) face scripted
// SSF layers (PC 1) and scripted assisting-IP layers (PC 3) over two
// in-memory SCCP pairs, one manual clock, no sleeps. Decisions come from a
// fake decision port that can hold them back, as the store does for an
// owner not in memory. Every test ends with the leak check: no call, no
// dialogue on any layer, no timer, no decision or task left.
#pragma once

#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <functional>
#include <map>
#include <memory>
#include <sstream>

#include "common/manual_timer_service.h"
#include "in/cap/cap_mapping.h"
#include "in/cap/correlation.h"
#include "in/codec/operations_codec.h"
#include "in/codec/protocol_constants.h"
#include "in/scp/assist_registry.h"
#include "in/scp/log.h"
#include "in/scp/scp_service.h"
#include "in/tcap/local_sccp_pair.h"
#include "in/tcap/tcap_layer.h"
#include "store/decision_port.h"
#include "tests/common/fsm_trace.h"
#include "tests/common/temp_dir.h"

namespace cmr::in::scp::test {

using namespace std::chrono_literals;
using codec::bytes;
using codec::event_type_bcsm;
using codec::protocol_variant;
using tcap::component_ind;
using tcap::dialogue_id;
using tcap::dialogue_ind;
using tcap::dialogue_ind_kind;
namespace op = codec::opcode;

inline constexpr const char* k_owner = "491700000001";  // has a ringback (announcement 1001)
inline constexpr const char* k_other = "491700000002";  // has a ringtone pattern only
inline constexpr std::uint32_t k_annc = 1001;
inline constexpr std::uint8_t k_pattern = 5;

inline sigtran::sccp_address addr(std::uint32_t pc, std::uint8_t ssn) {
  sigtran::sccp_address a;
  a.point_code = pc;
  a.ssn = ssn;
  return a;
}

// The charging record's protocol names; test names use '_' for '-'.
inline std::string name_of(protocol_variant v) {
  switch (v) {
    case protocol_variant::cap_v2:
      return "cap-v2";
    case protocol_variant::cap_v3:
      return "cap-v3";
    case protocol_variant::cap_v4:
      return "cap-v4";
    case protocol_variant::inap_cs1:
      return "inap";
  }
  return "?";
}
inline std::string test_name(protocol_variant v) {
  std::string s = name_of(v);
  for (char& c : s)
    if (c == '-') c = '_';
  return s;
}

inline codec::oid ssf_context(protocol_variant v) {
  switch (v) {
    case protocol_variant::cap_v2:
      return codec::ac::cap_v2_gsmssf_to_gsmscf;
    case protocol_variant::cap_v3:
      return codec::ac::cap_v3_gsmssf_scf_generic;
    case protocol_variant::cap_v4:
      return codec::ac::cap_v4_gsmssf_scf_generic;
    case protocol_variant::inap_cs1:
      return codec::ac::inap_cs1_ssp_to_scp;
  }
  return {};
}
inline codec::oid srf_context(protocol_variant v) {
  switch (v) {
    case protocol_variant::cap_v2:
      return codec::ac::cap_v2_gsmsrf_to_gsmscf;
    case protocol_variant::cap_v3:
      return codec::ac::cap_v3_gsmsrf_gsmscf;
    case protocol_variant::cap_v4:
      return codec::ac::cap_v4_gsmsrf_gsmscf;
    case protocol_variant::inap_cs1:
      return codec::ac::inap_cs1_ip_to_scp;
  }
  return {};
}

// The decision port of the tests: the demo owner has a ringback (1001,
// pattern 5) and a ringtone; the other party a ringtone without
// announcement or pattern; nobody else anything. With `hold` set, decisions
// wait until release() (the store loading an owner not in memory).
class fake_decisions final : public store::decision_port {
public:
  std::optional<store::decision> decide_or_defer(const store::decision_request& r,
                                                 decided_fn later) override {
    ++asked;
    if (throws) throw std::runtime_error("decision engine exploded");
    store::decision d = make(r);
    if (!hold) return d;
    held.emplace_back(std::move(later), std::move(d));
    return std::nullopt;
  }
  // Completes the held decisions, as a store thread would.
  void release() {
    auto h = std::move(held);
    held.clear();
    for (auto& [later, d] : h) later(std::move(d));
  }

  store::decision make(const store::decision_request& r) const {
    store::decision d;
    d.svc = r.svc;
    const bool cmrt = r.svc == store::service::cmrt;
    const auto resource = [&d](std::string id, std::int64_t annc, std::optional<std::uint8_t> p) {
      auto res = std::make_shared<store::resource>();
      res->id = std::move(id);
      res->announcement_id = annc;
      res->alerting_pattern = p;
      d.resource = std::move(res);
      d.why = store::decision::reason::rule;
    };
    if (r.default1_only) {  // after a stop key: DefaultCMRResourceId1 when the test set one
      if (r.owner == k_owner && !cmrt && default1_annc != 0)
        resource("demo-default-1", default1_annc, std::nullopt);
      return d;
    }
    if (r.owner == k_owner && !cmrt) resource("demo-ringback-1", k_annc, k_pattern);
    if (r.owner == k_owner && !cmrt && box) d.box_id = "demo-box";
    if (r.owner == k_owner && cmrt) resource("demo-ringtone-1", k_annc, k_pattern);
    if (r.owner == k_other && cmrt) resource("plain", 0, std::nullopt);
    return d;
  }

  int asked = 0;
  bool box = false;  // the owner's ringback is drawn from a box
  std::int64_t default1_annc = 0;  // the owner's DefaultCMRResourceId1 (0: none)
  bool throws = false;
  bool hold = false;
  std::vector<std::pair<decided_fn, store::decision>> held;
};

struct recording_user final : tcap::tc_user {
  std::vector<dialogue_ind> dialogues;
  std::vector<tcap::u_abort_ind> u_aborts;
  std::vector<tcap::p_abort_ind> p_aborts;
  void on_dialogue(const dialogue_ind& ind) override { dialogues.push_back(ind); }
  void on_u_abort(const tcap::u_abort_ind& ind) override { u_aborts.push_back(ind); }
  void on_p_abort(const tcap::p_abort_ind& ind) override { p_aborts.push_back(ind); }
  void on_l_cancel(const tcap::l_cancel_ind&) override {}
  void on_notice(const tcap::notice_ind&) override {}
  const dialogue_ind& last() const { return dialogues.back(); }
};

// Invoke opcodes of an indication, in order.
inline std::vector<std::int32_t> invokes(const dialogue_ind& ind) {
  std::vector<std::int32_t> out;
  for (const auto& c : ind.components)
    if (c.type == component_ind::kind::invoke) out.push_back(c.code);
  return out;
}
inline const component_ind* find_invoke(const dialogue_ind& ind, std::int32_t opcode,
                                        std::size_t nth = 0) {
  for (const auto& c : ind.components)
    if (c.type == component_ind::kind::invoke && c.code == opcode && nth-- == 0) return &c;
  return nullptr;
}

inline codec::initial_dp make_idp(std::uint32_t key, const std::string& called,
                                  const std::string& calling,
                                  event_type_bcsm et = event_type_bcsm::term_attempt_authorized) {
  codec::initial_dp i;
  i.service_key = key;
  if (!called.empty())
    i.called_party_number =
        codec::encode_q763_number(codec::q763_kind::called, {4, 1, false, 0, 0, 0, called});
  if (!calling.empty())
    i.calling_party_number =
        codec::encode_q763_number(codec::q763_kind::calling, {4, 1, false, 0, 3, 0, calling});
  i.event_type = et;
  return i;
}

inline codec::event_report_bcsm make_erb(event_type_bcsm e, bool request, std::uint8_t leg = 2) {
  codec::event_report_bcsm r;
  r.event = e;
  r.leg = codec::leg_id{false, leg};
  r.misc = codec::misc_call_info{!request, std::nullopt};
  return r;
}

// The state machine transitions the service logs at debug (the call's and
// its procedure's), as a golden trace: tests/unit/scp/golden/<name>.trace
// (CMR_REGEN_GOLDEN=1 rewrites them). One trace serves every protocol
// variant: the service logic is protocol-neutral.
class fsm_trace : public cmr::testing::fsm_trace {
public:
  fsm_trace() : cmr::testing::fsm_trace(log_scp, "scp(call=", "tests/unit/scp/golden") {}
};

class scp_fixture : public ::testing::Test {
protected:
  scp_fixture()
      : net146(addr(1, 146), addr(2, 146)),
        net241(addr(1, 241), addr(2, 241)),
        ssf146(net146.a(), timers, ssf_user, tcap::ac_table::all_known(),
               tcap::operation_table::cap_inap_defaults(), cfg(11)),
        ssf241(net241.a(), timers, ssf_user, tcap::ac_table::all_known(),
               tcap::operation_table::cap_inap_defaults(), cfg(12)),
        ip146(net146.a(), timers, ip_user, tcap::ac_table::all_known(),
              tcap::operation_table::cap_inap_defaults(), cfg(13)),
        ip241(net241.a(), timers, ip_user, tcap::ac_table::all_known(),
              tcap::operation_table::cap_inap_defaults(), cfg(14)) {
    // Side A is shared by the SSF (PC 1) and the IP (PC 3): by called PC.
    net146.a().on_receive = [this](sigtran::n_unitdata m) {
      if (ssf_gone && m.called.point_code == 1U) return;
      (m.called.point_code == 3U ? ip146 : ssf146).receive(m);
    };
    net241.a().on_receive = [this](sigtran::n_unitdata m) {
      if (ssf_gone && m.called.point_code == 1U) return;
      (m.called.point_code == 3U ? ip241 : ssf241).receive(m);
    };
    settings.service_keys = {{100, false, scp_profile::connect_to_resource},
                             {101, true, scp_profile::alerting_pattern},
                             {102, false, scp_profile::temporary_connection},
                             {110, false, scp_profile::call_party_handling}};
    settings.scf_id = "491720000100";
    settings.no_answer_timer_s = 20;
    settings.inactivity_timer_s = 600;
    settings.activity_test_interval_s = 0;  // on in its own tests only
  }

  static tcap::tcap_config cfg(std::uint64_t seed) {
    tcap::tcap_config c;
    c.tid_seed = seed;
    c.inactivity_timeout = 600s;  // longer than PlayAnnouncement's 300 s operation timer
    return c;
  }

  // Builds the service with `settings` (tests adjust them first).
  void start() {
    records = std::make_unique<charging_writer>(dir.file("records.jsonl"));
    svc = std::make_unique<scp_service>(
        settings, &decisions, timers,
        [this](std::function<void()> task) { posted.push_back(std::move(task)); }, records.get(),
        42);
    mapping = std::make_unique<cap::cap_mapping>(*svc, svc->counters_mut(), svc->settings());
    svc->add_status_lines([m = mapping.get()] { return m->status_lines(); });
    svc->add_after_sweep([m = mapping.get()] { m->recount(); });
    auto& e146 = mapping->add_endpoint(146);
    auto& e241 = mapping->add_endpoint(241);
    scp146 = std::make_unique<tcap::tcap_layer>(
        net146.b(), timers, e146, cap::cap_mapping::contexts_for_ssn(146),
        tcap::operation_table::cap_inap_defaults(), mapping->tcap_settings());
    scp241 = std::make_unique<tcap::tcap_layer>(
        net241.b(), timers, e241, cap::cap_mapping::contexts_for_ssn(241),
        tcap::operation_table::cap_inap_defaults(), mapping->tcap_settings());
    e146.bind(*scp146);
    e241.bind(*scp241);
    net146.b().on_receive = [this](sigtran::n_unitdata m) { scp146->receive(m); };
    net241.b().on_receive = [this](sigtran::n_unitdata m) { scp241->receive(m); };
  }

  void TearDown() override {
    pump();
    if (!svc) return;
    EXPECT_EQ(svc->live_calls(), 0U) << "calls leaked";
    EXPECT_EQ(scp146->dialogue_count(), 0U) << "SCP 146 dialogues leaked";
    EXPECT_EQ(scp241->dialogue_count(), 0U) << "SCP 241 dialogues leaked";
    EXPECT_EQ(ssf146.dialogue_count() + ssf241.dialogue_count(), 0U) << "SSF dialogues leaked";
    EXPECT_EQ(ip146.dialogue_count() + ip241.dialogue_count(), 0U) << "IP dialogues leaked";
    EXPECT_EQ(timers.pending(), 0U) << "timers leaked";
    EXPECT_TRUE(decisions.held.empty()) << "decisions left waiting";
    EXPECT_TRUE(posted.empty()) << "tasks left for the strand";
    scp146.reset();
    scp241.reset();
    mapping.reset();
    svc.reset();
  }

  // Delivers every message in flight and runs every task posted to the
  // service's strand, until nothing moves.
  void pump() {
    for (;;) {
      std::size_t moved = net146.pump() + net241.pump();
      auto tasks = std::move(posted);
      posted.clear();
      for (auto& t : tasks) t();
      if (moved == 0 && tasks.empty()) return;
    }
  }
  void advance(std::chrono::milliseconds d) {
    timers.advance(d);
    pump();
  }

  static bool inap(protocol_variant v) { return v == protocol_variant::inap_cs1; }
  tcap::tcap_layer& ssf(protocol_variant v) { return inap(v) ? ssf241 : ssf146; }
  tcap::tcap_layer& ip(protocol_variant v) { return inap(v) ? ip241 : ip146; }
  static std::uint8_t ssn(protocol_variant v) { return inap(v) ? 241 : 146; }

  // The SSF opens a dialogue with an InitialDP; returns the SSF's dialogue.
  dialogue_id send_idp(protocol_variant v, const codec::initial_dp& idp) {
    auto& l = ssf(v);
    const dialogue_id d = l.open(addr(2, ssn(v)), ssf_context(v));
    EXPECT_TRUE(
        l.invoke(d, {1, std::nullopt, op::initial_dp, codec::encode_initial_dp(v, idp), {}, {}}));
    EXPECT_TRUE(l.begin(d));
    pump();
    return d;
  }
  dialogue_id send_idp(protocol_variant v, std::uint32_t key) {
    return send_idp(v, make_idp(key, k_owner, k_other));
  }

  // The SSF sends invokes (opcode, argument, linked id) in a Continue or End.
  struct ssf_op {
    std::int32_t opcode;
    std::optional<bytes> arg;
    std::optional<std::int8_t> linked;
  };
  void ssf_send(protocol_variant v, dialogue_id d, const std::vector<ssf_op>& ops,
                bool end = false) {
    auto& l = ssf(v);
    for (const auto& o : ops)
      EXPECT_TRUE(l.invoke(d, {ssf_invoke++, o.linked, o.opcode, o.arg, {}, {}}));
    EXPECT_TRUE(end ? l.end(d) : l.continue_(d));
    pump();
  }
  void send_erb(protocol_variant v, dialogue_id d, const codec::event_report_bcsm& e, bool end) {
    const auto arg = codec::encode_event_report_bcsm(v, e);
    ASSERT_FALSE(arg.empty());
    ssf_send(v, d, {{op::event_report_bcsm, arg, std::nullopt}}, end);
  }
  void send_srr(protocol_variant v, dialogue_id d, std::int8_t pa_invoke) {
    ssf_send(v, d,
             {{op::specialized_resource_report,
               codec::encode_specialized_resource_report(v, codec::specialized_resource_report{}),
               pa_invoke}});
  }

  // The charging records written so far.
  std::vector<std::string> record_lines() const {
    std::ifstream in(dir.file("records.jsonl"));
    std::vector<std::string> out;
    for (std::string line; std::getline(in, line);) out.push_back(line);
    return out;
  }
  std::string last_record() const {
    auto l = record_lines();
    return l.empty() ? std::string() : l.back();
  }

  cmr::testing::temp_dir dir{"cmr-scp"};
  tcap::local_sccp_pair net146;
  tcap::local_sccp_pair net241;
  cmr::manual_timer_service timers;
  recording_user ssf_user;
  recording_user ip_user;
  tcap::tcap_layer ssf146;
  tcap::tcap_layer ssf241;
  tcap::tcap_layer ip146;
  tcap::tcap_layer ip241;
  scp_settings settings;
  std::unique_ptr<charging_writer> records;
  std::unique_ptr<scp_service> svc;
  std::unique_ptr<cap::cap_mapping> mapping;
  std::unique_ptr<tcap::tcap_layer> scp146;
  std::unique_ptr<tcap::tcap_layer> scp241;
  bool ssf_gone = false;  // messages to the SSF are lost
  fake_decisions decisions;
  std::vector<std::function<void()>> posted;  // tasks for the service's strand
  std::int8_t ssf_invoke = 2;
};

}  // namespace cmr::in::scp::test
