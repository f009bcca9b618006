// The SIGTRAN binding as an IPA client of a real osmo-stp, and the bytes on
// the wire checked by tshark. Each test has its own 127.0.0.20x address
// (osmo-stp's VTY is always port 4239 of its bind address).
#include <gtest/gtest.h>

#include <csignal>
#include <fstream>
#include <sstream>
#include <thread>

#include "tests/common/capture_marker.h"
#include "tests/integration/sigtran/sigtran_fixture.h"

namespace cmr::test {
namespace {

peer_config stp_client_config(const std::string& ip, unsigned short port, const std::string& name,
                              const std::string& pc, std::vector<unsigned> ssns) {
  peer_config c;
  c.ip = ip;
  c.pc = pc;
  c.ssns = std::move(ssns);
  c.asp_name = name;
  c.remote_ip = ip;
  c.remote_port = port;
  return c;
}

TEST(sigtran_stp, two_clients_exchange_unitdata_both_ways) {
  scratch_dir dir;
  const std::string ip = "127.0.0.205";
  const unsigned short port = free_port(ip);
  stp st(dir, ip, port, {{"cmr", "0.23.2", "0.12.4"}, {"ssf", "0.12.4", "0.23.2"}});
  ASSERT_TRUE(st.ready()) << read_file(dir.path() + "/osmo-stp.err");
  peer cmr(dir, "cmr", stp_client_config(ip, port, "cmr", "0.23.2", {146, 241}), /*echo=*/true);
  peer ssf(dir, "ssf", stp_client_config(ip, port, "ssf", "0.12.4", {146}), /*echo=*/false);
  ASSERT_TRUE(cmr.ready()) << cmr.err();
  ASSERT_TRUE(ssf.ready()) << ssf.err();
  ASSERT_TRUE(cmr.wait_state("AS", "as-cmr", "AS_ACTIVE", 5s)) << cmr.err();
  ASSERT_TRUE(ssf.wait_state("AS", "as-ssf", "AS_ACTIVE", 5s)) << ssf.err();
  const std::string as = st.show_as();
  EXPECT_NE(as.find("cmr"), std::string::npos) << as;
  EXPECT_NE(as.find("AS_ACTIVE"), std::string::npos) << as;

  // ssf -> cmr on both SSNs, echoed back with called/calling swapped.
  ASSERT_TRUE(ssf.send(146, "0.23.2", 146, "a1a2"));
  auto rx = cmr.receive();
  ASSERT_TRUE(rx);
  EXPECT_EQ(*rx, (std::vector<std::string>{"rx", "146", "0.12.4", "146", "0.23.2", "146", "-", "a1a2"}));
  auto back = ssf.receive();
  ASSERT_TRUE(back);
  EXPECT_EQ(*back, (std::vector<std::string>{"rx", "146", "0.23.2", "146", "0.12.4", "146", "-", "a1a2"}));

  ASSERT_TRUE(ssf.send(146, "0.23.2", 241, "b1"));
  rx = cmr.receive();
  ASSERT_TRUE(rx);
  EXPECT_EQ(*rx, (std::vector<std::string>{"rx", "241", "0.12.4", "146", "0.23.2", "241", "-", "b1"}));
  back = ssf.receive();
  ASSERT_TRUE(back);
  EXPECT_EQ(*back, (std::vector<std::string>{"rx", "146", "0.23.2", "241", "0.12.4", "146", "-", "b1"}));

  // cmr -> ssf, started on the cmr side (INAP user towards the SSF).
  ASSERT_TRUE(cmr.send(241, "0.12.4", 146, "c1c2", "4911"));
  rx = ssf.receive();
  ASSERT_TRUE(rx);
  EXPECT_EQ(*rx, (std::vector<std::string>{"rx", "146", "0.23.2", "241", "0.12.4", "146", "4911", "c1c2"}));
}

// The golden TCAP vectors, so that Wireshark finds nothing malformed inside.
std::string golden_hex(const std::string& name) {
  std::ifstream in(std::string(CMR_SOURCE_DIR) + "/tests/golden/" + name + ".hex");
  std::string hex;
  for (std::string line; std::getline(in, line);) {
    if (line.empty() || line[0] == '#') continue;
    for (const char ch : line)
      if (std::isxdigit(static_cast<unsigned char>(ch)) != 0) hex += ch;
  }
  return hex;
}

std::vector<std::string> run_lines(const std::vector<std::string>& argv, const std::string& err_file) {
  child_process p(argv, err_file);
  std::vector<std::string> lines;
  while (auto l = p.read_line(20s)) lines.push_back(*l);
  p.wait_exit(5s);
  return lines;
}

TEST(sigtran_wire, tshark_decodes_udt_on_both_ssns_without_warnings) {
  scratch_dir dir;
  const std::string ip = "127.0.0.206";
  const unsigned short port = free_port(ip);
  const std::string pcap = dir.path() + "/ipa.pcapng";
  const std::string cap_err = dir.path() + "/tshark.err";
  // The filter also passes UDP to the port, for the marker datagrams that
  // prove the capture runs (tests/common/capture_marker.h).
  auto capture = std::make_unique<child_process>(
      std::vector<std::string>{"tshark", "-i", "lo", "-f", "port " + std::to_string(port), "-w", pcap},
      cap_err);
  const std::string decode = "tcp.port==" + std::to_string(port) + ",gsm_ipa";
  // tshark loads every dissector before it captures: on a loaded 2-core CI
  // machine (the golden-vector check runs tshark at the same time) that has
  // been seen to take longer than 4 s.
  for (int i = 0; i < 3000 && read_file(cap_err).find("Capturing on") == std::string::npos; ++i)
    std::this_thread::sleep_for(10ms);
  ASSERT_NE(read_file(cap_err).find("Capturing on"), std::string::npos) << read_file(cap_err);
  ASSERT_TRUE(mark_capture(ip, port, pcap, "cmr-capture-mark")) << read_file(cap_err);

  peer_config s;
  s.ip = ip;
  s.pc = "0.23.2";
  s.listen_port = port;
  s.ipa_clients = {{"ssf1", "0.12.4"}};
  peer server(dir, "server", s, /*echo=*/true);
  peer_config c;
  c.ip = ip;
  c.pc = "0.12.4";
  c.ssns = {146, 241};
  c.asp_name = "ssf1";
  c.remote_ip = ip;
  c.remote_port = port;
  peer client(dir, "client", c, false);
  ASSERT_TRUE(server.ready() && client.ready()) << server.err() << client.err();
  ASSERT_TRUE(client.wait_state("AS", "as-ssf1", "AS_ACTIVE", 5s)) << client.err();
  ASSERT_TRUE(client.send(146, "0.23.2", 146, golden_hex("tc_begin_aarq_idp"), "4912345"));
  ASSERT_TRUE(server.receive()) << server.err();
  ASSERT_TRUE(client.receive()) << server.err();
  ASSERT_TRUE(client.send(241, "0.23.2", 241, golden_hex("initial_dp_inap_cs1")));
  ASSERT_TRUE(client.receive());
  // dumpcap flushes the file on its update interval: wait until all four UDTs
  // are in it rather than guessing a delay, then stop the capture.
  const std::vector<std::string> count_udts{"tshark", "-r", pcap, "-d", decode, "-Y", "sccp.message_type == 9"};
  for (int i = 0; i < 60 && run_lines(count_udts, dir.path() + "/poll.err").size() < 4; ++i)
    std::this_thread::sleep_for(250ms);
  capture->send_signal(SIGTERM);
  ASSERT_TRUE(capture->wait_exit(10s)) << read_file(cap_err);
  capture.reset();

  const auto udts = run_lines({"tshark", "-r", pcap, "-d", decode, "-Y", "sccp.message_type == 9", "-T",
                               "fields", "-e", "sccp.called.ssn", "-e", "sccp.calling.ssn", "-e",
                               "sccp.called.pc", "-e", "sccp.calling.pc"},
                              dir.path() + "/read.err");
  // Four UDTs (two requests, two echoes): PCs 0.23.2 = 186, 0.12.4 = 100.
  EXPECT_EQ(udts, (std::vector<std::string>{"146\t146\t186\t100", "146\t146\t100\t186",
                                            "241\t241\t186\t100", "241\t241\t100\t186"}))
      << read_file(dir.path() + "/read.err");
  const auto bad = run_lines({"tshark", "-r", pcap, "-d", decode, "-Y",
                              "tcp && (_ws.malformed || _ws.expert.severity >= warning)"},
                             dir.path() + "/health.err");
  EXPECT_TRUE(bad.empty()) << bad.front();
  const auto cap = run_lines({"tshark", "-r", pcap, "-d", decode, "-Y", "camel", "-T", "fields", "-e",
                              "camel.local"},
                             dir.path() + "/camel.err");
  EXPECT_FALSE(cap.empty());
}

}  // namespace
}  // namespace cmr::test
