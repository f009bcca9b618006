// The real cmr-server with the demo configuration (demo catalogue, service
// keys 100/101/102/110): an SSF (sccp_peer, the demo IPA client "cmr-ssf",
// PC 0.12.4) sends InitialDPs over IPA; the answers are decoded with the
// project's codec and must be what docs/cs-delivery.md says, with the
// decision engine's choice in them. "show cmr scp" counts the calls.
#include <gtest/gtest.h>

#include <regex>

#include "in/codec/operations_codec.h"
#include "in/codec/protocol_constants.h"
#include "in/codec/tcap_message.h"
#include "tests/common/tc_builders.h"
#include "tests/integration/server/server_process.h"
#include "tests/integration/sigtran/sigtran_fixture.h"

namespace cmr::test {
namespace {

using namespace cmr::in::codec;

class scp_server : public ::testing::Test {
protected:
  void SetUp() override {
    srv.write_file("test.cfg", demo_config());
    srv.start({"-c", "test.cfg"});
    ASSERT_TRUE(srv.wait_for_err(" started", 15s)) << srv.err();
    std::smatch m;
    const std::string err = srv.err();
    ASSERT_TRUE(std::regex_search(err, m, std::regex("ipa listener on 127\\.0\\.0\\.1:([0-9]+)"))) << err;
    peer_config c;
    c.ip = "127.0.0.1";
    c.pc = "0.12.4";
    c.ssns = {146, 241};
    c.asp_name = "cmr-ssf";
    c.remote_ip = "127.0.0.1";
    c.remote_port = static_cast<unsigned short>(std::stoul(m[1]));
    ssf = std::make_unique<peer>(dir, "ssf", c, false);
    ASSERT_TRUE(ssf->ready()) << ssf->err();
    ASSERT_TRUE(ssf->wait_state("AS", "as-cmr-ssf", "AS_ACTIVE", 5s)) << ssf->err() << srv.err();
  }

  // Sends a TCAP message from the SSF's SSN to the SCP's and returns the answer.
  std::optional<tc_message> exchange(unsigned ssn, const tc_message& m) {
    if (!ssf->send(ssn, "0.23.2", ssn, to_hex(encode_tc_message(m)))) return std::nullopt;
    auto rx = ssf->receive(5s);
    if (!rx) return std::nullopt;
    auto d = decode_tc_message(from_hex(rx->back()));
    if (!d) return std::nullopt;
    return *d;
  }

  server_process srv;
  scratch_dir dir;
  std::unique_ptr<peer> ssf;
};

TEST_F(scp_server, CapV2ConnectToResourceCallOverIpa) {
  const auto v = protocol_variant::cap_v2;
  const bytes otid{0x00, 0x00, 0x10, 0x01};
  auto r =
      exchange(146, begin_msg(otid, invoke(1, opcode::initial_dp, encode_initial_dp(v, idp(100))),
                              ac::cap_v2_gsmssf_to_gsmscf));
  ASSERT_TRUE(r) << srv.err();
  ASSERT_EQ(r->type, tc_type::continue_);
  EXPECT_EQ(r->dtid, otid);
  ASSERT_TRUE(r->dialogue);
  EXPECT_EQ(r->dialogue->kind, dialogue_portion::pdu::aare);
  EXPECT_EQ(r->dialogue->result, 0);
  ASSERT_EQ(r->components.size(), 3U);
  EXPECT_EQ(r->components[0].code.local, opcode::request_report_bcsm_event);
  EXPECT_TRUE(decode_request_report_bcsm_event(v, *r->components[0].parameter));
  EXPECT_EQ(r->components[1].code.local, opcode::connect_to_resource);
  EXPECT_TRUE(decode_connect_to_resource(v, *r->components[1].parameter));
  ASSERT_EQ(r->components[2].code.local, opcode::play_announcement);
  auto pa = decode_play_announcement(v, *r->components[2].parameter);
  ASSERT_TRUE(pa);
  // The demo rule: B is in A's group "Family" -> demo-ringback-2 (announcement 1002).
  EXPECT_EQ(pa->message_id, 1002U);

  // SRR -> DFC + Continue.
  auto r2 = exchange(
      146, next_msg(tc_type::continue_, *r, otid,
                    invoke(2, opcode::specialized_resource_report,
                           encode_specialized_resource_report(v, {}), r->components[2].invoke_id)));
  ASSERT_TRUE(r2) << srv.err();
  ASSERT_EQ(r2->components.size(), 2U);
  EXPECT_EQ(r2->components[0].code.local, opcode::disconnect_forward_connection);
  EXPECT_EQ(r2->components[1].code.local, opcode::continue_);

  // The caller gives up: TC-END [ERB tAbandon].
  event_report_bcsm e;
  e.event = event_type_bcsm::t_abandon;
  e.leg = leg_id{false, 1};
  e.misc = misc_call_info{true, std::nullopt};
  ASSERT_TRUE(
      ssf->send(146, "0.23.2", 146,
                to_hex(encode_tc_message(next_msg(
                    tc_type::end, *r, {},
                    invoke(3, opcode::event_report_bcsm, encode_event_report_bcsm(v, e)))))));
  ASSERT_TRUE(srv.wait_for_err("\"outcome\":\"abandoned\"", 5s)) << srv.err();

  vty_client vty(srv.vty_port());
  ASSERT_TRUE(vty.connected());
  const std::string show = vty.command("show cmr scp");
  EXPECT_NE(show.find("live-calls 0"), std::string::npos) << show;
  EXPECT_NE(show.find("profile-connect-to-resource 1"), std::string::npos) << show;
  EXPECT_NE(show.find("calls-abandoned 1"), std::string::npos) << show;
  vty.command("enable");
  const std::string running = vty.command("show running-config");
  EXPECT_NE(running.find("service-key 110 cmrbt call-party-handling"), std::string::npos) << running;
}

TEST_F(scp_server, InapAlertingPatternAndUnknownKey) {
  const auto v = protocol_variant::inap_cs1;
  // CMRT key 101: TC-END [Connect with the alerting pattern].
  auto r = exchange(241, begin_msg({0x00, 0x00, 0x20, 0x01},
                                   invoke(1, opcode::initial_dp, encode_initial_dp(v, idp(101))),
                                   ac::inap_cs1_ssp_to_scp));
  ASSERT_TRUE(r) << srv.err();
  EXPECT_EQ(r->type, tc_type::end);
  ASSERT_EQ(r->components.size(), 1U);
  ASSERT_EQ(r->components[0].code.local, opcode::connect);
  auto c = decode_connect(v, *r->components[0].parameter);
  ASSERT_TRUE(c);
  EXPECT_TRUE(c->alerting_pattern);
  // An unconfigured key on CAP v4: TC-END [Continue].
  auto u = exchange(146, begin_msg({0x00, 0x00, 0x20, 0x02},
                                   invoke(1, opcode::initial_dp,
                                          encode_initial_dp(protocol_variant::cap_v4, idp(4711))),
                                   ac::cap_v4_gsmssf_scf_generic));
  ASSERT_TRUE(u) << srv.err();
  EXPECT_EQ(u->type, tc_type::end);
  ASSERT_EQ(u->components.size(), 1U);
  EXPECT_EQ(u->components[0].code.local, opcode::continue_);
  // A context the SCP does not serve on this SSN: dialogue refusal.
  auto x = exchange(241, begin_msg({0x00, 0x00, 0x20, 0x03},
                                   invoke(1, opcode::initial_dp,
                                          encode_initial_dp(protocol_variant::cap_v2, idp(100))),
                                   ac::cap_v2_gsmssf_to_gsmscf));
  ASSERT_TRUE(x) << srv.err();
  EXPECT_EQ(x->type, tc_type::abort);
}

}  // namespace
}  // namespace cmr::test
