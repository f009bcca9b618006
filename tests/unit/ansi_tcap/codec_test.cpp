// ANSI TCAP codec: every golden vector decodes and re-encodes byte for byte;
// messages built here encode to the golden bytes; the decoded fields.
#include <gtest/gtest.h>

#include "golden.h"
#include "in/ansi_tcap/ansi_tcap_message.h"

namespace cmr::in::ansi_tcap::test {
namespace {

using kind = component::kind;

message decoded(const std::string& name) {
  auto m = decode_message(golden(name));
  EXPECT_TRUE(m.has_value()) << name;
  return m ? *m : message{};
}

TEST(AnsiCodec, EveryGoldenVectorRoundTrips) {
  for (const auto& name : k_golden_names) {
    const bytes in = golden(name);
    ASSERT_FALSE(in.empty()) << name;
    auto m = decode_message(in);
    ASSERT_TRUE(m.has_value()) << name;
    EXPECT_EQ(encode_message(*m), in) << name;
  }
}

TEST(AnsiCodec, QueryWithPermission) {
  const message m = decoded("ansi_query_with_perm");
  EXPECT_EQ(m.type, package::query_with_permission);
  EXPECT_EQ(m.originating_tid, 0x11223344U);
  ASSERT_EQ(m.components.size(), 1U);
  const component& c = m.components[0];
  EXPECT_EQ(c.type, kind::invoke_last);
  EXPECT_EQ(c.invoke_id, std::optional<std::uint8_t>(1));
  EXPECT_FALSE(c.correlation_id);
  EXPECT_EQ(pack(c.operation), private_op(9, 0x49));
  EXPECT_EQ(c.parameter, (bytes{0xf2, 0x00}));

  // The same built by hand encodes to the golden bytes.
  message b;
  b.type = package::query_with_permission;
  b.originating_tid = 0x11223344;
  component inv;
  inv.invoke_id = 1;
  inv.operation = unpack(private_op(9, 0x49));
  inv.parameter = bytes{0xf2, 0x00};
  b.components.push_back(inv);
  EXPECT_EQ(encode_message(b), golden("ansi_query_with_perm"));
}

TEST(AnsiCodec, QueryWithoutPermissionWithDialoguePortion) {
  const message m = decoded("ansi_query_without_perm");
  EXPECT_EQ(m.type, package::query_without_permission);
  EXPECT_FALSE(grants_permission(m.type));
  ASSERT_TRUE(m.dialogue);
  EXPECT_EQ(m.dialogue->protocol_version, std::optional<std::uint8_t>(3));
  EXPECT_EQ(m.dialogue->object_ac, (oid{1, 2, 840, 10013, 1, 1}));
  ASSERT_EQ(m.components.size(), 2U);
  EXPECT_EQ(m.components[0].type, kind::invoke_not_last);
  EXPECT_EQ(m.components[1].type, kind::invoke_last);
  EXPECT_EQ(pack(m.components[1].operation), private_op(9, 0x4a));
}

TEST(AnsiCodec, ConversationsCarryBothTids) {
  const message m = decoded("ansi_conversation_with_perm");
  EXPECT_EQ(m.type, package::conversation_with_permission);
  EXPECT_EQ(m.originating_tid, 0xaabbccddU);
  EXPECT_EQ(m.responding_tid, 0x11223344U);
  ASSERT_EQ(m.components.size(), 2U);
  EXPECT_EQ(m.components[0].type, kind::return_result_last);
  EXPECT_EQ(m.components[0].correlation_id, std::optional<std::uint8_t>(1));
  EXPECT_EQ(m.components[1].invoke_id, std::optional<std::uint8_t>(2));
  EXPECT_EQ(m.components[1].correlation_id, std::optional<std::uint8_t>(1));

  const message w = decoded("ansi_conversation_without_perm");
  EXPECT_EQ(w.type, package::conversation_without_permission);
  ASSERT_EQ(w.components.size(), 2U);
  EXPECT_EQ(w.components[0].type, kind::return_result_not_last);
  EXPECT_EQ(w.components[1].type, kind::return_error);
  EXPECT_EQ(pack(w.components[1].error), private_error(0x86));
  EXPECT_FALSE(w.components[1].parameter);
}

TEST(AnsiCodec, ResponseWithReject) {
  const message m = decoded("ansi_response");
  EXPECT_EQ(m.type, package::response);
  EXPECT_EQ(m.responding_tid, 0x11223344U);
  ASSERT_EQ(m.components.size(), 2U);
  EXPECT_EQ(m.components[1].type, kind::reject);
  EXPECT_EQ(m.components[1].correlation_id, std::optional<std::uint8_t>(5));
  EXPECT_EQ(m.components[1].problem, problem::invoke_unrecognized_operation);
}

TEST(AnsiCodec, UnidirectionalNationalAndAborts) {
  const message u = decoded("ansi_unidirectional");
  EXPECT_EQ(u.type, package::unidirectional);
  ASSERT_EQ(u.components.size(), 1U);
  EXPECT_EQ(pack(u.components[0].operation), private_op(9, 0x43));

  const message n = decoded("ansi_national_op");
  ASSERT_EQ(n.components.size(), 1U);
  EXPECT_EQ(pack(n.components[0].operation), national_op(1, 2));

  const message a = decoded("ansi_abort_p_abort");
  EXPECT_EQ(a.type, package::abort);
  EXPECT_EQ(a.responding_tid, 0x11223344U);
  EXPECT_EQ(a.abort_cause, p_abort_cause::unassigned_responding_transaction_id);

  const message ua = decoded("ansi_abort_user");
  EXPECT_FALSE(ua.abort_cause);
  ASSERT_TRUE(ua.user_abort_info);
  EXPECT_EQ(ua.user_abort_info->front(), 0xf8);

  message b;
  b.type = package::abort;
  b.responding_tid = 0x11223344;
  b.abort_cause = p_abort_cause::unassigned_responding_transaction_id;
  EXPECT_EQ(encode_message(b), golden("ansi_abort_p_abort"));
}

TEST(AnsiCodec, IntegerApplicationContextAndKeptElements) {
  message m;
  m.type = package::query_with_permission;
  m.originating_tid = 7;
  m.dialogue = dialogue_portion{};
  m.dialogue->integer_ac = -300;
  m.dialogue->rest = {0xfd, 0x02, 0x05, 0x00};  // user information, kept verbatim
  const bytes e = encode_message(m);
  ASSERT_FALSE(e.empty());
  auto back = decode_message(e);
  ASSERT_TRUE(back.has_value());
  EXPECT_EQ(*back, m);
}

TEST(AnsiCodec, EncodeRefusesWhatT1114DoesNotAllow) {
  message m;
  m.type = package::abort;
  m.abort_cause = p_abort_cause::resource_unavailable;
  m.user_abort_info = bytes{0xf8, 0x00};
  EXPECT_TRUE(encode_message(m).empty()) << "both abort causes";

  message u;
  u.type = package::unidirectional;
  u.has_component_portion = false;
  EXPECT_TRUE(encode_message(u).empty()) << "unidirectional without components";

  message p;
  component c;
  c.invoke_id = 1;
  c.parameter = bytes{0x04, 0x01, 0x00};  // not a SET or SEQUENCE
  p.components.push_back(c);
  EXPECT_TRUE(encode_message(p).empty()) << "parameter not a SET";

  message r;
  component res;
  res.type = kind::return_result_last;  // no correlation ID
  r.components.push_back(res);
  EXPECT_TRUE(encode_message(r).empty()) << "result without correlation ID";
}

}  // namespace
}  // namespace cmr::in::ansi_tcap::test
