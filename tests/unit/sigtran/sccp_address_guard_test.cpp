// The bounds check in front of libosmo-sigtran's osmo_sccp_addr_parse()
// (sigtran/sccp_address_guard.cpp): a received SCCP address whose global
// title does not fit osmo_sccp_addr, or that is shorter than its indicated
// fields, is refused without a byte written past the structure; every other
// address is parsed by the library as before.
#include <gtest/gtest.h>

#include <cerrno>
#include <cstdint>
#include <cstring>
#include <vector>

#include "sigtran/osmo_headers.h"

// Exported by libosmo-sigtran, declared only in its private headers.
extern "C" int osmo_sccp_addr_parse(osmo_sccp_addr* out, const std::uint8_t* addr,
                                    unsigned int addrlen);

namespace {

// The parsed address with a guard zone behind it: the library's function
// alone writes the digits of a long global title far into it.
struct guarded_addr {
  osmo_sccp_addr addr{};
  std::uint8_t zone[1024];
  guarded_addr() { std::memset(zone, 0x55, sizeof zone); }
  [[nodiscard]] bool zone_intact() const {
    for (const std::uint8_t b : zone)
      if (b != 0x55) return false;
    return true;
  }
};

// Q.713 address: SSN present, GTI 4 (TT, NP/encoding, NAI), route on GT.
std::vector<std::uint8_t> gt4_address(std::size_t digit_octets, bool odd) {
  std::vector<std::uint8_t> a{0x12, 146, 0x00, static_cast<std::uint8_t>(0x10U | (odd ? 1U : 2U)), 0x04};
  for (std::size_t i = 0; i < digit_octets; ++i) a.push_back(static_cast<std::uint8_t>(0x94U + i % 5U));
  return a;
}

int parse(guarded_addr& g, const std::vector<std::uint8_t>& a) {
  return osmo_sccp_addr_parse(&g.addr, a.data(), static_cast<unsigned>(a.size()));
}

TEST(sccp_address_guard, a_global_title_that_fits_is_parsed_by_the_library) {
  guarded_addr g;
  const std::vector<std::uint8_t> a{0x12, 146, 0x00, 0x12, 0x04, 0x94, 0x71, 0x02, 0x00, 0x00, 0x10};
  ASSERT_EQ(parse(g, a), 0);
  EXPECT_STREQ(g.addr.gt.digits, "491720000001");
  EXPECT_EQ(g.addr.ssn, 146u);
  EXPECT_EQ(g.addr.gt.gti, OSMO_SCCP_GTI_TT_NPL_ENC_NAI);
  // 31 digits, the most gt.digits holds.
  ASSERT_EQ(parse(g, gt4_address(16, true)), 0);
  EXPECT_EQ(std::strlen(g.addr.gt.digits), 31u);
  EXPECT_TRUE(g.zone_intact());
}

TEST(sccp_address_guard, a_global_title_too_long_is_refused_without_overflow) {
  guarded_addr g;
  EXPECT_EQ(parse(g, gt4_address(16, false)), -EINVAL);  // 32 digits
  EXPECT_EQ(parse(g, gt4_address(200, false)), -EINVAL);
  EXPECT_EQ(parse(g, gt4_address(250, true)), -EINVAL);
  // GTI 1 (nature of address only, odd indicator in it).
  std::vector<std::uint8_t> nai_only{0x04, 0x84};
  nai_only.resize(60, 0x21);
  EXPECT_EQ(parse(g, nai_only), -EINVAL);
  EXPECT_TRUE(g.zone_intact());
}

TEST(sccp_address_guard, an_address_shorter_than_its_fields_is_refused) {
  guarded_addr g;
  // Point code, SSN and GTI 4 announced; two octets received.
  const std::vector<std::uint8_t> a{0x13, 0x01};
  EXPECT_EQ(parse(g, a), -EINVAL);
  EXPECT_EQ(osmo_sccp_addr_parse(&g.addr, a.data(), 0), -EINVAL);
  EXPECT_TRUE(g.zone_intact());
}

}  // namespace
