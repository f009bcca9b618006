// The real cmr-server with the demo configuration (configs/cmr-server.cfg,
// ports made free): its stand-alone IPA listener admits the demo gsmSSF
// "cmr-ssf" (PC 0.12.4), SCCP users on SSN 146 and 241 receive, and
// "show cmr sigtran" reports the link. The SCP's TCAP layers receive on
// both SSNs (two bytes are no TCAP message: discarded, nothing answered).
#include <gtest/gtest.h>

#include <regex>
#include <thread>

#include "tests/integration/server/server_process.h"
#include "tests/integration/sigtran/sigtran_fixture.h"

namespace cmr::test {
namespace {

TEST(sigtran_cmr_server, demo_config_accepts_the_demo_ssf_over_ipa) {
  server_process srv;
  std::string cfg = demo_config();
  cfg = std::regex_replace(cfg, std::regex("logging level set-all notice"), "logging level set-all notice\n logging level sigtran info");
  srv.write_file("test.cfg", cfg);
  srv.start({"-c", "test.cfg"});
  ASSERT_TRUE(srv.wait_for_err(" started", 10s)) << srv.err();
  std::smatch m;
  const std::string err = srv.err();
  ASSERT_TRUE(std::regex_search(err, m, std::regex("ipa listener on 127\\.0\\.0\\.1:([0-9]+)"))) << err;
  const auto port = static_cast<unsigned short>(std::stoul(m[1]));

  scratch_dir dir;
  peer_config c;
  c.ip = "127.0.0.1";
  c.pc = "0.12.4";
  c.ssns = {146};
  c.asp_name = "cmr-ssf";
  c.remote_ip = "127.0.0.1";
  c.remote_port = port;
  peer ssf(dir, "ssf", c, false);
  ASSERT_TRUE(ssf.ready()) << ssf.err();
  ASSERT_TRUE(ssf.wait_state("AS", "as-cmr-ssf", "AS_ACTIVE", 5s)) << ssf.err() << srv.err();
  ASSERT_TRUE(ssf.send(146, "0.23.2", 146, "0102"));
  ASSERT_TRUE(ssf.send(146, "0.23.2", 241, "0304"));

  vty_client vty(srv.vty_port());
  ASSERT_TRUE(vty.connected());
  const std::string want241 =
      "SSN 241: sent 0, send dropped 0, send invalid 0, received 1, received without receiver 0";
  std::string show;
  for (const auto until = std::chrono::steady_clock::now() + 3s;
       std::chrono::steady_clock::now() < until;) {
    show = vty.command("show cmr sigtran");
    if (show.find(want241) != std::string::npos) break;
    std::this_thread::sleep_for(20ms);
  }
  EXPECT_NE(show.find("listen ipa 127.0.0.1:" + std::to_string(port)), std::string::npos) << show;
  EXPECT_NE(show.find("cmr-ssf"), std::string::npos) << show;
  EXPECT_NE(show.find("AS_ACTIVE"), std::string::npos) << show;
  EXPECT_NE(show.find("SSN 146: sent 0, send dropped 0, send invalid 0, received 1, received without receiver 0"),
            std::string::npos)
      << show;
  EXPECT_NE(show.find(want241), std::string::npos) << show;
}

}  // namespace
}  // namespace cmr::test
