// What the AS reads from an S-CSCF's request on ISC (sip/as/isc.h): its own
// Route entry, the return route, the session case and served user, the icid;
// and the sip node's ISC commands. Bad input (a foreign or malformed top
// Route, a broken P-Served-User or P-Charging-Vector) never throws and falls
// back to the documented defaults.
#include "sip/as/isc.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "sip/as/sip_config_node.h"
#include "sip/message/parser.h"

namespace cmr::sip::as::test {
namespace {

const char* const k_as = "127.0.0.1:5060";

message invite(const std::vector<std::string>& extra,
               const std::string& ruri = "sip:491700000001@ims.lab") {
  std::string text = "INVITE " + ruri +
                     " SIP/2.0\r\n"
                     "Via: SIP/2.0/UDP 127.0.0.1:5070;branch=z9hG4bK-1\r\n"
                     "From: <sip:491700000002@ims.lab>;tag=a\r\n"
                     "To: <sip:491700000001@ims.lab>\r\n"
                     "Call-ID: isc-1\r\nCSeq: 1 INVITE\r\nMax-Forwards: 69\r\n";
  for (const auto& h : extra) text += h + "\r\n";
  text += "Content-Length: 0\r\n\r\n";
  auto m = parse_message(text);
  EXPECT_TRUE(m.has_value()) << text;
  return m ? *m : message{};
}

bool own(const uri& u) {
  return u.host_port() == k_as;
}

TEST(isc, TerminatingFromPServedUserWithReturnRoute) {
  const auto c = read_isc(
      invite({"Route: <sip:127.0.0.1:5060;lr>, <sip:127.0.0.1:5070;lr;odi=t-42>",
              "P-Served-User: <sip:+49-1700-000001@ims.lab;user=phone>;sescase=term;regstate=unreg",
              "P-Charging-Vector: "
              "icid-value=\"AyretyU0dm+6O2IrT5tAFrbHLso=023551024\";orig-ioi=ims.lab"}),
      own);
  EXPECT_TRUE(c.own_route);
  EXPECT_FALSE(c.foreign_route);
  ASSERT_EQ(c.return_route.size(), 1U);
  EXPECT_EQ(c.return_route[0], "<sip:127.0.0.1:5070;lr;odi=t-42>");
  EXPECT_EQ(c.sescase, session_case::terminating);
  EXPECT_EQ(c.served_user, "491700000001");
  EXPECT_EQ(c.regstate, "unreg");
  EXPECT_EQ(c.icid, "AyretyU0dm+6O2IrT5tAFrbHLso=023551024");
}

TEST(isc, OriginatingFromPServedUserOrTheOrigMarker) {
  auto c = read_isc(
      invite({"Route: <sip:127.0.0.1:5060;lr>", "Route: <sip:127.0.0.1:5070;lr;orig;odi=o-1>",
              "P-Served-User: <sip:491700000002@ims.lab>;sescase=orig;regstate=reg"}),
      own);
  EXPECT_EQ(c.sescase, session_case::originating);
  EXPECT_EQ(c.served_user, "491700000002");
  ASSERT_EQ(c.return_route.size(), 1U);
  // No P-Served-User: the orig marker says originating, the served user is
  // the asserted caller.
  c = read_isc(invite({"Route: <sip:127.0.0.1:5060;lr>, <sip:127.0.0.1:5070;lr;orig;odi=o-1>",
                       "P-Asserted-Identity: <sip:491700000003@ims.lab>"}),
               own);
  EXPECT_EQ(c.sescase, session_case::originating);
  EXPECT_EQ(c.served_user, "491700000003");
  EXPECT_EQ(to_string(c.sescase), std::string("orig"));
  // Without the marker: terminating, the Request-URI's user.
  c = read_isc(invite({"Route: <sip:127.0.0.1:5060;lr>, <sip:127.0.0.1:5070;lr;odi=t-1>"}), own);
  EXPECT_EQ(c.sescase, session_case::terminating);
  EXPECT_EQ(c.served_user, "491700000001");
}

TEST(isc, OrigCdivIsItsOwnCase) {
  const auto c =
      read_isc(invite({"Route: <sip:127.0.0.1:5060;lr>, <sip:127.0.0.1:5070;lr;orig;odi=c-1>",
                       "P-Served-User: <sip:491700000001@ims.lab>;orig-cdiv"}),
               own);
  EXPECT_EQ(c.sescase, session_case::originating_cdiv);
  EXPECT_EQ(c.served_user, "491700000001");
}

TEST(isc, NoIscWithoutRouteOrServedUser) {
  const auto c = read_isc(invite({"P-Asserted-Identity: <sip:491700000002@ims.lab>"}), own);
  EXPECT_FALSE(c.isc());
  EXPECT_TRUE(c.return_route.empty());
  EXPECT_FALSE(c.own_route);
  // Only our own entry: ISC without a return route (the next hop applies),
  // terminating.
  const auto d = read_isc(invite({"Route: <sip:127.0.0.1:5060;lr>"}), own);
  EXPECT_TRUE(d.own_route);
  EXPECT_TRUE(d.return_route.empty());
  EXPECT_FALSE(d.isc());
}

TEST(isc, BadInputFallsBack) {
  // A top Route naming another node: ignored (the caller logs it).
  auto c =
      read_isc(invite({"Route: <sip:10.0.0.9:5060;lr>, <sip:127.0.0.1:5070;lr;odi=t-1>"}), own);
  EXPECT_TRUE(c.foreign_route);
  EXPECT_FALSE(c.own_route);
  EXPECT_TRUE(c.return_route.empty());
  EXPECT_FALSE(c.isc());
  // A malformed top Route: foreign, nothing taken from it.
  c = read_isc(invite({"Route: <sip:127.0.0.1:5060;lr"}), own);
  EXPECT_TRUE(c.foreign_route);
  EXPECT_TRUE(c.return_route.empty());
  // A P-Served-User that does not parse, or names no number: the route
  // decides the case, the Request-URI the user.
  c = read_isc(invite({"Route: <sip:127.0.0.1:5060;lr>, <sip:127.0.0.1:5070;lr;odi=t-1>",
                       "P-Served-User: <sip:bob@ims.lab;sescase=term"}),
               own);
  EXPECT_EQ(c.sescase, session_case::terminating);
  EXPECT_EQ(c.served_user, "491700000001");
  c = read_isc(invite({"Route: <sip:127.0.0.1:5060;lr>, <sip:127.0.0.1:5070;lr;odi=t-1>",
                       "P-Served-User: <sip:bob@ims.lab>;sescase=sideways"}),
               own);
  EXPECT_EQ(c.sescase, session_case::terminating);  // unknown sescase: the route's marker
  EXPECT_EQ(c.served_user, "491700000001");
  // Broken charging vectors give no icid.
  EXPECT_EQ(charging_icid(invite({"P-Charging-Vector: ;;=="})), "");
  EXPECT_EQ(charging_icid(invite({"P-Charging-Vector: orig-ioi=x"})), "");
  EXPECT_EQ(charging_icid(invite({})), "");
}

config::outcome run(config::node& n, const std::string& syntax_start,
                    std::vector<std::string_view> a) {
  for (auto& c : n.commands)
    if (c.syntax.rfind(syntax_start, 0) == 0) return c.run(a);
  ADD_FAILURE() << "no command " << syntax_start;
  return config::refuse("no command");
}

struct text_writer final : config::writer {
  std::string text;
  void emit(std::string_view t) override { (text += t) += '\n'; }
};

TEST(isc, SipNodeCommands) {
  sip_settings s;
  auto n = sip_config_node(s);
  EXPECT_EQ(s.server.as.unserved, unserved_handling::proxy);
  EXPECT_TRUE(s.server.as.originating_cmrbt);
  ASSERT_TRUE(run(n, "unserved", {"b2bua"}));
  EXPECT_EQ(s.server.as.unserved, unserved_handling::b2bua);
  EXPECT_FALSE(run(n, "unserved", {"relay"}));
  ASSERT_TRUE(run(n, "originating cmrbt", {"off"}));
  EXPECT_FALSE(s.server.as.originating_cmrbt);
  ASSERT_TRUE(run(n, "charging-records", {"/tmp/sip.jsonl"}));
  text_writer w;
  n.write(w);
  EXPECT_NE(w.text.find(" unserved b2bua\n"), std::string::npos) << w.text;
  EXPECT_NE(w.text.find(" originating cmrbt off\n"), std::string::npos) << w.text;
  EXPECT_NE(w.text.find(" charging-records /tmp/sip.jsonl\n"), std::string::npos) << w.text;
  ASSERT_TRUE(run(n, "no charging-records", {}));
  EXPECT_TRUE(s.charging_records.empty());
}

}  // namespace
}  // namespace cmr::sip::as::test
