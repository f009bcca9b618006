// The SCP's ANSI-41 WIN mapping (in/win) with the real service logic, driven
// through real ANSI TCAP layers over an in-memory SCCP pair: the SCP's layer
// (PC 2, SSN 147) faces a scripted MSC (PC 1, SSN 8) and a scripted IP (PC 3,
// SSN 148), one manual clock. The flows are docs/cdma-delivery.md's; every
// test ends with the leak check (no call, no transaction, no timer).
#include <gtest/gtest.h>

#include "in/ansi41/win_operation_table.h"
#include "in/ansi41/win_operations.h"
#include "in/ansi_tcap/ansi_tcap_layer.h"
#include "in/win/win_mapping.h"
#include "tests/unit/scp/scp_fixture.h"

namespace cmr::in::win::test {
namespace {

using namespace std::chrono_literals;
using scp::test::addr;
using scp::test::fake_decisions;
using scp::test::k_owner;
using scp::test::k_other;
using scp::test::recording_user;
using tcap::component_ind;
using tcap::dialogue_id;
using tcap::dialogue_ind;
using tcap::dialogue_ind_kind;
using kind = component_ind::kind;

constexpr std::uint8_t k_all_calls = 1;
constexpr std::uint8_t k_platform_trigger = 38;  // InitialTermination
constexpr const char* k_tldn = "49608000001";

ansi_tcap::ansi_tcap_config layer_cfg(std::uint64_t seed) {
  ansi_tcap::ansi_tcap_config c;
  c.tid_seed = seed;
  c.inactivity_timeout = 600s;
  return c;
}

const component_ind* first_of(const dialogue_ind& ind, kind k) {
  for (const auto& c : ind.components)
    if (c.type == k) return &c;
  return nullptr;
}

class win_mapping_test : public ::testing::Test {
protected:
  win_mapping_test()
      : net(addr(1, 8), addr(2, 147)),
        msc(net.a(), timers, msc_user, ansi41::win_operation_table(), layer_cfg(11)),
        ip(net.a(), timers, ip_user, ansi41::win_operation_table(), layer_cfg(13)) {
    // Side A is shared by the MSC (PC 1) and the IP (PC 3): by called PC.
    net.a().on_receive = [this](sigtran::n_unitdata m) {
      if (msc_gone && m.called.point_code == 1U) return;
      (m.called.point_code == 3U ? ip : msc).receive(m);
    };
    settings.inactivity_timer_s = 600;
    settings.activity_test_interval_s = 300;  // never for ANSI-41: no ActivityTest there
    settings.win_triggers = {{k_all_calls, false, scp::scp_profile::win_resource, true},
                             {k_platform_trigger, false, scp::scp_profile::route_via_platform, true}};
    settings.win_triggers_set = true;
  }

  void start() {
    records = std::make_unique<scp::charging_writer>(dir.file("records.jsonl"));
    svc = std::make_unique<scp::scp_service>(
        settings, &decisions, timers,
        [this](std::function<void()> task) { posted.push_back(std::move(task)); }, records.get(),
        42);
    mapping = std::make_unique<win_mapping>(*svc, svc->counters_mut(), svc->settings(), timers);
    svc->add_after_sweep([m = mapping.get()] { m->recount(); });
    scp_layer = std::make_unique<ansi_tcap::ansi_tcap_layer>(
        net.b(), timers, *mapping, ansi41::win_operation_table(), mapping->tcap_settings());
    mapping->bind(*scp_layer, addr(3, 148));
    net.b().on_receive = [this](sigtran::n_unitdata m) { scp_layer->receive(m); };
  }

  void TearDown() override {
    pump();
    if (!svc) return;
    EXPECT_EQ(svc->live_calls(), 0U) << "calls leaked";
    EXPECT_EQ(scp_layer->transaction_count(), 0U) << "SCP transactions leaked";
    EXPECT_EQ(msc.transaction_count(), 0U) << "MSC transactions leaked";
    EXPECT_EQ(ip.transaction_count(), 0U) << "IP transactions leaked";
    EXPECT_EQ(timers.pending(), 0U) << "timers leaked";
    EXPECT_NE(mapping->status_lines().find("win-calls 0"), std::string::npos)
        << mapping->status_lines();
    scp_layer.reset();
    mapping.reset();
    svc.reset();
  }

  void pump() {
    for (;;) {
      std::size_t moved = net.pump();
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

  ansi41::billing_id billing() const { return {0x000102, serial, 0}; }

  ansi41::analyzed_information anlyzd(std::uint8_t trigger, const std::string& called) const {
    ansi41::analyzed_information a;
    a.billing = billing();
    a.dialed.type = ansi41::digits::kind::dialed;
    a.dialed.international = true;
    a.dialed.value = called;
    a.mscid = 0x000102;
    a.trigger_type = trigger;
    ansi41::digits calling;
    calling.type = ansi41::digits::kind::calling_party;
    calling.international = true;
    calling.value = k_other;
    a.calling_party = calling;
    return a;
  }

  // The MSC opens a transaction with one invoke; returns its id.
  dialogue_id msc_query(std::int32_t opcode, const ansi41::bytes& arg) {
    const dialogue_id d = msc.open(addr(2, 147));
    EXPECT_TRUE(msc.invoke(d, {1, std::nullopt, opcode, arg, {}, {}}));
    EXPECT_TRUE(msc.begin(d, true));
    pump();
    return d;
  }
  dialogue_id trigger(std::uint8_t t = k_all_calls, const std::string& called = k_owner) {
    return msc_query(ansi41::opcode::analyzed_information(), ansi41::encode(anlyzd(t, called)));
  }
  // An event trigger of the call in a transaction of its own; returns what
  // the MSC received for it.
  dialogue_ind event(std::int32_t opcode) {
    ansi41::event_trigger e;
    e.billing = billing();
    e.mscid = 0x000102;
    e.trigger_type = 0;
    e.transaction_capability = ansi41::bytes{0x00, 0x00};
    e.win = ansi41::win_capability{};
    e.time_of_day = 43200;
    const dialogue_id d = msc_query(opcode, ansi41::encode(e));
    for (const auto& ind : msc_user.dialogues)
      if (ind.id == d) return ind;
    ADD_FAILURE() << "no answer to the event trigger";
    return {};
  }

  // The IP's side of the seizure: the Query it got, the TLDN it answers.
  dialogue_id ip_seized() {
    EXPECT_FALSE(ip_user.dialogues.empty());
    const auto& q = ip_user.last();
    EXPECT_EQ(q.type, dialogue_ind_kind::begin);
    const auto* inv = first_of(q, kind::invoke);
    EXPECT_NE(inv, nullptr);
    if (inv == nullptr) return 0;
    EXPECT_EQ(inv->code, ansi41::opcode::seize_resource());
    auto arg = ansi41::decode_seize_resource(*inv->parameter);
    EXPECT_TRUE(arg.has_value());
    if (arg) {
      EXPECT_EQ(arg->private_specialized_resource, (ansi41::bytes{0x00, 0x00, 0x03, 0xe9}))
          << "the announcement id, 1001";
    }
    ansi41::seize_resource_result res;
    res.destination.type = ansi41::digits::kind::destination;
    res.destination.value = k_tldn;
    EXPECT_TRUE(ip.result_last(q.id, *inv->invoke_id, ansi41::encode(res)));
    EXPECT_TRUE(ip.continue_(q.id, true));
    pump();
    return q.id;
  }
  void ip_instruction_request(dialogue_id d) {
    EXPECT_TRUE(ip.invoke(d, {5, std::nullopt, ansi41::opcode::instruction_request(),
                              ansi41::encode_empty(), {}, {}}));
    EXPECT_TRUE(ip.continue_(d, true));
    pump();
  }

  std::string last_record() const {
    std::ifstream in(dir.file("records.jsonl"));
    std::string last;
    for (std::string line; std::getline(in, line);) last = line;
    return last;
  }

  // The whole resource interaction up to the MSC's Response (DisconnectResource
  // + the AnalyzedInformation result).
  void resource_played() {
    (void)trigger();
    const dialogue_id seize = ip_seized();
    // The MSC is told to connect the caller to the TLDN.
    ASSERT_EQ(msc_user.last().type, dialogue_ind_kind::continue_);
    const auto* cr = first_of(msc_user.last(), kind::invoke);
    ASSERT_NE(cr, nullptr);
    EXPECT_EQ(cr->code, ansi41::opcode::connect_resource());
    auto c = ansi41::decode_connect_resource(*cr->parameter);
    ASSERT_TRUE(c.has_value());
    EXPECT_EQ(c->destination.value, k_tldn);
    // The bearer reached the IP: it asks for instructions; SRFDirective.
    ip_instruction_request(seize);
    const auto* srf = first_of(ip_user.last(), kind::invoke);
    ASSERT_NE(srf, nullptr);
    EXPECT_EQ(srf->code, ansi41::opcode::srf_directive());
    auto dir_arg = ansi41::decode_srf_directive(*srf->parameter);
    ASSERT_TRUE(dir_arg.has_value());
    ASSERT_EQ(dir_arg->announcements.size(), 1U);
    EXPECT_EQ(dir_arg->announcements[0].custom, std::optional<std::uint8_t>(0))
        << "1001 does not fit the custom octet: the resource named at seizure";
    // Played: the result; the SCP ends the IP's transaction, then tells the
    // MSC to drop the resource and proceed.
    EXPECT_TRUE(ip.result_last(seize, *srf->invoke_id, ansi41::encode_empty()));
    EXPECT_TRUE(ip.continue_(seize, true));
    pump();
    EXPECT_EQ(ip_user.last().type, dialogue_ind_kind::end);
    ASSERT_NE(first_of(ip_user.last(), kind::result_last), nullptr) << "instreq RETURN RESULT";
    const auto& resp = msc_user.last();
    ASSERT_EQ(resp.type, dialogue_ind_kind::end);
    const auto* dr = first_of(resp, kind::invoke);
    ASSERT_NE(dr, nullptr);
    EXPECT_EQ(dr->code, ansi41::opcode::disconnect_resource());
    const auto* rr = first_of(resp, kind::result_last);
    ASSERT_NE(rr, nullptr);
    EXPECT_TRUE(!rr->parameter || rr->parameter->empty()) << "an empty result carries no parameter";
  }

  cmr::testing::temp_dir dir{"cmr-win"};
  tcap::local_sccp_pair net;
  cmr::manual_timer_service timers;
  recording_user msc_user;
  recording_user ip_user;
  ansi_tcap::ansi_tcap_layer msc;
  ansi_tcap::ansi_tcap_layer ip;
  scp::scp_settings settings;
  fake_decisions decisions;
  std::unique_ptr<scp::charging_writer> records;
  std::unique_ptr<scp::scp_service> svc;
  std::unique_ptr<win_mapping> mapping;
  std::unique_ptr<ansi_tcap::ansi_tcap_layer> scp_layer;
  std::vector<std::function<void()>> posted;
  std::uint32_t serial = 7;
  bool msc_gone = false;
};

TEST_F(win_mapping_test, win_resource_answered_then_disconnected) {
  start();
  resource_played();
  const auto answer = event(ansi41::opcode::t_answer());
  EXPECT_EQ(answer.type, dialogue_ind_kind::end);
  EXPECT_NE(first_of(answer, kind::result_last), nullptr);
  EXPECT_EQ(svc->live_calls(), 1U) << "followed to its end";
  (void)event(ansi41::opcode::o_disconnect());
  EXPECT_NE(last_record().find("\"outcome\":\"answered\""), std::string::npos) << last_record();
  EXPECT_NE(last_record().find("\"protocol\":\"ansi-41\""), std::string::npos) << last_record();
  EXPECT_NE(last_record().find("win-resource"), std::string::npos) << last_record();
  EXPECT_EQ(svc->counters().profile_win_resource, 1U);
  EXPECT_EQ(svc->counters().idp_received, 1U) << "one trigger, counted once";
  EXPECT_EQ(svc->counters().assist_requests, 1U) << "one InstructionRequest, counted once";
}

TEST_F(win_mapping_test, win_resource_busy_and_no_answer) {
  start();
  resource_played();
  (void)event(ansi41::opcode::t_busy());
  EXPECT_NE(last_record().find("\"outcome\":\"busy\""), std::string::npos) << last_record();
  ++serial;
  resource_played();
  (void)event(ansi41::opcode::t_no_answer());
  EXPECT_NE(last_record().find("\"outcome\":\"no-answer\""), std::string::npos) << last_record();
}

// The caller hangs up while the resource plays: ODisconnect in a transaction
// of its own; the SCP ends the AnalyzedInformation transaction and the IP's.
TEST_F(win_mapping_test, abandon_during_the_resource) {
  start();
  (void)trigger();
  const dialogue_id seize = ip_seized();
  ip_instruction_request(seize);
  (void)event(ansi41::opcode::o_disconnect());
  EXPECT_NE(last_record().find("\"outcome\":\"abandoned\""), std::string::npos) << last_record();
  // The ConnectResource Conversation, the trigger's Response (no result: the
  // call is gone) and the ODisconnect's Response.
  ASSERT_EQ(msc_user.dialogues.size(), 3U);
  EXPECT_EQ(msc_user.dialogues[1].type, dialogue_ind_kind::end);
  EXPECT_EQ(ip_user.last().type, dialogue_ind_kind::end) << "the IP's transaction ended too";
}

TEST_F(win_mapping_test, route_via_platform_routing_digits) {
  start();
  (void)trigger(k_platform_trigger);
  const auto& resp = msc_user.last();
  ASSERT_EQ(resp.type, dialogue_ind_kind::end);
  const auto* rr = first_of(resp, kind::result_last);
  ASSERT_NE(rr, nullptr);
  auto r = ansi41::decode_analyzed_information_result(*rr->parameter);
  ASSERT_TRUE(r.has_value());
  ASSERT_TRUE(r->routing_digits.has_value());
  EXPECT_EQ(r->routing_digits->value, std::string("49609") + k_owner);
  EXPECT_TRUE(ip_user.dialogues.empty()) << "no resource seized";
  (void)event(ansi41::opcode::t_no_answer());
  EXPECT_NE(last_record().find("\"outcome\":\"no-answer\""), std::string::npos) << last_record();
  // The platform's leg to the callee carries the prefix: never served again.
  (void)trigger(k_platform_trigger, std::string("49609") + k_owner);
  const auto* again = first_of(msc_user.last(), kind::result_last);
  ASSERT_NE(again, nullptr);
  EXPECT_TRUE(!again->parameter || again->parameter->empty())
      << "proceed untouched: no RoutingDigits";
  EXPECT_EQ(svc->counters().platform_loops, 1U);
}

TEST_F(win_mapping_test, unknown_trigger_type_and_unknown_subscriber_proceed_untouched) {
  start();
  (void)trigger(99);
  ASSERT_EQ(msc_user.last().type, dialogue_ind_kind::end);
  EXPECT_NE(first_of(msc_user.last(), kind::result_last), nullptr);
  EXPECT_EQ(svc->counters().unknown_service_key, 1U);
  (void)trigger(k_all_calls, "491799999999");
  ASSERT_EQ(msc_user.last().type, dialogue_ind_kind::end);
  EXPECT_NE(first_of(msc_user.last(), kind::result_last), nullptr);
  EXPECT_EQ(svc->counters().no_resource, 1U);
  EXPECT_TRUE(ip_user.dialogues.empty());
}

TEST_F(win_mapping_test, bad_arguments_get_reject_or_missing_parameter) {
  start();
  // A SET that does not hold together: Reject (incorrect parameter).
  (void)msc_query(ansi41::opcode::analyzed_information(), ansi41::bytes{0xf2, 0x04, 0x84, 0x09, 0x01, 0x02});
  ASSERT_EQ(msc_user.last().type, dialogue_ind_kind::end);
  EXPECT_NE(first_of(msc_user.last(), kind::r_reject) != nullptr
                ? first_of(msc_user.last(), kind::r_reject)
                : first_of(msc_user.last(), kind::u_reject),
            nullptr);
  EXPECT_EQ(svc->counters().idp_undecodable, 1U);
  // An empty SET: every mandatory parameter missing -> ReturnError
  // MissingParameter.
  (void)msc_query(ansi41::opcode::analyzed_information(), ansi41::encode_empty());
  const auto* err = first_of(msc_user.last(), kind::u_error);
  ASSERT_NE(err, nullptr);
  EXPECT_EQ(err->code, ansi41::error_code::missing_parameter());
  EXPECT_EQ(svc->counters().idp_missing_parameter, 1U);
  // An operation the SCP does not serve opening a transaction: Reject.
  (void)msc_query(ansi41::opcode::connect_resource(), ansi41::encode_empty());
  EXPECT_EQ(msc_user.last().type, dialogue_ind_kind::end);
  // An event trigger for no live call: answered, counted.
  const auto stray = event(ansi41::opcode::t_answer());
  EXPECT_NE(first_of(stray, kind::result_last), nullptr);
  EXPECT_EQ(svc->counters().win_unmatched_triggers, 1U);
}

TEST_F(win_mapping_test, ip_refusing_or_silent_lets_the_call_proceed) {
  start();
  (void)trigger();
  ASSERT_FALSE(ip_user.dialogues.empty());
  const auto& q = ip_user.last();
  const auto* inv = first_of(q, kind::invoke);
  ASSERT_NE(inv, nullptr);
  EXPECT_TRUE(ip.u_error(q.id, *inv->invoke_id, ansi41::error_code::resource_shortage()));
  EXPECT_TRUE(ip.end(q.id));
  pump();
  auto* rr = first_of(msc_user.last(), kind::result_last);
  ASSERT_NE(rr, nullptr) << "the AnalyzedInformation answered: the call proceeds";
  EXPECT_EQ(svc->counters().win_seize_failures, 1U);
  (void)event(ansi41::opcode::t_answer());
  (void)event(ansi41::opcode::o_disconnect());

  // A silent IP: SeizeResource's timer, then the same.
  ++serial;
  (void)trigger();
  const std::size_t before = msc_user.dialogues.size();
  advance(6s);
  ASSERT_EQ(msc_user.dialogues.size(), before + 1);
  EXPECT_NE(first_of(msc_user.last(), kind::result_last), nullptr);
  EXPECT_EQ(svc->counters().win_seize_failures, 2U);
  (void)event(ansi41::opcode::t_busy());
  // The IP's transaction was aborted by the SCP; the IP's layer learns it.
  advance(601s);
}

// An IP that answers SeizeResource in a Response (no transaction left for
// its InstructionRequest): no ConnectResource, the call proceeds.
TEST_F(win_mapping_test, tldn_in_a_response_is_no_seizure) {
  start();
  (void)trigger();
  const auto& q = ip_user.last();
  const auto* inv = first_of(q, kind::invoke);
  ASSERT_NE(inv, nullptr);
  ansi41::seize_resource_result res;
  res.destination.type = ansi41::digits::kind::destination;
  res.destination.value = k_tldn;
  EXPECT_TRUE(ip.result_last(q.id, *inv->invoke_id, ansi41::encode(res)));
  EXPECT_TRUE(ip.end(q.id));
  pump();
  for (const auto& ind : msc_user.dialogues)
    for (const auto& c : ind.components)
      EXPECT_FALSE(c.type == kind::invoke && c.code == ansi41::opcode::connect_resource());
  ASSERT_EQ(msc_user.last().type, dialogue_ind_kind::end);
  EXPECT_NE(first_of(msc_user.last(), kind::result_last), nullptr) << "the call proceeds";
  EXPECT_EQ(svc->counters().win_seize_failures, 1U);
  (void)event(ansi41::opcode::t_busy());
}

// An MSC that vanishes after the trigger was answered: no event trigger
// within the inactivity timer closes the call.
TEST_F(win_mapping_test, vanished_msc_closes_the_call) {
  start();
  (void)trigger(k_platform_trigger);
  EXPECT_EQ(svc->live_calls(), 1U);
  advance(601s);
  EXPECT_EQ(svc->live_calls(), 0U);
  EXPECT_EQ(svc->counters().dialogues_aborted, 1U) << "the call's dialogue taken as lost";
  EXPECT_NE(last_record().find("\"outcome\":\"error\""), std::string::npos) << last_record();
}

}  // namespace
}  // namespace cmr::in::win::test
