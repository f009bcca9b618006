// Codec behaviour beyond the golden vectors: BER forms a peer may send
// (indefinite lengths, unknown extensions), variant rules, helpers.
#include <gtest/gtest.h>

#include "golden_vectors.h"
#include "in/codec/operations_codec.h"
#include "in/codec/protocol_constants.h"

namespace cmr::in::codec::test {
namespace {

TEST(Address, Q763CalledNumberRoundTrip) {
  q763_number n{4, 1, false, 0, 0, 0, "4930123"};
  bytes b = encode_q763_number(q763_kind::called, n);
  EXPECT_EQ(b, (bytes{0x84, 0x10, 0x94, 0x03, 0x21, 0x03}));
  auto d = decode_q763_number(q763_kind::called, b);
  ASSERT_TRUE(d.has_value());
  EXPECT_EQ(*d, n);
}

TEST(Address, IsdnAddressRoundTripWithFiller) {
  isdn_address a{1, 1, "49172"};
  bytes b = encode_isdn_address(a);
  EXPECT_EQ(b, (bytes{0x91, 0x94, 0x71, 0xf2}));
  EXPECT_EQ(decode_isdn_address(b), a);
}

TEST(Address, RejectsBadDigitsAndLengths) {
  EXPECT_TRUE(encode_isdn_address({1, 1, "12x"}).empty());
  EXPECT_FALSE(decode_q763_number(q763_kind::called, bytes{0x84}).has_value());
  EXPECT_FALSE(decode_isdn_address(bytes{}).has_value());
}

TEST(ApplicationContext, ClassifiesEveryVariant) {
  EXPECT_EQ(classify_ac(ac::cap_v2_gsmssf_to_gsmscf)->variant, protocol_variant::cap_v2);
  EXPECT_EQ(classify_ac(ac::cap_v3_gsmsrf_gsmscf)->role, ac_role::srf_to_scf);
  EXPECT_EQ(classify_ac(ac::cap_v4_scf_gsmssf_generic)->role, ac_role::scf_to_ssf);
  EXPECT_EQ(classify_ac(ac::inap_cs1_ssp_to_scp)->variant, protocol_variant::inap_cs1);
  EXPECT_FALSE(classify_ac(oid{0, 4, 0, 0, 1, 21, 3, 50}).has_value());  // gprsSSF
}

TEST(Tcap, AcceptsIndefiniteLengths) {
  // TC-BEGIN otid 01020304, components with one Invoke (id 1, opcode 31), all
  // constructed lengths indefinite.
  bytes ber{0x62, 0x80, 0x48, 0x04, 0x01, 0x02, 0x03, 0x04, 0x6c, 0x80, 0xa1, 0x80,
            0x02, 0x01, 0x01, 0x02, 0x01, 0x1f, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00};
  auto m = decode_tc_message(ber);
  ASSERT_TRUE(m.has_value()) << m.error().detail;
  EXPECT_EQ(m->type, tc_type::begin);
  EXPECT_EQ(tid_to_u32(m->otid), 0x01020304u);
  ASSERT_EQ(m->components.size(), 1u);
  EXPECT_EQ(m->components[0].code.local, opcode::continue_);
  // Re-encoding gives the definite form.
  bytes der = encode_tc_message(*m);
  EXPECT_EQ(der, (bytes{0x62, 0x10, 0x48, 0x04, 0x01, 0x02, 0x03, 0x04, 0x6c, 0x08, 0xa1, 0x06,
                        0x02, 0x01, 0x01, 0x02, 0x01, 0x1f}));
}

TEST(Arguments, UnknownFieldsAndExtensionsAreSkipped) {
  // InitialDPArg: serviceKey 7, an unknown [PRIVATE 5] field, cug-Index [45]
  // (not modelled), and an unknown field after the extension marker [99].
  bytes idp{0x30, 0x12, 0x80, 0x01, 0x07, 0xc5, 0x01, 0xff, 0x9f, 0x2d, 0x01, 0x05,
            0x9f, 0x63, 0x03, 0x01, 0x02, 0x03, 0x00, 0x00};
  idp[1] = static_cast<std::uint8_t>(idp.size() - 2 - 2);
  idp.resize(idp.size() - 2);
  auto a = decode_initial_dp(protocol_variant::cap_v4, idp);
  ASSERT_TRUE(a.has_value()) << a.error().detail;
  EXPECT_EQ(a->service_key, 7u);
}

TEST(Arguments, VariantRules) {
  continue_with_argument cwa;
  EXPECT_TRUE(encode_continue_with_argument(protocol_variant::cap_v2, cwa).empty());
  EXPECT_FALSE(encode_continue_with_argument(protocol_variant::cap_v3, cwa).empty());
  auto srr2 = encode_specialized_resource_report(protocol_variant::cap_v2, {});
  EXPECT_EQ(srr2, (bytes{0x05, 0x00}));
  auto srr4 = encode_specialized_resource_report(protocol_variant::cap_v4, {});
  EXPECT_EQ(srr4, (bytes{0x9f, 0x32, 0x00}));
  EXPECT_FALSE(decode_specialized_resource_report(protocol_variant::cap_v4, srr2).has_value());
  // CAP v2 ETC puts serviceInteractionIndicatorsTwo at [7], v4 callSegmentID.
  establish_temporary_connection etc;
  etc.assisting_ssp_ip_routing_address = bytes{0x00, 0x84, 0x10, 0x21};
  etc.bothway_through_connection = 0;
  auto v2 = encode_establish_temporary_connection(protocol_variant::cap_v2, etc);
  auto v3 = encode_establish_temporary_connection(protocol_variant::cap_v3, etc);
  ASSERT_FALSE(v2.empty());
  EXPECT_NE(v2, v3);
  EXPECT_EQ(decode_establish_temporary_connection(protocol_variant::cap_v2, v2)->bothway_through_connection, 0);
  // A CAP Connect carries exactly one destination.
  connect_arg c;
  c.destination_routing_address = {bytes{0x84, 0x10, 0x21}, bytes{0x84, 0x10, 0x43}};
  EXPECT_TRUE(encode_connect(protocol_variant::cap_v4, c).empty());
  EXPECT_FALSE(encode_connect(protocol_variant::inap_cs1, c).empty());
}

TEST(Limits, OversizedAndDeepInputFail) {
  bytes big(max_message_size + 1, 0x30);
  EXPECT_EQ(decode_tc_message(big).error().what, decode_error::kind::too_large);
  // 1000 nested indefinite-length SEQUENCEs.
  bytes deep;
  for (int i = 0; i < 1000; ++i) {
    deep.push_back(0x62);
    deep.push_back(0x80);
  }
  EXPECT_FALSE(decode_tc_message(deep).has_value());
}

}  // namespace
}  // namespace cmr::in::codec::test
