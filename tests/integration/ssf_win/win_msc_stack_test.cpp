// cmr-ssf --protocol ansi41 over the real stack: osmo-stp, the cmr-ssf
// process as the CDMA MSC (PC 0.12.4, SSN 8, the shipped
// configs/ssf/cmr-ssf.cfg moved to the test's address) and an sccp_peer as a
// scripted WIN SCP (PC 0.23.2, SSN 147) whose packages are built and read
// with in/ansi_tcap's and in/ansi41's codecs. What the unit tests
// (tests/unit/ssf_win) cannot show: the SSNs and addressing through an STP,
// the packages on the wire, the process's result/summary lines and exit
// status. The SCP side of the contract (cmr-server's WIN mapping) is not
// involved: the end-to-end matrix belongs with it.
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <map>
#include <regex>
#include <set>
#include <sstream>

#include "in/ansi41/win_operations.h"
#include "in/ansi_tcap/ansi_tcap_message.h"
#include "tests/integration/sigtran/sigtran_fixture.h"

namespace cmr::test {
namespace {

namespace at = in::ansi_tcap;
namespace win = in::ansi41;

std::string to_hex(const std::vector<std::uint8_t>& b) {
  static const char* d = "0123456789abcdef";
  std::string s;
  for (auto x : b) {
    s += d[x >> 4];
    s += d[x & 15];
  }
  return s;
}

std::vector<std::uint8_t> from_hex(const std::string& h) {
  std::vector<std::uint8_t> b;
  for (std::size_t i = 0; i + 1 < h.size(); i += 2)
    b.push_back(static_cast<std::uint8_t>(std::stoul(h.substr(i, 2), nullptr, 16)));
  return b;
}

// "key=value" fields of a result or summary line.
std::map<std::string, std::string> fields(const std::string& line) {
  std::map<std::string, std::string> f;
  std::istringstream in(line);
  for (std::string w; in >> w;)
    if (auto eq = w.find('='); eq != std::string::npos) f[w.substr(0, eq)] = w.substr(eq + 1);
  return f;
}

at::component invoke(std::uint8_t id, std::int32_t op, std::vector<std::uint8_t> param) {
  at::component c;
  c.type = at::component::kind::invoke_last;
  c.invoke_id = id;
  c.operation = at::unpack(op);
  c.parameter = std::move(param);
  return c;
}

at::component result(std::uint8_t correlation, std::vector<std::uint8_t> param) {
  at::component c;
  c.type = at::component::kind::return_result_last;
  c.correlation_id = correlation;
  c.parameter = std::move(param);
  return c;
}

class win_msc_stack : public ::testing::Test {
protected:
  void SetUp() override {
    // One loopback address per test: osmo-stp's VTY port is fixed per address
    // and ctest may run the tests in parallel (sigtran_fixture.h).
    const std::string name = ::testing::UnitTest::GetInstance()->current_test_info()->name();
    ip = name.starts_with("WinResource") ? "127.0.0.221"
         : name.starts_with("Load")      ? "127.0.0.222"
                                         : "127.0.0.223";
    port = free_port(ip);
    the_stp = std::make_unique<stp>(dir, ip, port,
                                    std::vector<stp_client>{{"cmr-server", "0.23.2", "0.12.4"},
                                                            {"cmr-ssf", "0.12.4", "0.23.2"}});
    ASSERT_TRUE(the_stp->ready());
    peer_config pc;
    pc.ip = ip;
    pc.pc = "0.23.2";
    pc.ssns = {147};
    pc.asp_name = "cmr-server";
    pc.remote_ip = ip;
    pc.remote_port = port;
    scp = std::make_unique<peer>(dir, "scp", pc, false);
    ASSERT_TRUE(scp->ready()) << scp->err();
    ASSERT_TRUE(scp->wait_state("AS", "as-cmr-server", "AS_ACTIVE", 10s)) << scp->err();
    std::string cfg = read_file(std::string(CMR_SOURCE_DIR) + "/configs/ssf/cmr-ssf.cfg");
    cfg = std::regex_replace(cfg, std::regex("asp cmr-ssf 5000"),
                             "asp cmr-ssf " + std::to_string(port));
    cfg = std::regex_replace(cfg, std::regex("remote-ip 127\\.0\\.0\\.1"), "remote-ip " + ip);
    ssf_cfg = dir.write("cmr-ssf.cfg", cfg);
  }

  std::unique_ptr<child_process> run_ssf(const std::string& args) {
    std::vector<std::string> argv{CMR_SSF_BIN, "-c", ssf_cfg, "--protocol", "ansi41"};
    std::istringstream in(args);
    for (std::string w; in >> w;) argv.push_back(w);
    auto p = std::make_unique<child_process>(argv, dir.path() + "/ssf.err");
    const auto ready = p->wait_line("ready", 10s);
    EXPECT_TRUE(ready.has_value()) << read_file(dir.path() + "/ssf.err");
    if (ready) ready_line = *ready;
    EXPECT_TRUE(p->wait_line("active", 20s).has_value()) << read_file(dir.path() + "/ssf.err");
    return p;
  }

  // The next package the MSC sent to the SCP (strictly decoded).
  std::optional<at::message> next(std::chrono::milliseconds timeout = 5s) {
    auto f = scp->receive(timeout);
    if (!f) return std::nullopt;
    // rx SSN CALLING_PC CALLING_SSN CALLED_PC CALLED_SSN GT HEX
    EXPECT_EQ(f->at(2), "0.12.4");
    EXPECT_EQ(f->at(3), "8") << "the MSC's own SSN";
    EXPECT_EQ(f->at(5), "147");
    auto m = at::decode_message(from_hex(f->back()));
    EXPECT_TRUE(m.has_value()) << f->back();
    if (!m) return std::nullopt;
    return *m;
  }
  void send(const at::message& m) {
    const auto b = at::encode_message(m);
    ASSERT_FALSE(b.empty());
    ASSERT_TRUE(scp->send(147, "0.12.4", 8, to_hex(b)));
  }
  void respond(std::uint32_t msc_tid, std::vector<at::component> comps) {
    at::message m;
    m.type = at::package::response;
    m.responding_tid = msc_tid;
    m.components = std::move(comps);
    send(m);
  }
  // A Query with one invoke of `op`; its parameter.
  static std::vector<std::uint8_t> query_of(const at::message& m, std::int32_t op) {
    EXPECT_EQ(m.type, at::package::query_with_permission);
    EXPECT_EQ(m.components.size(), 1U);
    if (m.components.empty()) return {};
    EXPECT_EQ(at::pack(m.components[0].operation), op)
        << win::operation_name(at::pack(m.components[0].operation));
    return m.components[0].parameter.value_or(std::vector<std::uint8_t>{});
  }
  // Answers an event trigger with Response [RETURN RESULT {}]; its parameters.
  std::optional<win::event_trigger> answer_event(std::int32_t op) {
    auto m = next();
    if (!m) return std::nullopt;
    auto e = win::decode_event_trigger(op, query_of(*m, op));
    EXPECT_TRUE(e.has_value()) << (e ? "" : e.error().parameter + " " + e.error().detail);
    respond(m->originating_tid, {result(*m->components[0].invoke_id, win::encode_empty())});
    if (!e) return std::nullopt;
    return *e;
  }
  static int exit_code(child_process& p) {
    const auto st = p.wait_exit(10s);
    if (!st || !WIFEXITED(*st)) return -1;  // a crash or a hang
    return WEXITSTATUS(*st);
  }

  std::string ip;
  unsigned short port = 0;
  scratch_dir dir;
  std::unique_ptr<stp> the_stp;
  std::unique_ptr<peer> scp;
  std::string ssf_cfg;
  std::string ready_line;
};

TEST_F(win_msc_stack, WinResourceCallThroughOsmoStp) {
  auto ssf = run_ssf("--no-bearer --mscid 4660 --scenario answer:0.2 --hold 0.3 --call-timeout 10");
  EXPECT_NE(ready_line.find("ssn 147 local-ssn 8 protocol ansi41"), std::string::npos)
      << ready_line;
  auto q = next();
  ASSERT_TRUE(q.has_value()) << read_file(dir.path() + "/ssf.err");
  auto ai = win::decode_analyzed_information(query_of(*q, win::opcode::analyzed_information()));
  ASSERT_TRUE(ai.has_value()) << ai.error().parameter << " " << ai.error().detail;
  EXPECT_EQ(ai->billing, (win::billing_id{4660, 1, 0}));
  EXPECT_EQ(ai->mscid, 4660U);
  EXPECT_EQ(ai->dialed.value, "491700000001");
  EXPECT_EQ(ai->trigger_type, win::trigger::all_calls);
  const std::uint32_t msc_tid = q->originating_tid;
  const std::uint8_t ai_invoke = q->components[0].invoke_id.value_or(0);

  // Conversation with permission [ConnectResource {TLDN}].
  at::message conv;
  conv.type = at::package::conversation_with_permission;
  conv.originating_tid = 0x5c000001;
  conv.responding_tid = msc_tid;
  win::connect_resource cr;
  cr.destination.type = win::digits::kind::destination;
  cr.destination.value = "49608000123";
  conv.components = {invoke(1, win::opcode::connect_resource(), win::encode(cr))};
  send(conv);
  // Response [DisconnectResource, RETURN RESULT anlyzd {}].
  respond(msc_tid, {invoke(2, win::opcode::disconnect_resource(), win::encode_empty()),
                    result(ai_invoke, win::encode_empty())});

  const auto answer = answer_event(win::opcode::t_answer());
  ASSERT_TRUE(answer.has_value());
  EXPECT_EQ(answer->billing, ai->billing);
  EXPECT_EQ(answer->trigger_type, win::trigger::t_answer);
  const auto disc = answer_event(win::opcode::o_disconnect());
  ASSERT_TRUE(disc.has_value());
  EXPECT_EQ(disc->billing, ai->billing);

  const auto res = ssf->wait_line("result", 10s);
  ASSERT_TRUE(res.has_value()) << read_file(dir.path() + "/ssf.err");
  const auto f = fields(*res);
  EXPECT_EQ(f.at("outcome"), "answered") << *res;
  EXPECT_EQ(f.at("failure"), "none") << *res;
  EXPECT_EQ(exit_code(*ssf), 0);
}

TEST_F(win_msc_stack, LoadOfUnmonitoredCalls) {
  auto ssf = run_ssf("--no-bearer --rate 200 --count 200 --concurrency 50 --call-timeout 10");
  std::set<std::uint32_t> billing_ids;
  for (int i = 0; i < 200; ++i) {
    auto q = next();
    ASSERT_TRUE(q.has_value()) << "query " << i << read_file(dir.path() + "/ssf.err");
    auto ai = win::decode_analyzed_information(query_of(*q, win::opcode::analyzed_information()));
    ASSERT_TRUE(ai.has_value());
    billing_ids.insert(ai->billing.id_number);
    respond(q->originating_tid,
            {result(q->components[0].invoke_id.value_or(0), win::encode_empty())});
  }
  EXPECT_EQ(billing_ids.size(), 200U) << "one BillingID per call";
  const auto sum = ssf->wait_line("summary", 20s);
  ASSERT_TRUE(sum.has_value()) << read_file(dir.path() + "/ssf.err");
  const auto f = fields(*sum);
  EXPECT_EQ(f.at("completed"), "200") << *sum;
  EXPECT_EQ(f.at("continued"), "200") << *sum;
  EXPECT_EQ(f.at("failures"), "0") << *sum;
  EXPECT_EQ(f.at("open_transactions"), "0") << *sum;
  EXPECT_NE(f.count("setup_p99_ms"), 0U);
  EXPECT_EQ(exit_code(*ssf), 0);
}

// Bad input towards the MSC: a RETURN RESULT whose SET does not parse, then a
// ConnectResource that does not: the calls fail, the process does not.
TEST_F(win_msc_stack, MalformedAnswersFailTheCallsNotTheProcess) {
  auto ssf = run_ssf("--no-bearer --count 2 --rate 50 --call-timeout 10");
  auto q1 = next();
  ASSERT_TRUE(q1.has_value());
  respond(q1->originating_tid, {result(q1->components[0].invoke_id.value_or(0),
                                       std::vector<std::uint8_t>{0xf2, 0x03, 0x9f, 0x57, 0x09})});
  auto q2 = next();
  ASSERT_TRUE(q2.has_value());
  at::message conv;
  conv.type = at::package::conversation_with_permission;
  conv.originating_tid = 0x5c000002;
  conv.responding_tid = q2->originating_tid;
  conv.components = {invoke(1, win::opcode::connect_resource(),
                            std::vector<std::uint8_t>{0xf2, 0x02, 0x84, 0x05})};
  send(conv);
  // The MSC aborts that transaction (to the SCP's TID).
  auto abort = next();
  ASSERT_TRUE(abort.has_value());
  EXPECT_EQ(abort->type, at::package::abort);
  EXPECT_EQ(abort->responding_tid, 0x5c000002U);
  const auto sum = ssf->wait_line("summary", 20s);
  ASSERT_TRUE(sum.has_value()) << read_file(dir.path() + "/ssf.err");
  const auto f = fields(*sum);
  EXPECT_EQ(f.at("completed"), "2") << *sum;
  EXPECT_EQ(f.at("failure_bad-component"), "2") << *sum;
  EXPECT_EQ(exit_code(*ssf), 1) << "failed calls, no crash";
}

}  // namespace
}  // namespace cmr::test
