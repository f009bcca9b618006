// The WIN role (docs/cdma-delivery.md "win-resource"): a test SCP (an ANSI
// TCAP layer and the WIN codec) on the far side of a second local_sccp_pair
// seizes the IP, the raw-socket UAC plays the MSC's bearer to the TLDN.
#include "in/ansi41/win_operation_table.h"
#include "in/ansi41/win_operations.h"
#include "in/ansi_tcap/ansi_tcap_layer.h"
#include "in/ip/log.h"
#include "tests/common/fsm_trace.h"
#include "tests/unit/ip/ip_fixture.h"

namespace cmr::in::ip::test {
namespace {

using media::g711_law;
using kind = tcap::component_ind::kind;
namespace a41 = ansi41;

constexpr std::uint8_t ip_win_ssn = 148;
constexpr std::uint8_t scp_win_ssn = 147;

a41::bytes psr(std::uint32_t id) {
  return {static_cast<std::uint8_t>(id >> 24), static_cast<std::uint8_t>(id >> 16),
          static_cast<std::uint8_t>(id >> 8), static_cast<std::uint8_t>(id)};
}

a41::bytes seize_arg(std::optional<std::uint32_t> id) {
  a41::seize_resource sr;
  if (id) sr.private_specialized_resource = psr(*id);
  return a41::encode(sr);
}

a41::bytes srf_arg(std::optional<std::uint8_t> custom) {
  a41::srf_directive d;
  d.announcements.push_back({0, 0, 0, custom});
  return a41::encode(d);
}

class win_test : public ip_test {
protected:
  win_test() : win_sccp_(address(ip_win_ssn), address(scp_win_ssn)) {}

  ~win_test() override {
    // The IP's WIN layer sends through win_sccp_: gone before it is.
    if (ip_) {
      ip_->stop_all();
      run_for(std::chrono::milliseconds(20));
      ip_->close();
      ip_.reset();
    }
    also_pump_ = nullptr;
  }

  void start_win() {
    start();
    ip_->attach_win_sccp(win_sccp_.a());
    win_sccp_.a().on_receive = [this](sigtran::n_unitdata m) { ip_->on_win_unitdata(m); };
    win_layer_ = std::make_unique<ansi_tcap::ansi_tcap_layer>(win_sccp_.b(), win_timers_, win_scp_,
                                                              a41::win_operation_table());
    win_sccp_.b().on_receive = [this](sigtran::n_unitdata m) { win_layer_->receive(m); };
    also_pump_ = [this] { win_sccp_.pump(); };
  }

  // Query with permission [INVOKE SeizeResource (arg)]; the transaction id.
  tcap::dialogue_id seize(const a41::bytes& arg) {
    const auto d = win_layer_->open(address(ip_win_ssn));
    tcap::invoke_req inv;
    inv.invoke_id = 1;
    inv.opcode = a41::opcode::seize_resource();
    inv.parameter = arg;
    EXPECT_TRUE(win_layer_->invoke(d, inv));
    EXPECT_TRUE(win_layer_->begin(d, true));
    return d;
  }

  // The n-th package the SCP received (waits for it).
  const tcap::dialogue_ind* package(std::size_t n) {
    if (!run_until([&] { return win_scp_.dialogues.size() > n; })) return nullptr;
    return &win_scp_.dialogues[n];
  }

  // Seizes announcement `id` and returns the TLDN of the answer (checked).
  std::string seize_tldn(tcap::dialogue_id d) {
    const auto* p = package(0);
    if (p == nullptr) return {};
    EXPECT_EQ(p->type, tcap::dialogue_ind_kind::continue_);
    EXPECT_EQ(p->id, d);
    EXPECT_EQ(p->components.size(), 1U);
    if (p->components.empty()) return {};
    const auto& c = p->components[0];
    EXPECT_EQ(c.type, kind::result_last);
    EXPECT_EQ(c.invoke_id, std::optional<std::int8_t>(1));
    auto r = a41::decode_seize_resource_result(c.parameter.value_or(a41::bytes{}));
    EXPECT_TRUE(r);
    if (!r) return {};
    EXPECT_EQ(r->destination.type, a41::digits::kind::destination);
    EXPECT_TRUE(win_layer_->release_permitted(d)) << "Conversation with permission";
    return r->destination.value;
  }

  // After the bearer: the InstructionRequest (checked); its invoke id.
  std::int8_t instruction_request(std::size_t n) {
    const auto* p = package(n);
    if (p == nullptr) return 0;
    EXPECT_EQ(p->type, tcap::dialogue_ind_kind::continue_);
    EXPECT_EQ(p->components.size(), 1U);
    if (p->components.empty()) return 0;
    const auto& c = p->components[0];
    EXPECT_EQ(c.type, kind::invoke);
    EXPECT_EQ(c.code, a41::opcode::instruction_request());
    EXPECT_EQ(c.parameter, std::optional<a41::bytes>(a41::encode_empty()));
    return c.invoke_id.value_or(0);
  }

  void srf_directive(tcap::dialogue_id d, std::int8_t invoke_id, std::int8_t linked,
                     const a41::bytes& arg) {
    tcap::invoke_req inv;
    inv.invoke_id = invoke_id;
    inv.linked_id = linked;
    inv.opcode = a41::opcode::srf_directive();
    inv.parameter = arg;
    ASSERT_TRUE(win_layer_->invoke(d, inv));
    ASSERT_TRUE(win_layer_->continue_(d, true));
  }

  bool aborted(tcap::dialogue_id d) const {
    return std::find(win_scp_.aborted.begin(), win_scp_.aborted.end(), d) != win_scp_.aborted.end();
  }

  // Every transaction over on both sides.
  void expect_clean() {
    EXPECT_EQ(ip_->win_transaction_count(), 0U);
    EXPECT_EQ(win_layer_->transaction_count(), 0U);
    EXPECT_EQ(ip_->stats().tldns_active, 0);
  }

  tcap::local_sccp_pair win_sccp_;
  cmr::manual_timer_service win_timers_;
  scripted_scp win_scp_;
  std::unique_ptr<ansi_tcap::ansi_tcap_layer> win_layer_;
};

// The whole resource attachment: seizure, TLDN, bearer, InstructionRequest,
// SRFDirective, the announcement as RTP, its result, the SCP's Response;
// the bearer stays until the MSC's BYE.
TEST_F(win_test, resource_attachment_seize_tldn_instruction_play_result_end) {
  const auto alaw = announcements_.add(42, g711_law::alaw, 5);
  start_win();
  const auto d = seize(seize_arg(42));
  const auto tldn = seize_tldn(d);
  ASSERT_EQ(tldn.size(), 11U);
  EXPECT_EQ(tldn.substr(0, 5), "49608");
  EXPECT_EQ(ip_->stats().tldns_active, 1);

  auto ok = establish(tldn, "w1", "8");
  ASSERT_TRUE(ok);
  const auto instreq = instruction_request(1);
  ASSERT_NE(instreq, 0);
  EXPECT_TRUE(rtp_in_.empty()) << "nothing plays before SRFDirective";

  srf_directive(d, 2, instreq, srf_arg(42));
  const auto* res = package(2);
  ASSERT_NE(res, nullptr);
  EXPECT_EQ(res->type, tcap::dialogue_ind_kind::continue_);
  ASSERT_EQ(res->components.size(), 1U);
  EXPECT_EQ(res->components[0].type, kind::result_last);
  EXPECT_EQ(res->components[0].invoke_id, std::optional<std::int8_t>(2));
  EXPECT_EQ(res->components[0].parameter, std::optional<a41::bytes>(a41::encode_empty()));
  // The bound announcement, once, before the result.
  EXPECT_EQ(stream_bytes(8), alaw);

  // The SCP ends the IP's transaction (Response [RETURN RESULT instreq]).
  ASSERT_TRUE(win_layer_->result_last(d, instreq, a41::encode_empty()));
  ASSERT_TRUE(win_layer_->end(d));
  run_for(std::chrono::milliseconds(300));  // beyond the release grace of the CAP form
  EXPECT_EQ(ip_->call_count(), 1U) << "the bearer waits for the MSC's BYE";
  EXPECT_FALSE(request("BYE", "w1"));
  expect_clean();

  send_sip(in_dialog("BYE", *ok, 2, "w1-bye"));
  ASSERT_TRUE(run_until([&] { return ip_->call_count() == 0; }));
  const auto& s = ip_->stats();
  EXPECT_EQ(s.win_seizures, 1U);
  EXPECT_EQ(s.tldn_form, 1U);
  EXPECT_EQ(s.win_instruction_requests, 1U);
  EXPECT_EQ(s.win_srf_directives, 1U);
  EXPECT_EQ(s.win_srf_results, 1U);
  EXPECT_EQ(s.win_errors, 0U);
  EXPECT_EQ(s.win_abandons, 0U);
  EXPECT_TRUE(win_scp_.aborted.empty());
}

// An id beyond the custom octet's range: the SCP sends custom 0, the IP plays
// the resource bound at seizure.
TEST_F(win_test, large_announcement_id_is_played_with_custom_zero) {
  const auto ulaw = announcements_.add(70000, g711_law::ulaw, 3);
  start_win();
  const auto d = seize(seize_arg(70000));
  const auto tldn = seize_tldn(d);
  auto ok = establish(tldn, "w2", "0");
  ASSERT_TRUE(ok);
  const auto instreq = instruction_request(1);
  srf_directive(d, 2, instreq, srf_arg(0));
  const auto* res = package(2);
  ASSERT_NE(res, nullptr);
  ASSERT_EQ(res->components.size(), 1U);
  EXPECT_EQ(res->components[0].type, kind::result_last);
  EXPECT_EQ(stream_bytes(0), ulaw);
  ASSERT_TRUE(win_layer_->result_last(d, instreq, a41::encode_empty()));
  ASSERT_TRUE(win_layer_->end(d));
  send_sip(in_dialog("BYE", *ok, 2, "w2-bye"));
  ASSERT_TRUE(run_until([&] { return ip_->call_count() == 0; }));
  expect_clean();
}

// The bearer's answer offers only the laws the bound resource has: PCMU
// here, though the offer prefers PCMA.
TEST_F(win_test, answer_law_follows_the_bound_resource) {
  const auto ulaw = announcements_.add(42, g711_law::ulaw, 3);
  start_win();
  const auto d = seize(seize_arg(42));
  auto ok = establish(seize_tldn(d), "w11", "8 0");
  ASSERT_TRUE(ok);
  EXPECT_NE(ok->body.find("m=audio"), std::string::npos);
  EXPECT_NE(ok->body.find("PCMU"), std::string::npos) << ok->body;
  const auto instreq = instruction_request(1);
  srf_directive(d, 2, instreq, srf_arg(42));
  const auto* res = package(2);
  ASSERT_NE(res, nullptr);
  ASSERT_EQ(res->components.size(), 1U);
  EXPECT_EQ(res->components[0].type, kind::result_last);
  EXPECT_EQ(stream_bytes(0), ulaw);
  // The MSC's BYE may overtake the SCP's Response: the transaction still
  // ends with it, not with an Abort.
  send_sip(in_dialog("BYE", *ok, 2, "w11-bye"));
  ASSERT_TRUE(run_until([&] { return ip_->call_count() == 0; }));
  EXPECT_EQ(ip_->win_transaction_count(), 1U);
  ASSERT_TRUE(win_layer_->result_last(d, instreq, a41::encode_empty()));
  ASSERT_TRUE(win_layer_->end(d));
  ASSERT_TRUE(run_until([&] { return ip_->win_transaction_count() == 0; }));
  EXPECT_FALSE(aborted(d));
  EXPECT_EQ(ip_->stats().win_abandons, 0U);
  expect_clean();
}

TEST_F(win_test, malformed_seize_resource_set_is_rejected) {
  start_win();
  // The SET's own framing holds; the parameter inside has a tag and no length.
  const auto d = seize(a41::bytes{0xf2, 0x03, 0x9f, 0x82, 0x09});
  const auto* p = package(0);
  ASSERT_NE(p, nullptr);
  EXPECT_EQ(p->type, tcap::dialogue_ind_kind::end);
  ASSERT_EQ(p->components.size(), 1U);
  const auto& rej = p->components[0];
  EXPECT_TRUE(rej.type == kind::u_reject || rej.type == kind::r_reject)
      << static_cast<int>(rej.type);
  EXPECT_EQ(rej.problem, tcap::reject_problem::of(tcap::invoke_problem::mistyped_parameter));
  EXPECT_EQ(p->id, d);
  EXPECT_EQ(ip_->stats().win_seizures, 0U);
  EXPECT_EQ(ip_->stats().win_errors, 1U);
  expect_clean();
}

TEST_F(win_test, seize_resource_without_private_specialized_resource_is_missing_parameter) {
  start_win();
  seize(seize_arg(std::nullopt));
  const auto* p = package(0);
  ASSERT_NE(p, nullptr);
  EXPECT_EQ(p->type, tcap::dialogue_ind_kind::end);
  ASSERT_EQ(p->components.size(), 1U);
  EXPECT_EQ(p->components[0].type, kind::u_error);
  EXPECT_EQ(p->components[0].code, a41::error_code::missing_parameter());
  EXPECT_EQ(p->components[0].invoke_id, std::optional<std::int8_t>(1));
  expect_clean();
}

TEST_F(win_test, seize_resource_for_an_unknown_announcement_is_refused) {
  start_win();
  seize(seize_arg(777));
  const auto* p = package(0);
  ASSERT_NE(p, nullptr);
  EXPECT_EQ(p->type, tcap::dialogue_ind_kind::end);
  ASSERT_EQ(p->components.size(), 1U);
  EXPECT_EQ(p->components[0].type, kind::u_error);
  EXPECT_EQ(p->components[0].code, a41::error_code::unrecognized_parameter_value());
  expect_clean();
}

TEST_F(win_test, srf_directive_naming_another_resource_is_parameter_error) {
  announcements_.add(42, g711_law::alaw, 5);
  start_win();
  const auto d = seize(seize_arg(42));
  auto ok = establish(seize_tldn(d), "w3", "8");
  ASSERT_TRUE(ok);
  const auto instreq = instruction_request(1);
  srf_directive(d, 2, instreq, srf_arg(43));
  const auto* p = package(2);
  ASSERT_NE(p, nullptr);
  EXPECT_EQ(p->type, tcap::dialogue_ind_kind::continue_);
  ASSERT_EQ(p->components.size(), 1U);
  EXPECT_EQ(p->components[0].type, kind::u_error);
  EXPECT_EQ(p->components[0].code, a41::error_code::parameter_error());
  EXPECT_EQ(p->components[0].invoke_id, std::optional<std::int8_t>(2));
  run_for(std::chrono::milliseconds(50));
  EXPECT_TRUE(rtp_in_.empty());
  // The SCP may still direct the right one; here the caller hangs up.
  send_sip(in_dialog("BYE", *ok, 2, "w3-bye"));
  ASSERT_TRUE(run_until([&] { return aborted(d); }));
  EXPECT_EQ(ip_->stats().win_errors, 1U);
  expect_clean();
}

TEST_F(win_test, no_bearer_within_tldn_timeout_aborts_and_frees_the_tldn) {
  announcements_.add(42, g711_law::alaw, 5);
  config_.tldn_timeout = std::chrono::milliseconds(150);
  start_win();
  const auto d = seize(seize_arg(42));
  const auto tldn = seize_tldn(d);
  ASSERT_FALSE(tldn.empty());
  ASSERT_TRUE(run_until([&] { return aborted(d); }, std::chrono::seconds(3)));
  EXPECT_EQ(ip_->stats().win_tldn_expired, 1U);
  expect_clean();
  // The TLDN is no one's any more.
  send_sip(invite(tldn, "w4", offer("8")));
  ASSERT_TRUE(run_until([&] { return response(404, "w4").has_value(); }));
}

TEST_F(win_test, invite_to_an_unknown_tldn_is_404) {
  start_win();
  send_sip(invite("49608123456", "w5", offer("8")));
  ASSERT_TRUE(run_until([&] { return response(404, "w5").has_value(); }));
  EXPECT_EQ(ip_->stats().rejected_404, 1U);
  EXPECT_EQ(ip_->stats().tldn_form, 0U);
}

TEST_F(win_test, bye_during_the_play_aborts_the_transaction) {
  announcements_.add(42, g711_law::alaw, 500);
  start_win();
  const auto d = seize(seize_arg(42));
  auto ok = establish(seize_tldn(d), "w6", "8");
  ASSERT_TRUE(ok);
  const auto instreq = instruction_request(1);
  srf_directive(d, 2, instreq, srf_arg(42));
  ASSERT_TRUE(run_until([&] { return rtp_in_.size() >= 3; }));
  send_sip(in_dialog("BYE", *ok, 2, "w6-bye"));
  ASSERT_TRUE(run_until([&] { return aborted(d); }));
  ASSERT_TRUE(run_until([&] { return ip_->call_count() == 0; }));
  EXPECT_EQ(win_scp_.dialogues.size(), 2U) << "no srfdir result";
  EXPECT_EQ(ip_->stats().win_abandons, 1U);
  EXPECT_EQ(ip_->stats().win_srf_results, 0U);
  expect_clean();
}

// As the CAP routing-number form on a U-ABORT: the play stops, the IP
// releases the bearer (BYE).
TEST_F(win_test, scp_abort_during_the_play_releases_the_bearer) {
  announcements_.add(42, g711_law::alaw, 500);
  start_win();
  const auto d = seize(seize_arg(42));
  ASSERT_TRUE(establish(seize_tldn(d), "w7", "8"));
  const auto instreq = instruction_request(1);
  srf_directive(d, 2, instreq, srf_arg(42));
  ASSERT_TRUE(run_until([&] { return rtp_in_.size() >= 3; }));
  ASSERT_TRUE(win_layer_->u_abort(d));
  ASSERT_TRUE(run_until([&] { return request("BYE", "w7").has_value(); }));
  answer(*request("BYE", "w7"));
  ASSERT_TRUE(run_until([&] { return ip_->call_count() == 0; }));
  EXPECT_EQ(ip_->stats().win_errors, 1U);
  expect_clean();
}

// A second INVITE to a TLDN that has its bearer already.
TEST_F(win_test, second_bearer_to_a_tldn_is_busy) {
  announcements_.add(42, g711_law::alaw, 5);
  start_win();
  const auto d = seize(seize_arg(42));
  const auto tldn = seize_tldn(d);
  auto ok = establish(tldn, "w8", "8");
  ASSERT_TRUE(ok);
  send_sip(invite(tldn, "w9", offer("8")));
  ASSERT_TRUE(run_until([&] { return response(486, "w9").has_value(); }));
  send_sip(in_dialog("BYE", *ok, 2, "w8-bye"));
  ASSERT_TRUE(run_until([&] { return aborted(d); }));
  expect_clean();
}

TEST_F(win_test, without_the_win_role_a_tldn_is_not_recognised) {
  start();
  send_sip(invite("49608123456", "w10", offer("8")));
  ASSERT_TRUE(run_until([&] { return response(404, "w10").has_value(); }));
}

// The TLDN form's transitions (tests/unit/ip/golden/tldn_form_*.trace).
TEST_F(win_test, tldn_form_trace) {
  cmr::testing::fsm_trace trace{log_ip, "ip(bearer=", "tests/unit/ip/golden"};
  announcements_.add(42, g711_law::alaw, 3);
  start_win();
  const auto d = seize(seize_arg(42));
  auto ok = establish(seize_tldn(d), "t1", "8");
  ASSERT_TRUE(ok);
  const auto instreq = instruction_request(1);
  srf_directive(d, 2, instreq, srf_arg(42));
  ASSERT_NE(package(2), nullptr);
  ASSERT_TRUE(win_layer_->result_last(d, instreq, a41::encode_empty()));
  ASSERT_TRUE(win_layer_->end(d));
  run_for(std::chrono::milliseconds(50));
  send_sip(in_dialog("BYE", *ok, 2, "t1-bye"));
  ASSERT_TRUE(run_until([&] { return ip_->call_count() == 0; }));
  trace.expect("tldn_form_complete");
}

}  // namespace
}  // namespace cmr::in::ip::test
