// The libosmo-free parts of the SIGTRAN binding: sccp_address <-> libosmo's
// osmo_sccp_addr, and the route lookup the send path uses.
#include <gtest/gtest.h>

#include <cstring>

#include "sigtran/link_table.h"
#include "sigtran/osmo_headers.h"
#include "sigtran/sccp_address_conv.h"

namespace cmr::sigtran {
namespace {

TEST(sccp_address_conv, pc_ssn_round_trip) {
  sccp_address a;
  a.point_code = 186;  // 0.23.2
  a.ssn = 146;
  osmo_sccp_addr o{};
  to_osmo(a, o);
  EXPECT_EQ(o.ri, OSMO_SCCP_RI_SSN_PC);
  EXPECT_EQ(o.presence, static_cast<unsigned>(OSMO_SCCP_ADDR_T_PC | OSMO_SCCP_ADDR_T_SSN));
  EXPECT_EQ(from_osmo(o), a);
  EXPECT_EQ(to_string(a), "0.23.2/146");
}

TEST(sccp_address_conv, global_title_is_carried) {
  sccp_address a;
  a.point_code = 100;
  a.ssn = 241;
  a.gt_digits = "491720000001";
  a.gt_translation_type = 3;
  a.gt_numbering_plan = 7;
  a.gt_nature_of_address = 3;
  osmo_sccp_addr o{};
  to_osmo(a, o);
  EXPECT_EQ(o.gt.gti, OSMO_SCCP_GTI_TT_NPL_ENC_NAI);
  EXPECT_STREQ(o.gt.digits, "491720000001");
  EXPECT_EQ(from_osmo(o), a);
  a.route_on_gt = true;
  to_osmo(a, o);
  EXPECT_EQ(o.ri, OSMO_SCCP_RI_GT);
  EXPECT_EQ(from_osmo(o), a);
  EXPECT_EQ(to_string(a), "0.12.4/241 gt=491720000001(tt=3,npi=7,nai=3) route-on-gt");
}

TEST(sccp_address_conv, partial_gti_keeps_defaults_and_long_digits_are_cut) {
  osmo_sccp_addr o{};
  o.presence = OSMO_SCCP_ADDR_T_GT;
  o.gt.gti = OSMO_SCCP_GTI_NAI_ONLY;
  o.gt.nai = 3;
  o.gt.tt = 9;  // not carried by this GTI
  std::strcpy(o.gt.digits, "123");
  const sccp_address a = from_osmo(o);
  EXPECT_FALSE(a.point_code);
  EXPECT_FALSE(a.ssn);
  EXPECT_EQ(a.gt_nature_of_address, 3);
  EXPECT_EQ(a.gt_translation_type, 0);
  sccp_address longer;
  longer.gt_digits = std::string(40, '9');
  to_osmo(longer, o);
  EXPECT_EQ(std::strlen(o.gt.digits), sizeof o.gt.digits - 1);
}

TEST(link_table, longest_matching_route_decides) {
  link_snapshot s;
  s.local_pcs = {186};
  s.routes.push_back({0, 0, "stp", true});           // default route, active
  s.routes.push_back({100, 0x3fff, "ssf", false});  // 0.12.4 exactly, down
  EXPECT_TRUE(reachable_in(s, 186));   // local
  EXPECT_TRUE(reachable_in(s, 101));   // default
  EXPECT_FALSE(reachable_in(s, 100));  // the specific route wins, and it is down
  s.routes.clear();
  EXPECT_FALSE(reachable_in(s, 101));  // no route at all
  link_table t;
  t.update(s);
  EXPECT_TRUE(t.reachable(186));
  EXPECT_FALSE(t.reachable(100));
}

}  // namespace
}  // namespace cmr::sigtran
