// route-via-platform, every phase x every outcome: RRBE + Connect to
// platform prefix + called number in one TC-CONTINUE, then the armed events
// (the platform's answer, busy, no answer are the callee's) to the end of
// the call. And the loop guard: a trigger on the prefix, or the platform's
// leg coming back for a call still routed, is answered with Continue.
#include <algorithm>

#include "tests/unit/scp/scp_fixture.h"

namespace cmr::in::scp::test {
namespace {

enum class outcome { answer, busy, no_answer, abandon };
const char* to_text(outcome o) {
  switch (o) {
    case outcome::answer:
      return "answer";
    case outcome::busy:
      return "busy";
    case outcome::no_answer:
      return "no_answer";
    case outcome::abandon:
      return "abandon";
  }
  return "?";
}

constexpr std::uint32_t k_rvp_key = 103;
const std::string k_routed = std::string("49609") + k_owner;

// The Connect the SCP must send (also tests/golden/connect_platform_*).
bytes expected_connect(protocol_variant v) {
  codec::connect_arg c;
  c.destination_routing_address = {
      codec::encode_q763_number(codec::q763_kind::called, {2, 1, false, 0, 0, 0, k_routed})};
  return codec::encode_connect(v, c);
}

class rvp_base : public scp_fixture {
protected:
  void start_rvp() {
    auto& keys = settings.service_keys;
    keys.push_back({k_rvp_key, false, scp_profile::route_via_platform});
    std::sort(keys.begin(), keys.end(), [](const auto& a, const auto& b) { return a.key < b.key; });
    start();
  }
  // The first answer: TC-CONTINUE [RRBE, Connect(prefix + owner)].
  void expect_routed(protocol_variant v, const dialogue_ind& ind) {
    ASSERT_EQ(ind.type, dialogue_ind_kind::continue_);
    ASSERT_EQ(invokes(ind),
              (std::vector<std::int32_t>{op::request_report_bcsm_event, op::connect}));
    const auto* rrbe = find_invoke(ind, op::request_report_bcsm_event);
    ASSERT_TRUE(rrbe->parameter);
    auto r = codec::decode_request_report_bcsm_event(v, *rrbe->parameter);
    ASSERT_TRUE(r) << r.error().detail;
    std::map<event_type_bcsm, codec::monitor_mode> modes;
    for (const auto& e : r->events) modes[e.event] = e.mode;
    EXPECT_EQ(modes.at(event_type_bcsm::t_answer), codec::monitor_mode::interrupted);
    EXPECT_EQ(modes.at(event_type_bcsm::t_busy), codec::monitor_mode::notify_and_continue);
    const auto* con = find_invoke(ind, op::connect);
    ASSERT_TRUE(con->parameter);
    EXPECT_EQ(*con->parameter, expected_connect(v));
    auto c = codec::decode_connect(v, *con->parameter);
    ASSERT_TRUE(c) << c.error().detail;
    ASSERT_EQ(c->destination_routing_address.size(), 1U);
    auto dest =
        codec::decode_q763_number(codec::q763_kind::called, c->destination_routing_address[0]);
    ASSERT_TRUE(dest);
    EXPECT_EQ(dest->digits, k_routed);
    EXPECT_EQ(dest->nature, 2);  // unknown: a routing number
    EXPECT_FALSE(c->alerting_pattern);
    EXPECT_FALSE(c->o_csi_applicable);  // no O-CSI on the routed call
  }
};

using param = std::tuple<protocol_variant, outcome>;

class route_via_platform : public rvp_base, public ::testing::WithParamInterface<param> {
protected:
  fsm_trace trace;
  protocol_variant v() const { return std::get<0>(GetParam()); }
  outcome o() const { return std::get<1>(GetParam()); }
};

TEST_P(route_via_platform, ConnectThenEvents) {
  start_rvp();
  const dialogue_id d = send_idp(v(), k_rvp_key);
  ASSERT_EQ(ssf_user.dialogues.size(), 1U);
  expect_routed(v(), ssf_user.last());
  EXPECT_EQ(svc->counters().profile_route_via_platform, 1U);
  advance(5s);  // the platform plays the ringback while the callee rings
  switch (o()) {
    case outcome::answer:
      send_erb(v(), d, make_erb(event_type_bcsm::t_answer, true), false);
      ASSERT_EQ(ssf_user.last().type, dialogue_ind_kind::continue_);
      EXPECT_EQ(invokes(ssf_user.last()), std::vector<std::int32_t>{op::continue_});
      advance(30s);
      send_erb(v(), d, make_erb(event_type_bcsm::t_disconnect, false, 1), true);
      EXPECT_NE(last_record().find("\"outcome\":\"answered\""), std::string::npos) << last_record();
      EXPECT_NE(last_record().find("\"alerting_ms\":5000"), std::string::npos) << last_record();
      EXPECT_NE(last_record().find("\"call_ms\":30000"), std::string::npos) << last_record();
      break;
    case outcome::busy:
      send_erb(v(), d, make_erb(event_type_bcsm::t_busy, false), true);
      EXPECT_NE(last_record().find("\"outcome\":\"busy\""), std::string::npos) << last_record();
      break;
    case outcome::no_answer:
      send_erb(v(), d, make_erb(event_type_bcsm::t_no_answer, false), true);
      EXPECT_NE(last_record().find("\"outcome\":\"no-answer\""), std::string::npos)
          << last_record();
      break;
    case outcome::abandon:
      send_erb(v(), d, make_erb(event_type_bcsm::t_abandon, false, 1), false);
      ASSERT_EQ(ssf_user.last().type, dialogue_ind_kind::end);
      EXPECT_NE(last_record().find("\"outcome\":\"abandoned\""), std::string::npos)
          << last_record();
      break;
  }
  EXPECT_EQ(record_lines().size(), 1U);
  EXPECT_NE(last_record().find("\"profile\":\"route-via-platform\""), std::string::npos)
      << last_record();
  EXPECT_NE(last_record().find("\"protocol\":\"" + name_of(v()) + "\""), std::string::npos);
  EXPECT_NE(last_record().find("\"resource\":\"demo-ringback-1\""), std::string::npos);
  trace.expect(std::string("route_via_platform_") + to_text(o()));
}

INSTANTIATE_TEST_SUITE_P(
    all, route_via_platform,
    ::testing::Combine(::testing::Values(protocol_variant::cap_v2, protocol_variant::cap_v3,
                                         protocol_variant::cap_v4, protocol_variant::inap_cs1),
                       ::testing::Values(outcome::answer, outcome::busy, outcome::no_answer,
                                         outcome::abandon)),
    [](const ::testing::TestParamInfo<param>& i) {
      return test_name(std::get<0>(i.param)) + "_" + to_text(std::get<1>(i.param));
    });

void expect_continue_end(const dialogue_ind& ind) {
  EXPECT_EQ(ind.type, dialogue_ind_kind::end);
  EXPECT_EQ(invokes(ind), std::vector<std::int32_t>{op::continue_});
}

// The routed call reaching a switch that triggers on the prefixed number:
// Continue, never a second routing (any key: the platform's numbers are
// nobody's).
TEST_F(rvp_base, PrefixedCalledNumberIsNotServed) {
  fsm_trace trace;
  start_rvp();
  for (std::uint32_t key : {k_rvp_key, 100U}) {
    send_idp(protocol_variant::cap_v2, make_idp(key, k_routed, k_other));
    expect_continue_end(ssf_user.last());
  }
  EXPECT_EQ(svc->counters().platform_loops, 2U);
  EXPECT_EQ(decisions.asked, 0);
  EXPECT_NE(last_record().find("\"outcome\":\"continued\""), std::string::npos);
  trace.expect("route_via_platform_prefixed");
}

// The platform's leg to the callee comes back to the switch without the
// prefix and triggers the callee's T-CSI: while the routed call is live it
// is the same call (same caller, same owner) and is continued.
TEST_F(rvp_base, ReturningLegIsNotServedAgain) {
  start_rvp();
  const auto v = protocol_variant::cap_v3;
  const dialogue_id first = send_idp(v, k_rvp_key);
  expect_routed(v, ssf_user.last());
  send_idp(v, k_rvp_key);
  expect_continue_end(ssf_user.last());
  EXPECT_EQ(svc->counters().platform_loops, 1U);
  // Another caller to the same owner is a call of its own.
  const dialogue_id other = send_idp(v, make_idp(k_rvp_key, k_owner, "491700000099"));
  expect_routed(v, ssf_user.last());
  send_erb(v, other, make_erb(event_type_bcsm::t_busy, false), true);
  // Once the routed call ended, the pair is served again.
  send_erb(v, first, make_erb(event_type_bcsm::t_no_answer, false), true);
  const dialogue_id again = send_idp(v, k_rvp_key);
  expect_routed(v, ssf_user.last());
  send_erb(v, again, make_erb(event_type_bcsm::t_abandon, false, 1), true);
  EXPECT_EQ(svc->counters().platform_loops, 1U);
  EXPECT_EQ(svc->counters().profile_route_via_platform, 3U);
}

// The platform serves the called party's ringback: a caller-side trigger on
// the key gets user interaction instead; nothing to present: Continue.
TEST_F(rvp_base, OriginatingTriggerAndNoResource) {
  start_rvp();
  const auto v = protocol_variant::inap_cs1;
  const dialogue_id d =
      send_idp(v, make_idp(k_rvp_key, k_other, k_owner, event_type_bcsm::collected_info));
  EXPECT_EQ(invokes(ssf_user.last()),
            (std::vector<std::int32_t>{op::request_report_bcsm_event, op::connect_to_resource,
                                       op::play_announcement}));
  send_erb(v, d, make_erb(event_type_bcsm::o_abandon, false, 1), true);
  send_idp(v, make_idp(k_rvp_key, "491700000077", k_owner));
  expect_continue_end(ssf_user.last());
  EXPECT_EQ(svc->counters().no_resource, 1U);
  EXPECT_EQ(svc->counters().profile_route_via_platform, 0U);
}

}  // namespace
}  // namespace cmr::in::scp::test
