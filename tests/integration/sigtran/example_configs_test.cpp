// configs/stp/: osmo-stp.cfg and cmr-server.cfg work as a pair. The files
// are used as shipped, moved to their own loopback address and free ports.
#include <gtest/gtest.h>

#include <regex>
#include <thread>

#include "tests/integration/server/server_process.h"
#include "tests/integration/sigtran/sigtran_fixture.h"

namespace cmr::test {
namespace {

std::string shipped(const std::string& name, const std::string& ip, unsigned short ipa_port) {
  std::string cfg = read_file(std::string(CMR_SOURCE_DIR) + "/configs/" + name);
  cfg = std::regex_replace(cfg, std::regex("127\\.0\\.0\\.1"), ip);
  cfg = std::regex_replace(cfg, std::regex("(listen ipa|asp cmr-server) 5000"), "$1 " + std::to_string(ipa_port));
  cfg = std::regex_replace(cfg, std::regex("bind (\\S+) (4260|8080)"), "bind $1 0");
  return std::regex_replace(cfg, std::regex("logging color 1"), "logging color 0");
}

TEST(sigtran_example_configs, cmr_server_behind_osmo_stp) {
  const std::string ip = "127.0.0.207";
  const unsigned short port = free_port(ip);
  scratch_dir dir;
  child_process stp({"osmo-stp", "-c", dir.write("osmo-stp.cfg", shipped("stp/osmo-stp.cfg", ip, port))},
                    dir.path() + "/osmo-stp.err");
  bool stp_up = false;
  for (int i = 0; i < 500 && !stp_up; ++i) {
    stp_up = !vty_command(ip, 4239, "show cs7 instance 0 as all").empty();
    if (!stp_up) std::this_thread::sleep_for(10ms);
  }
  ASSERT_TRUE(stp_up) << read_file(dir.path() + "/osmo-stp.err");

  server_process srv;
  srv.write_file("test.cfg", shipped("stp/cmr-server.cfg", ip, port));
  srv.start({"-c", "test.cfg"});
  ASSERT_TRUE(srv.wait_for_err(" started", 10s)) << srv.err();

  peer_config c;
  c.ip = ip;
  c.pc = "0.12.4";
  c.ssns = {146};
  c.asp_name = "cmr-ssf";
  c.remote_ip = ip;
  c.remote_port = port;
  peer ssf(dir, "ssf", c, false);
  ASSERT_TRUE(ssf.ready()) << ssf.err();
  ASSERT_TRUE(ssf.wait_state("AS", "as-cmr-ssf", "AS_ACTIVE", 5s)) << ssf.err();
  // The server's own link may come up before or after the SSF's: wait for it.
  bool server_linked = false;
  for (int i = 0; i < 250 && !server_linked; ++i) {
    server_linked = vty_command(ip, srv.vty_port(), "show cmr sigtran").find("AS_ACTIVE") != std::string::npos;
    if (!server_linked) std::this_thread::sleep_for(20ms);
  }
  ASSERT_TRUE(server_linked) << srv.err();
  ASSERT_TRUE(ssf.send(146, "0.23.2", 146, "0102"));
  // The SCP's TCAP layer receives it (and discards the undecodable bytes).
  std::string show;
  for (int i = 0; i < 100; ++i) {
    show = vty_command(ip, srv.vty_port(), "show cmr sigtran");
    if (show.find("SSN 146: sent 0, send dropped 0, send invalid 0, received 1, received without receiver 0") !=
        std::string::npos)
      break;
    std::this_thread::sleep_for(20ms);
  }
  EXPECT_NE(show.find("SSN 146: sent 0, send dropped 0, send invalid 0, received 1, received without receiver 0"),
            std::string::npos)
      << show;
  EXPECT_NE(show.find("ASP_ACTIVE"), std::string::npos) << show;
}

}  // namespace
}  // namespace cmr::test

namespace cmr::test {
namespace {

// No kernel SCTP here: the M3UA example can only be checked for being a
// valid configuration the server starts with (its ASP stays down).
TEST(sigtran_example_configs, m3ua_example_is_a_valid_configuration) {
  server_process srv;
  std::string cfg = read_file(std::string(CMR_SOURCE_DIR) + "/configs/m3ua/cmr-server-m3ua.cfg");
  cfg = std::regex_replace(cfg, std::regex("bind (\\S+) (4260|8080)"), "bind $1 0");
  srv.write_file("test.cfg", std::regex_replace(cfg, std::regex("logging color 1"), "logging color 0"));
  srv.start({"-c", "test.cfg"});
  ASSERT_TRUE(srv.wait_for_err(" started", 10s)) << srv.err();
  EXPECT_NE(srv.err().find("AS cmr (m3ua routing-key pc 0.23.2, cmr-sg1): AS_DOWN"), std::string::npos)
      << srv.err();
}

}  // namespace
}  // namespace cmr::test
