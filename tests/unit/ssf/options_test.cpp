// cmr-ssf's command line (tools/cmr-ssf/options.h): defaults, load mode
// selection, scenarios, number ranges, expected-content sources, and bad
// values named in the error.
#include "tools/cmr-ssf/options.h"

#include <gtest/gtest.h>

#include "tools/cmr-ssf/load_stats.h"

namespace cmr::tools::ssf {
namespace {

TEST(ssf_options, DefaultsAreASingleCapV2CallWithBearer) {
  auto o = parse_options({"-c", "x.cfg"});
  ASSERT_TRUE(o.has_value()) << o.error();
  EXPECT_FALSE(o->load);
  EXPECT_EQ(o->ssf.variant, protocol_variant::cap_v2);
  EXPECT_EQ(o->scp_pc, "0.23.2");
  EXPECT_EQ(o->ip_port, 5070);
  EXPECT_FALSE(o->ssf.no_bearer);
  EXPECT_EQ(o->called.at(0), "491700000001");
}

TEST(ssf_options, SsnsDefaultByProtocol) {
  auto cap = parse_options({"-c", "x.cfg"});
  ASSERT_TRUE(cap.has_value());
  EXPECT_FALSE(cap->ansi41);
  EXPECT_EQ(scp_ssn_of(*cap), 146U);
  EXPECT_EQ(local_ssn_of(*cap), 146U) << "CAP/INAP: the local SSN is the SCP's";
  auto inap = parse_options({"-c", "x.cfg", "--protocol", "inap", "--scp-ssn", "12"});
  EXPECT_EQ(scp_ssn_of(*inap), 12U);
  EXPECT_EQ(local_ssn_of(*inap), 12U);
  auto win = parse_options({"-c", "x.cfg", "--protocol", "ansi41"});
  ASSERT_TRUE(win.has_value()) << win.error();
  EXPECT_TRUE(win->ansi41);
  EXPECT_EQ(scp_ssn_of(*win), 147U);
  EXPECT_EQ(local_ssn_of(*win), 8U) << "ANSI-41 MSC";
  EXPECT_EQ(win->ssf.mscid, 257U);
  EXPECT_EQ(win->ssf.win_trigger_type, 1U) << "All_Calls";
  auto local = parse_options({"-c", "x.cfg", "--protocol", "ansi41", "--local-ssn", "6"});
  EXPECT_EQ(local_ssn_of(*local), 6U);
}

TEST(ssf_options, Ansi41Options) {
  auto o = parse_options({"-c", "x.cfg", "--protocol", "ansi41", "--mscid", "16777215",
                          "--trigger-type", "38", "--platform-prefix", "49609"});
  ASSERT_TRUE(o.has_value()) << o.error();
  EXPECT_EQ(o->ssf.mscid, 0xffffffU);
  EXPECT_EQ(o->ssf.win_trigger_type, 38U);
  EXPECT_EQ(o->ssf.platform_prefix, "49609");
  for (const char* bad : {"16777216", "-1", "1.5", "x"})
    EXPECT_FALSE(parse_options({"-c", "x.cfg", "--mscid", bad}).has_value()) << bad;
  for (const char* bad : {"256", "2.5", ""})
    EXPECT_FALSE(parse_options({"-c", "x.cfg", "--trigger-type", bad}).has_value()) << bad;
  EXPECT_FALSE(parse_options({"-c", "x.cfg", "--local-ssn", "0"}).has_value());
  EXPECT_FALSE(parse_options({"-c", "x.cfg", "--protocol", "ansi"}).has_value());
  // The last --protocol wins.
  auto back = parse_options({"-c", "x.cfg", "--protocol", "ansi41", "--protocol", "cap-v3"});
  EXPECT_FALSE(back->ansi41);
  EXPECT_EQ(back->ssf.variant, protocol_variant::cap_v3);
}

TEST(ssf_options, EmulateIp) {
  auto d = parse_options({"-c", "x.cfg", "--protocol", "ansi41"});
  ASSERT_TRUE(d.has_value()) << d.error();
  EXPECT_FALSE(d->emulate_ip);
  EXPECT_EQ(d->ip_ssn, 148U);
  EXPECT_EQ(d->tldn_prefix, "49608");
  auto o = parse_options({"-c", "x.cfg", "--emulate-ip", "--protocol", "ansi41", "--ip-ssn", "150",
                          "--tldn-prefix", "123456789"});
  ASSERT_TRUE(o.has_value()) << o.error();
  EXPECT_TRUE(o->emulate_ip);
  EXPECT_TRUE(o->ssf.no_bearer) << "--emulate-ip implies --no-bearer";
  EXPECT_EQ(o->ip_ssn, 150U);
  EXPECT_EQ(o->tldn_prefix, "123456789");
  // ANSI-41 only, and not on the MSC's own SSN.
  EXPECT_FALSE(parse_options({"-c", "x.cfg", "--emulate-ip"}).has_value());
  EXPECT_FALSE(
      parse_options({"-c", "x.cfg", "--protocol", "ansi41", "--emulate-ip", "--ip-ssn", "8"})
          .has_value());
  for (const char* bad : {"0", "256", "1.5", "x"})
    EXPECT_FALSE(parse_options({"-c", "x.cfg", "--ip-ssn", bad}).has_value()) << bad;
  for (const char* bad : {"", "1234567890", "49a"})
    EXPECT_FALSE(parse_options({"-c", "x.cfg", "--tldn-prefix", bad}).has_value()) << bad;
}

TEST(ssf_options, LoadModeAndScenario) {
  auto o = parse_options({"-c", "x.cfg", "--rate", "500", "--concurrency", "64", "--duration",
                          "2.5", "--scenario", "answer:1.5", "--hold", "2", "--protocol", "inap",
                          "--no-bearer", "--called", "491700000000-491700000099"});
  ASSERT_TRUE(o.has_value()) << o.error();
  EXPECT_TRUE(o->load);
  EXPECT_EQ(o->rate, 500);
  EXPECT_EQ(o->concurrency, 64U);
  EXPECT_EQ(o->ssf.sc.what, scenario::kind::answer);
  EXPECT_EQ(o->ssf.sc.after, std::chrono::milliseconds(1500));
  EXPECT_EQ(o->ssf.sc.hold, std::chrono::seconds(2));
  EXPECT_EQ(o->ssf.variant, protocol_variant::inap_cs1);
  EXPECT_EQ(o->called.count, 100U);
  EXPECT_EQ(o->called.at(5), "491700000005");
  EXPECT_EQ(o->called.at(105), "491700000005");
  auto c = parse_options({"-c", "x.cfg", "--count", "1"});
  EXPECT_FALSE(c->load);
  auto d = parse_options({"-c", "x.cfg", "--count", "1000"});
  EXPECT_TRUE(d->load);
}

TEST(ssf_options, RandomPartiesWithOrWithoutSeed) {
  EXPECT_FALSE(parse_options({"-c", "x.cfg"})->random_seed.has_value());
  auto o = parse_options({"-c", "x.cfg", "--random-parties", "--rate", "5"});
  ASSERT_TRUE(o.has_value()) << o.error();
  EXPECT_EQ(o->random_seed, 1U);
  EXPECT_EQ(o->rate, 5);
  auto s = parse_options({"-c", "x.cfg", "--random-parties", "42"});
  ASSERT_TRUE(s.has_value()) << s.error();
  EXPECT_EQ(s->random_seed, 42U);
  EXPECT_FALSE(parse_options({"-c", "x.cfg", "--random-parties", "4x"}).has_value());
}

TEST(ssf_options, BadValuesAreNamed) {
  for (const std::vector<std::string>& args :
       {std::vector<std::string>{"-c", "x", "--protocol", "cap-v5"},
        {"-c", "x", "--scenario", "ring"},
        {"-c", "x", "--ip", "127.0.0.1"},
        {"-c", "x", "--rate", "-1"},
        {"-c", "x", "--called", "12-3"},
        {"-c", "x", "--scp-pc", "9.1.1"},
        {"-c", "x", "--bogus"},
        {"--rate", "5"}}) {
    EXPECT_FALSE(parse_options(args).has_value()) << args.back();
  }
  EXPECT_NE(parse_options({"-c", "x", "--scenario", "ring"}).error().find("--scenario"),
            std::string::npos);
  EXPECT_TRUE(parse_options({"--help"}).has_value());
}

TEST(ssf_options, PlatformTrunk) {
  auto d = parse_options({"-c", "x.cfg"});
  ASSERT_TRUE(d.has_value());
  EXPECT_TRUE(d->ssf.platform_prefix.empty());  // no trunk unless asked for
  EXPECT_EQ(d->platform_port, 5060);
  EXPECT_EQ(d->trunk_port, 5080);
  auto o = parse_options({"-c", "x.cfg", "--platform-prefix", "49609", "--platform",
                          "127.0.0.9:5062", "--trunk-port", "5090"});
  ASSERT_TRUE(o.has_value()) << o.error();
  EXPECT_EQ(o->ssf.platform_prefix, "49609");
  EXPECT_EQ(o->platform_address, "127.0.0.9");
  EXPECT_EQ(o->platform_port, 5062);
  EXPECT_EQ(o->trunk_port, 5090);
  for (const std::vector<std::string>& args :
       {std::vector<std::string>{"-c", "x", "--platform-prefix", "49a"},
        {"-c", "x", "--platform-prefix", ""},
        {"-c", "x", "--platform", "127.0.0.1"},
        {"-c", "x", "--platform", "127.0.0.1:0"},
        {"-c", "x", "--trunk-port", "70000"}})
    EXPECT_FALSE(parse_options(args).has_value()) << args[2] << " " << args[3];
}

TEST(ssf_options, ExpectedContentFromFilesOnly) {
  auto o = parse_options({"-c", "x.cfg", "--expect-content", "tone.wav", "--expect-content",
                          "1002=/lab/other.wav", "--expect-announcement", "1002"});
  ASSERT_TRUE(o.has_value()) << o.error();
  ASSERT_EQ(o->expect_content.size(), 2U);
  EXPECT_EQ(o->expect_content[0], (content_spec{std::nullopt, "tone.wav"}));
  EXPECT_EQ(o->expect_content[1], (content_spec{1002, "/lab/other.wav"}));
  EXPECT_EQ(o->expect_announcement, std::optional<std::uint32_t>(1002));

  auto twice = parse_options({"-c", "x", "--expect-content", "a.wav", "--expect-content", "b.wav"});
  ASSERT_FALSE(twice.has_value());
  EXPECT_NE(twice.error().find("given twice"), std::string::npos) << twice.error();
  EXPECT_FALSE(
      parse_options({"-c", "x", "--expect-content", "7=a.wav", "--expect-content", "7=b.wav"}));
  auto both = parse_options({"-c", "x", "--expect-file", "a.alaw", "--expect-content", "b.wav"});
  ASSERT_FALSE(both.has_value());
  EXPECT_NE(both.error().find("exclude each other"), std::string::npos) << both.error();
  EXPECT_FALSE(parse_options({"-c", "x", "--expect-content", "1002="}));
  // The server's store is not a source any more.
  auto store = parse_options({"-c", "x", "--store", "cmr.db"});
  ASSERT_FALSE(store.has_value());
  EXPECT_NE(store.error().find("unknown option --store"), std::string::npos) << store.error();
}

TEST(ssf_options, ScenarioForms) {
  EXPECT_EQ(parse_scenario("busy")->what, scenario::kind::busy);
  EXPECT_EQ(parse_scenario("no-answer:3")->no_answer_time, std::chrono::seconds(3));
  EXPECT_EQ(parse_scenario("abandon:2")->after, std::chrono::seconds(2));
  EXPECT_FALSE(parse_scenario("answer:x"));
}

TEST(ssf_stats, PercentilesAndFailuresInTheSummary) {
  load_stats st;
  for (int i = 1; i <= 1000; ++i) {
    call_record r;
    r.outcome = call_outcome::answered;
    r.has_setup = true;
    r.setup = std::chrono::microseconds(i * 10);  // 0.01 .. 10 ms
    ++st.started;
    st.record(r);
  }
  call_record bad;
  bad.outcome = call_outcome::failed;
  bad.failure = failure_kind::p_abort;
  bad.detail = "TC-P-ABORT";
  ++st.started;
  st.record(bad);
  EXPECT_NEAR(static_cast<double>(st.setup.quantile(0.5)), 5000, 5000 * 0.02);
  EXPECT_NEAR(static_cast<double>(st.setup.quantile(0.99)), 9900, 9900 * 0.02);
  EXPECT_EQ(st.setup.max(), 10000U);
  const auto s = st.summary(2.0, 500);
  EXPECT_NE(s.find("calls=1001 completed=1001"), std::string::npos) << s;
  EXPECT_NE(s.find("setup_max_ms=10.000"), std::string::npos) << s;
  EXPECT_NE(s.find("answered=1000"), std::string::npos) << s;
  EXPECT_NE(s.find("failures=1 failure_p-abort=1"), std::string::npos) << s;
}

}  // namespace
}  // namespace cmr::tools::ssf
