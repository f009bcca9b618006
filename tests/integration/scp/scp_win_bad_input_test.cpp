// Bad input to the real cmr-server's ANSI-41 SCP (scp / win-ssn 147, demo
// configuration) over IPA and libosmo-sigtran: an sccp_peer MSC (the demo
// IPA client "cmr-ssf", PC 0.12.4, SSN 8) sends what a broken or hostile
// MSC could, and every answer must be T1.114's / X.S0004's own (decoded with
// the project's ANSI TCAP codec): a malformed package gets an Abort, an
// unknown transaction an Abort, an unknown operation a Reject, a missing
// mandatory parameter a ReturnError, a parameter SET that does not hold
// together a Reject. Afterwards a good AnalyzedInformation is still served,
// "show cmr scp" counted each case, and the server logged no ERROR line.
#include <gtest/gtest.h>

#include <regex>

#include "in/ansi41/win_operations.h"
#include "in/ansi_tcap/ansi_tcap_message.h"
#include "tests/common/tc_builders.h"
#include "tests/integration/server/server_process.h"
#include "tests/integration/sigtran/sigtran_fixture.h"

namespace cmr::test {
namespace {

namespace a41 = in::ansi41;
namespace at = in::ansi_tcap;

at::message query(std::uint32_t tid, std::int32_t opcode, std::vector<std::uint8_t> param) {
  at::message m;
  m.type = at::package::query_with_permission;
  m.originating_tid = tid;
  at::component c;
  c.type = at::component::kind::invoke_last;
  c.invoke_id = 1;
  c.operation = at::unpack(opcode);
  c.parameter = std::move(param);
  m.components.push_back(c);
  return m;
}

a41::analyzed_information good_trigger() {
  a41::analyzed_information a;
  a.billing = {0x000101, 77, 0};
  a.dialed.value = "491700000001";
  a.dialed.international = true;
  a.mscid = 0x000101;
  a.trigger_type = 2;  // no win-trigger line in the demo: the call proceeds untouched
  return a;
}

class scp_win_bad_input : public ::testing::Test {
protected:
  void SetUp() override {
    srv.write_file("test.cfg", demo_config());
    srv.start({"-c", "test.cfg"});
    ASSERT_TRUE(srv.wait_for_err(" started", 15s)) << srv.err();
    ASSERT_TRUE(srv.wait_for_err("ANSI-41 WIN", 1s)) << srv.err();
    std::smatch m;
    const std::string err = srv.err();
    ASSERT_TRUE(std::regex_search(err, m, std::regex("ipa listener on 127\\.0\\.0\\.1:([0-9]+)")))
        << err;
    peer_config c;
    c.ip = "127.0.0.1";
    c.pc = "0.12.4";
    c.ssns = {8};
    c.asp_name = "cmr-ssf";
    c.remote_ip = "127.0.0.1";
    c.remote_port = static_cast<unsigned short>(std::stoul(m[1]));
    msc = std::make_unique<peer>(dir, "msc", c, false);
    ASSERT_TRUE(msc->ready()) << msc->err();
    ASSERT_TRUE(msc->wait_state("AS", "as-cmr-ssf", "AS_ACTIVE", 5s)) << msc->err() << srv.err();
  }

  // Sends raw bytes from SSN 8 to the SCP's SSN 147; the answer, decoded.
  std::optional<at::message> exchange(const std::vector<std::uint8_t>& bytes) {
    if (!msc->send(8, "0.23.2", 147, to_hex(bytes))) return std::nullopt;
    auto rx = msc->receive(5s);
    if (!rx) return std::nullopt;
    auto d = at::decode_message(from_hex(rx->back()));
    if (!d) return std::nullopt;
    return *d;
  }

  server_process srv;
  scratch_dir dir;
  std::unique_ptr<peer> msc;
};

TEST_F(scp_win_bad_input, EveryBadPackageGetsTheProtocolsAnswer) {
  // An unknown package type with a readable transaction ID: Abort
  // unrecognizedPackageType to that ID.
  {
    auto a = exchange({0xe7, 0x06, 0xc7, 0x04, 0x01, 0x02, 0x03, 0x04});
    ASSERT_TRUE(a) << "no answer to an unknown package type";
    EXPECT_EQ(a->type, at::package::abort);
    EXPECT_EQ(a->responding_tid, 0x01020304U);
    EXPECT_EQ(a->abort_cause, at::p_abort_cause::unrecognized_package_type);
  }
  // A Query whose transaction ID has 3 octets: nothing to address an Abort
  // to, so no answer at all (and no harm: the next cases are served).
  {
    ASSERT_TRUE(msc->send(8, "0.23.2", 147, "e207c703010203e800"));
    EXPECT_FALSE(msc->receive(1s)) << "an answer to a Query without a usable transaction ID";
  }
  // A Conversation for a transaction the SCP never had: Abort
  // unassignedRespondingTransactionID to the sender's TID.
  {
    at::message m;
    m.type = at::package::conversation_with_permission;
    m.originating_tid = 0x0a0a0a0a;
    m.responding_tid = 0xdeadbeef;
    auto a = exchange(at::encode_message(m));
    ASSERT_TRUE(a);
    EXPECT_EQ(a->type, at::package::abort);
    EXPECT_EQ(a->responding_tid, 0x0a0a0a0aU);
    EXPECT_EQ(a->abort_cause, at::p_abort_cause::unassigned_responding_transaction_id);
  }
  // An operation the SCP does not serve: Reject unrecognised operation.
  {
    auto a = exchange(at::encode_message(query(0x0b000001, a41::opcode::seize_resource(),
                                               a41::encode_empty())));
    ASSERT_TRUE(a);
    EXPECT_EQ(a->type, at::package::response);
    ASSERT_FALSE(a->components.empty());
    EXPECT_EQ(a->components[0].type, at::component::kind::reject);
    EXPECT_EQ(a->components[0].problem, at::problem::invoke_unrecognized_operation);
  }
  // AnalyzedInformation without its mandatory parameters: ReturnError
  // MissingParameter.
  {
    auto a = exchange(at::encode_message(query(0x0b000002, a41::opcode::analyzed_information(),
                                               a41::encode_empty())));
    ASSERT_TRUE(a);
    EXPECT_EQ(a->type, at::package::response);
    ASSERT_FALSE(a->components.empty());
    EXPECT_EQ(a->components[0].type, at::component::kind::return_error);
    EXPECT_EQ(at::pack(a->components[0].error), a41::error_code::missing_parameter());
  }
  // A parameter SET whose inner lengths do not hold together: Reject.
  {
    auto a = exchange(at::encode_message(query(0x0b000003, a41::opcode::analyzed_information(),
                                               {0xf2, 0x04, 0x84, 0x09, 0x01, 0x02})));
    ASSERT_TRUE(a);
    EXPECT_EQ(a->type, at::package::response);
    ASSERT_FALSE(a->components.empty());
    EXPECT_EQ(a->components[0].type, at::component::kind::reject);
  }
  // An event trigger for no live call: answered (the MSC's call goes on), counted.
  {
    a41::event_trigger e;
    e.billing = {0x000101, 99, 0};
    e.mscid = 0x000101;
    e.trigger_type = a41::trigger::t_busy;
    e.transaction_capability = std::vector<std::uint8_t>{0x00, 0x00};
    e.win = a41::win_capability{};
    auto a = exchange(at::encode_message(query(0x0b000004, a41::opcode::t_busy(), a41::encode(e))));
    ASSERT_TRUE(a);
    EXPECT_EQ(a->type, at::package::response);
    ASSERT_FALSE(a->components.empty());
    EXPECT_EQ(a->components[0].type, at::component::kind::return_result_last);
  }
  // Still serving: a good trigger of a type without a win-trigger line gets
  // its empty RETURN RESULT at once.
  {
    auto a = exchange(at::encode_message(query(0x0b000005, a41::opcode::analyzed_information(),
                                               a41::encode(good_trigger()))));
    ASSERT_TRUE(a);
    EXPECT_EQ(a->type, at::package::response);
    ASSERT_FALSE(a->components.empty());
    EXPECT_EQ(a->components[0].type, at::component::kind::return_result_last);
  }
  vty_client vty(srv.vty_port());
  const std::string show = vty.command("show cmr scp");
  for (const char* want : {"idp-undecodable 1", "idp-missing-parameter 1",
                           "unknown-service-key 1", "win-unmatched-triggers 1"})
    EXPECT_NE(show.find(want), std::string::npos) << want << "\n" << show;
  EXPECT_EQ(srv.err().find(" ERROR "), std::string::npos) << srv.err();
}

}  // namespace
}  // namespace cmr::test
