// The SIGTRAN binding in stand-alone server mode: a peer connects directly
// as an IPA client (no STP). Real libosmo-sigtran in two sccp_peer processes
// on 127.0.0.20x; every wait is bounded.
#include <gtest/gtest.h>

#include <csignal>

#include "tests/integration/sigtran/sigtran_fixture.h"

namespace cmr::test {
namespace {

struct server_and_client {
  server_and_client(const scratch_dir& dir, const std::string& ip, unsigned short port = 0) {
    peer_config s;
    s.ip = ip;
    s.pc = "0.23.2";
    s.listen_port = port;
    s.ipa_clients = {{"ssf1", "0.12.4"}};
    server = std::make_unique<peer>(dir, "server", s, /*echo=*/true);
    client_cfg.ip = ip;
    client_cfg.pc = "0.12.4";
    client_cfg.ssns = {146};
    client_cfg.asp_name = "ssf1";
    client_cfg.remote_ip = ip;
    client_cfg.remote_port = server->listener_port();
    client = std::make_unique<peer>(dir, "client", client_cfg, /*echo=*/false);
  }
  peer_config client_cfg;
  std::unique_ptr<peer> server;
  std::unique_ptr<peer> client;
};

TEST(sigtran_ipa_server, both_ssns_delivered_with_addresses_and_gt) {
  scratch_dir dir;
  server_and_client p(dir, "127.0.0.201");
  ASSERT_TRUE(p.server->ready()) << p.server->err();
  ASSERT_NE(p.server->listener_port(), 0);
  ASSERT_TRUE(p.client->ready()) << p.client->err();
  ASSERT_TRUE(p.client->wait_state("AS", "as-ssf1", "AS_ACTIVE", 5s)) << p.client->err();
  ASSERT_TRUE(p.server->wait_state("AS", "ssf1", "AS_ACTIVE", 2s)) << p.server->err();

  // CAP: SSN 146 to 146, with a global title carried for logging.
  ASSERT_TRUE(p.client->send(146, "0.23.2", 146, "0102030405", "4912345"));
  auto rx = p.server->receive();
  ASSERT_TRUE(rx);
  EXPECT_EQ(*rx, (std::vector<std::string>{"rx", "146", "0.12.4", "146", "0.23.2", "146", "4912345",
                                           "0102030405"}));
  auto echo = p.client->receive();
  ASSERT_TRUE(echo);
  EXPECT_EQ(*echo, (std::vector<std::string>{"rx", "146", "0.23.2", "146", "0.12.4", "146",
                                             "4912345", "0102030405"}));

  // INAP: to SSN 241 of the server; the answer comes from 241 back to 146.
  ASSERT_TRUE(p.client->send(146, "0.23.2", 241, "aabb"));
  rx = p.server->receive();
  ASSERT_TRUE(rx);
  EXPECT_EQ(*rx,
            (std::vector<std::string>{"rx", "241", "0.12.4", "146", "0.23.2", "241", "-", "aabb"}));
  echo = p.client->receive();
  ASSERT_TRUE(echo);
  EXPECT_EQ(*echo,
            (std::vector<std::string>{"rx", "146", "0.23.2", "241", "0.12.4", "146", "-", "aabb"}));

  const auto cap = p.server->counters(146);
  const auto inap = p.server->counters(241);
  EXPECT_EQ(cap.received, 1U);
  EXPECT_EQ(cap.sent, 1U);
  EXPECT_EQ(inap.received, 1U);
  EXPECT_EQ(inap.sent, 1U);
  EXPECT_EQ(cap.dropped + inap.dropped, 0U);

  // The state table over the VTY.
  const std::string show = vty_command("127.0.0.201", p.server->vty_port(), "show cmr sigtran");
  EXPECT_NE(show.find("point code 0.23.2"), std::string::npos) << show;
  EXPECT_NE(show.find("ssf1"), std::string::npos) << show;
  EXPECT_NE(show.find("AS_ACTIVE"), std::string::npos) << show;
  EXPECT_NE(show.find("ASP_ACTIVE"), std::string::npos) << show;
  EXPECT_NE(show.find("SSN 241: sent 1"), std::string::npos) << show;
  // Every state change was logged.
  EXPECT_NE(
      p.server->err().find("AS ssf1 (ipa routing-key pc 0.12.4 override dpc 0.23.2, asp-dyn-0): "
                           "AS_DOWN -> AS_ACTIVE"),
      std::string::npos)
      << p.server->err();
}

TEST(sigtran_ipa_server, unknown_ssn_is_not_delivered_and_logged) {
  scratch_dir dir;
  server_and_client p(dir, "127.0.0.202");
  ASSERT_TRUE(p.server->ready() && p.client->ready());
  ASSERT_TRUE(p.client->wait_state("AS", "as-ssf1", "AS_ACTIVE", 5s)) << p.client->err();

  ASSERT_TRUE(p.client->send(146, "0.23.2", 99, "0badd0"));
  EXPECT_FALSE(p.server->receive(300ms));
  // A known SSN afterwards still arrives: the unknown one was dropped, not queued.
  ASSERT_TRUE(p.client->send(146, "0.23.2", 146, "600d"));
  const auto rx = p.server->receive();
  ASSERT_TRUE(rx);
  EXPECT_EQ(rx->back(), "600d");
  EXPECT_EQ(p.server->counters(146).received, 1U);
  EXPECT_EQ(p.server->counters(241).received, 0U);
  EXPECT_NE(p.server->err().find("Unable to find user for SSN=99"), std::string::npos)
      << p.server->err();
}

TEST(sigtran_ipa_server, send_without_active_route_is_refused_and_counted) {
  scratch_dir dir;
  // A client whose server does not exist: its ASP never comes up.
  peer_config c;
  c.ip = "127.0.0.203";
  c.pc = "0.12.4";
  c.ssns = {146};
  c.asp_name = "ssf1";
  c.remote_ip = c.ip;
  c.remote_port = free_port(c.ip);
  peer client(dir, "client", c, false);
  ASSERT_TRUE(client.ready()) << client.err();
  EXPECT_FALSE(client.send(146, "0.23.2", 146, "01"));
  EXPECT_FALSE(client.send(146, "0.23.2", 146, "02"));
  const auto n = client.counters(146);
  EXPECT_EQ(n.dropped, 2U);
  EXPECT_EQ(n.sent, 0U);
  EXPECT_NE(client.err().find("dropped: no active route"), std::string::npos) << client.err();

  // A server has no route to a PC nobody declared.
  peer_config s;
  s.ip = c.ip;
  s.pc = "0.23.2";
  s.listen_port = 0;
  peer server(dir, "server", s, false);
  ASSERT_TRUE(server.ready()) << server.err();
  EXPECT_FALSE(server.send(241, "0.99.1", 146, "03"));
  EXPECT_EQ(server.counters(241).dropped, 1U);
}

TEST(sigtran_ipa_server, client_reconnects_after_the_server_restarts) {
  scratch_dir dir;
  const std::string ip = "127.0.0.204";
  const unsigned short port = free_port(ip);
  server_and_client p(dir, ip, port);
  ASSERT_TRUE(p.server->ready() && p.client->ready());
  ASSERT_TRUE(p.client->wait_state("AS", "as-ssf1", "AS_ACTIVE", 5s)) << p.client->err();
  ASSERT_TRUE(p.client->send(146, "0.23.2", 146, "01"));
  ASSERT_TRUE(p.client->receive());

  // The server vanishes: the client sees its AS go down and refuses sends.
  p.server->proc().send_signal(SIGKILL);
  ASSERT_TRUE(p.server->proc().wait_exit(2s));
  ASSERT_TRUE(p.client->wait_state("ASP", "ssf1", "ASP_DOWN", 3s)) << p.client->err();
  EXPECT_FALSE(p.client->send(146, "0.23.2", 146, "02"));

  // It comes back on the same port; the IPA client reconnects (~5 s).
  peer_config s;
  s.ip = ip;
  s.pc = "0.23.2";
  s.listen_port = port;
  s.ipa_clients = {{"ssf1", "0.12.4"}};
  peer server2(dir, "server2", s, true);
  ASSERT_TRUE(server2.ready()) << server2.err();
  ASSERT_TRUE(p.client->wait_state("AS", "as-ssf1", "AS_ACTIVE", 10s)) << p.client->err();
  ASSERT_TRUE(p.client->send(146, "0.23.2", 146, "03"));
  const auto rx = server2.receive();
  ASSERT_TRUE(rx);
  EXPECT_EQ(rx->back(), "03");
  EXPECT_GE(p.client->counters(146).dropped, 1U);
  // Connects, a vanished server, reconnects: normal link events, no ERROR
  // line on either side (libosmo-sigtran 1.6 logged "Event M-ASP_UP.req not
  // permitted" at every client connect, and its SCCP management "unsupported
  // SCCP user primitive N-PCSTATE.indication" at every connect/disconnect).
  const auto errors = [](const std::string& log) {
    std::string found;
    std::size_t from = 0;
    for (std::size_t nl; (nl = log.find('\n', from)) != std::string::npos; from = nl + 1) {
      const std::string line = log.substr(from, nl - from);
      if (line.find(" ERROR ") != std::string::npos) found += line + "\n";
    }
    return found;
  };
  EXPECT_EQ(errors(p.client->err()), "");
  EXPECT_EQ(errors(server2.err()), "");
}

// SCCP management (SSN 1) of the node: N-PCSTATE is logged at notice level
// and counted; a subsystem status test for a local subsystem gets SSA, one
// for an unknown subsystem nothing (Q.714 5.3.4.3), a short message is
// counted; none of it logs an ERROR.
TEST(sigtran_ipa_server, sccp_management_answers_sst_and_reports_point_codes) {
  scratch_dir dir;
  server_and_client p(dir, "127.0.0.205");
  ASSERT_TRUE(p.server->ready() && p.client->ready());
  ASSERT_TRUE(p.client->wait_state("AS", "as-ssf1", "AS_ACTIVE", 5s)) << p.client->err();
  // SST (type 3) for SSN 146 (0x92) at PC 0.23.2 (186: 0xba 0x00, low octet
  // first), SMI 0, sent to the server's SSN 1: SSA (type 1) comes back to
  // the sender's address.
  ASSERT_TRUE(p.client->send(146, "0.23.2", 1, "0392ba0000"));
  auto rx = p.client->receive();
  ASSERT_TRUE(rx) << p.server->err();
  EXPECT_EQ(*rx, (std::vector<std::string>{"rx", "146", "0.23.2", "1", "0.12.4", "146", "-",
                                           "0192ba0000"}));
  // SST for SSN 99 (not bound): no answer. Two octets: not SCMG.
  ASSERT_TRUE(p.client->send(146, "0.23.2", 1, "0363ba0000"));
  ASSERT_TRUE(p.client->send(146, "0.23.2", 1, "0392"));
  EXPECT_FALSE(p.client->receive(500ms));

  // The client leaves and comes back: its point code's availability twice.
  p.client->proc().send_signal(SIGTERM);
  ASSERT_TRUE(p.client->proc().wait_exit(3s));
  ASSERT_TRUE(p.server->wait_state("AS", "ssf1", "AS_PENDING", 3s)) << p.server->err();
  peer again(dir, "client2", p.client_cfg, false);
  ASSERT_TRUE(again.ready()) << again.err();
  ASSERT_TRUE(again.wait_state("AS", "as-ssf1", "AS_ACTIVE", 5s)) << again.err();
  ASSERT_TRUE(p.server->wait_state("AS", "ssf1", "AS_ACTIVE", 2s)) << p.server->err();

  const std::string show = vty_command("127.0.0.205", p.server->vty_port(), "show cmr sigtran");
  EXPECT_NE(show.find("SCCP management (SSN 1): SST answered 1, SST ignored 1, SSA 0, SSP 0, "
                      "unsupported 0, malformed 1"),
            std::string::npos)
      << show;
  EXPECT_NE(show.find("Point codes: became accessible 2, inaccessible 1"), std::string::npos)
      << show;
  const std::string log = p.server->err();
  const auto line_of = [&log](const std::string& what) {
    const auto at = log.find(what);
    if (at == std::string::npos) return std::string();
    const auto begin = log.rfind('\n', at);
    return log.substr(begin == std::string::npos ? 0 : begin + 1,
                      log.find('\n', at) - (begin == std::string::npos ? 0 : begin + 1));
  };
  EXPECT_NE(line_of("point code 0.12.4 accessible").find(" NOTICE "), std::string::npos) << log;
  EXPECT_NE(line_of("point code 0.12.4 inaccessible").find(" NOTICE "), std::string::npos) << log;
  EXPECT_EQ(log.find(" ERROR "), std::string::npos) << log;
  EXPECT_EQ(again.err().find(" ERROR "), std::string::npos) << again.err();
}

}  // namespace
}  // namespace cmr::test
