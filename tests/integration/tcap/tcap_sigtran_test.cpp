// TCAP over the real SIGTRAN binding: two tcap_peer processes (each an
// ss7_stack with a tcap_layer on SSN 146) running whole CAP v2 dialogues over
// IPA on loopback, directly and through a real osmo-stp, and one bad input
// over the wire. Each test has its own 127.0.0.23x address (osmo-stp's VTY is
// always port 4239 of its bind address).
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <csignal>
#include <map>
#include <sstream>

#include "tests/integration/sigtran/sigtran_fixture.h"

namespace cmr::test {
namespace {

// "summary k=v k=v ..." -> map.
std::map<std::string, std::string> fields(const std::string& line) {
  std::map<std::string, std::string> f;
  std::istringstream in(line);
  for (std::string w; in >> w;) {
    const auto eq = w.find('=');
    if (eq != std::string::npos) f[w.substr(0, eq)] = w.substr(eq + 1);
  }
  return f;
}

class tcap_peer {
public:
  tcap_peer(const scratch_dir& dir, const std::string& name, const peer_config& cfg,
            std::vector<std::string> args)
      : err_file_(dir.path() + "/" + name + ".err") {
    std::vector<std::string> argv{TCAP_PEER_BIN, "-c", dir.write(name + ".cfg", peer_config_text(cfg))};
    argv.insert(argv.end(), args.begin(), args.end());
    proc_ = std::make_unique<child_process>(argv, err_file_);
    ready_ = proc_->wait_line("ready", 5s).has_value();
    if (ready_ && cfg.listen_port) {
      if (auto l = proc_->wait_line("listener ipa", 2s))
        listener_port_ = static_cast<unsigned short>(std::stoul(l->substr(l->rfind(' ') + 1)));
    }
  }
  bool ready() const { return ready_; }
  unsigned short listener_port() const { return listener_port_; }
  std::string err() const { return read_file(err_file_); }
  child_process& proc() { return *proc_; }
  // The summary line and the exit status (waitpid status; -1 when it did not exit).
  std::pair<std::map<std::string, std::string>, int> finish(std::chrono::milliseconds timeout) {
    auto l = proc_->wait_line("summary", timeout);
    const auto st = proc_->wait_exit(5s);
    return {l ? fields(*l) : std::map<std::string, std::string>{}, st ? *st : -1};
  }

private:
  std::unique_ptr<child_process> proc_;
  std::string err_file_;
  bool ready_ = false;
  unsigned short listener_port_ = 0;
};

peer_config client_config(const std::string& ip, unsigned short port, const std::string& name,
                          const std::string& pc) {
  peer_config c;
  c.ip = ip;
  c.pc = pc;
  c.ssns = {146};
  c.asp_name = name;
  c.remote_ip = ip;
  c.remote_port = port;
  return c;
}

peer_config server_config(const std::string& ip, unsigned short port, const std::string& client,
                          const std::string& client_pc) {
  peer_config s;
  s.ip = ip;
  s.pc = "0.23.2";
  s.ssns = {146};
  s.listen_port = port;
  s.ipa_clients = {{client, client_pc}};
  return s;
}

bool exited_ok(int status) { return status >= 0 && WIFEXITED(status) && WEXITSTATUS(status) == 0; }

void expect_responder_clean(tcap_peer& responder, std::uint64_t dialogues) {
  responder.proc().send_signal(SIGTERM);
  const auto [f, status] = responder.finish(10s);
  EXPECT_TRUE(exited_ok(status)) << status << responder.err();
  EXPECT_EQ(f.count("dialogues") ? f.at("dialogues") : "", std::to_string(dialogues));
  EXPECT_EQ(f.count("errors") ? f.at("errors") : "", "0") << responder.err();
  EXPECT_EQ(f.count("open") ? f.at("open") : "", "0");
}

TEST(tcap_sigtran, direct_ipa_200_dialogues) {
  scratch_dir dir;
  const std::string ip = "127.0.0.231";
  const unsigned short port = free_port(ip);
  tcap_peer responder(dir, "responder", server_config(ip, port, "ssf1", "0.12.4"), {"--responder"});
  ASSERT_TRUE(responder.ready()) << responder.err();
  ASSERT_EQ(responder.listener_port(), port);
  tcap_peer initiator(dir, "initiator", client_config(ip, port, "ssf1", "0.12.4"),
                      {"--initiator", "--dpc", "0.23.2", "--outstanding", "20", "--count", "200"});
  ASSERT_TRUE(initiator.ready()) << initiator.err();
  const auto [f, status] = initiator.finish(60s);
  EXPECT_TRUE(exited_ok(status)) << status << initiator.err();
  EXPECT_EQ(f.count("dialogues") ? f.at("dialogues") : "", "200") << initiator.err();
  EXPECT_EQ(f.count("messages") ? f.at("messages") : "", "800");  // Begin, Continue, Continue, End
  EXPECT_EQ(f.count("errors") ? f.at("errors") : "", "0");
  EXPECT_EQ(f.count("open") ? f.at("open") : "", "0");
  expect_responder_clean(responder, 200);
}

TEST(tcap_sigtran, through_osmo_stp_200_dialogues) {
  scratch_dir dir;
  const std::string ip = "127.0.0.232";
  const unsigned short port = free_port(ip);
  stp st(dir, ip, port, {{"scf", "0.23.2", "0.12.4"}, {"ssf", "0.12.4", "0.23.2"}});
  ASSERT_TRUE(st.ready()) << read_file(dir.path() + "/osmo-stp.err");
  tcap_peer responder(dir, "responder", client_config(ip, port, "scf", "0.23.2"),
                      {"--responder", "--wait-link"});
  ASSERT_TRUE(responder.ready()) << responder.err();
  ASSERT_TRUE(responder.proc().wait_line("active", 20s)) << responder.err();
  tcap_peer initiator(dir, "initiator", client_config(ip, port, "ssf", "0.12.4"),
                      {"--initiator", "--dpc", "0.23.2", "--outstanding", "20", "--count", "200"});
  ASSERT_TRUE(initiator.ready()) << initiator.err();
  const auto [f, status] = initiator.finish(60s);
  EXPECT_TRUE(exited_ok(status)) << status << initiator.err();
  EXPECT_EQ(f.count("dialogues") ? f.at("dialogues") : "", "200") << initiator.err();
  EXPECT_EQ(f.count("errors") ? f.at("errors") : "", "0");
  EXPECT_EQ(f.count("open") ? f.at("open") : "", "0");
  const std::string as = st.show_as();
  EXPECT_NE(as.find("AS_ACTIVE"), std::string::npos) << as;
  expect_responder_clean(responder, 200);
}

TEST(tcap_sigtran, continue_with_unknown_dtid_gets_p_abort_unrecognized_transaction_id) {
  scratch_dir dir;
  const std::string ip = "127.0.0.233";
  const unsigned short port = free_port(ip);
  tcap_peer responder(dir, "responder", server_config(ip, port, "ssf1", "0.12.4"), {"--responder"});
  ASSERT_TRUE(responder.ready()) << responder.err();
  tcap_peer initiator(dir, "initiator", client_config(ip, port, "ssf1", "0.12.4"),
                      {"--initiator", "--dpc", "0.23.2", "--bad-dtid"});
  ASSERT_TRUE(initiator.ready()) << initiator.err();
  const auto l = initiator.proc().wait_line("p_abort", 20s);
  ASSERT_TRUE(l) << initiator.err();
  EXPECT_EQ(*l, "p_abort cause=1 unrecognizedTransactionID");
  const auto [f, status] = initiator.finish(10s);
  EXPECT_TRUE(exited_ok(status)) << status << initiator.err();
  // The responder answered with exactly one P-Abort and opened no dialogue.
  responder.proc().send_signal(SIGTERM);
  const auto [rf, rstatus] = responder.finish(10s);
  EXPECT_TRUE(exited_ok(rstatus)) << rstatus << responder.err();
  EXPECT_EQ(rf.count("p_aborts_sent") ? rf.at("p_aborts_sent") : "", "1");
  EXPECT_EQ(rf.count("dialogues") ? rf.at("dialogues") : "", "0");
  EXPECT_EQ(rf.count("open") ? rf.at("open") : "", "0");
}

// TC-NOTICE from the network: a Begin to an SSN nobody serves at the
// responder comes back as a UDTS (return cause 4, unequipped user) from its
// libosmo-sigtran; the initiator's dialogue gets the TC-NOTICE.
TEST(tcap_sigtran, begin_to_unequipped_ssn_gives_tc_notice) {
  scratch_dir dir;
  const std::string ip = "127.0.0.234";
  const unsigned short port = free_port(ip);
  tcap_peer responder(dir, "responder", server_config(ip, port, "ssf1", "0.12.4"), {"--responder"});
  ASSERT_TRUE(responder.ready()) << responder.err();
  tcap_peer initiator(dir, "initiator", client_config(ip, port, "ssf1", "0.12.4"),
                      {"--initiator", "--dpc", "0.23.2", "--probe-notice", "99"});
  ASSERT_TRUE(initiator.ready()) << initiator.err();
  const auto l = initiator.proc().wait_line("notice", 30s);
  ASSERT_TRUE(l) << initiator.err();
  EXPECT_EQ(*l, "notice same_dialogue=1 cause=4 local=0 begin=ok") << initiator.err();
  const auto [f, status] = initiator.finish(10s);
  EXPECT_TRUE(exited_ok(status)) << status << initiator.err();
  EXPECT_EQ(f.count("open") ? f.at("open") : "", "0");
  // The responder's TCAP layer never saw it.
  responder.proc().send_signal(SIGTERM);
  const auto [rf, rstatus] = responder.finish(10s);
  EXPECT_TRUE(exited_ok(rstatus)) << rstatus << responder.err();
  EXPECT_EQ(rf.count("messages") ? rf.at("messages") : "", "0");
}

// TC-UNI over the wire: the responder's TC-user gets the ActivityTest invoke
// with the AUDT's context, and nothing is answered.
TEST(tcap_sigtran, unidirectional_reaches_the_peer_tc_user) {
  scratch_dir dir;
  const std::string ip = "127.0.0.235";
  const unsigned short port = free_port(ip);
  tcap_peer responder(dir, "responder", server_config(ip, port, "ssf1", "0.12.4"), {"--responder"});
  ASSERT_TRUE(responder.ready()) << responder.err();
  tcap_peer initiator(dir, "initiator", client_config(ip, port, "ssf1", "0.12.4"),
                      {"--initiator", "--dpc", "0.23.2", "--probe-uni"});
  ASSERT_TRUE(initiator.ready()) << initiator.err();
  ASSERT_TRUE(initiator.proc().wait_line("uni sent", 30s)) << initiator.err();
  const auto l = responder.proc().wait_line("uni ", 20s);
  ASSERT_TRUE(l) << responder.err();
  EXPECT_EQ(*l, "uni opcode=55 ac=1 from=0.12.4");
  const auto [f, status] = initiator.finish(10s);
  EXPECT_TRUE(exited_ok(status)) << status << initiator.err();
  EXPECT_EQ(f.count("messages") ? f.at("messages") : "", "1");  // sent one, received nothing
  responder.proc().send_signal(SIGTERM);
  const auto [rf, rstatus] = responder.finish(10s);
  EXPECT_TRUE(exited_ok(rstatus)) << rstatus << responder.err();
  EXPECT_EQ(rf.count("messages") ? rf.at("messages") : "", "1");
  EXPECT_EQ(rf.count("errors") ? rf.at("errors") : "", "0");
}

}  // namespace
}  // namespace cmr::test
