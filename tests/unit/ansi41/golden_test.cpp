// The golden vectors tests/golden/ansi/win_*.hex (written by win_vectors.py,
// dissected by tshark in the wire test): in/ansi41's encoders wrapped by
// in/ansi_tcap's encoder give exactly those bytes, and every parameter SET
// in them decodes to the values the generator wrote.
#include <gtest/gtest.h>

#include "fixture.h"
#include "in/ansi_tcap/ansi_tcap_message.h"

namespace cmr::in::ansi41 {
namespace {
using namespace test;
namespace tc = ansi_tcap;

tc::component invoke(std::uint8_t id, std::int32_t op, bytes params,
                     std::optional<std::uint8_t> linked = std::nullopt) {
  tc::component c;
  c.type = tc::component::kind::invoke_last;
  c.invoke_id = id;
  c.correlation_id = linked;
  c.operation = tc::unpack(op);
  c.parameter = std::move(params);
  return c;
}
tc::component result(std::uint8_t id, std::optional<bytes> params = std::nullopt) {
  tc::component c;
  c.type = tc::component::kind::return_result_last;
  c.correlation_id = id;
  c.parameter = std::move(params);
  return c;
}
tc::component error(std::uint8_t id, std::int32_t code) {
  tc::component c;
  c.type = tc::component::kind::return_error;
  c.correlation_id = id;
  c.error = tc::unpack(code);
  return c;
}
bytes query(std::uint32_t tid, std::vector<tc::component> comps) {
  tc::message m;
  m.type = tc::package::query_with_permission;
  m.originating_tid = tid;
  m.components = std::move(comps);
  return tc::encode_message(m);
}
bytes conversation(std::uint32_t otid, std::uint32_t rtid, std::vector<tc::component> comps) {
  tc::message m;
  m.type = tc::package::conversation_with_permission;
  m.originating_tid = otid;
  m.responding_tid = rtid;
  m.components = std::move(comps);
  return tc::encode_message(m);
}
bytes response(std::uint32_t rtid, std::vector<tc::component> comps) {
  tc::message m;
  m.type = tc::package::response;
  m.responding_tid = rtid;
  m.components = std::move(comps);
  return tc::encode_message(m);
}

constexpr std::uint32_t msc = 0x0a000001, scp_msc = 0x0b000001, scp_ip = 0x0b000002,
                        ip = 0x0c000001;

event_trigger trigger_of(std::uint8_t type) {
  event_trigger t;
  t.billing = k_billing;
  t.mscid = k_mscid;
  t.trigger_type = type;
  t.transaction_capability = k_transcap;
  t.win = k_win;
  return t;
}

digits tldn() {
  return make_digits(digits::kind::destination, k_tldn);
}
srf_directive srfdir() {
  return srf_directive{{{0, 0, 0, 7}}, std::nullopt};
}
// The ringback with one key collected (on-line copy): BRK, max/min 1,
// 30 s interaction, 10 s initial and 5 s normal interdigit time.
srf_directive srfdir_collect() {
  srf_directive d = srfdir();
  d.collect = digit_collection_control{};
  return d;
}
digits collected_star() {
  digits d;
  d.type = digits::kind::caller_interaction;
  d.value = "*";
  return d;
}

TEST(Ansi41Golden, EncodersGiveTheGoldenBytes) {
  analyzed_information_result routing;
  routing.routing_digits = make_digits(digits::kind::routing, "99916135550123");
  analyzed_information_result termination;
  termination.termination = make_digits(digits::kind::destination, "6135550999");
  event_trigger tanswer = trigger_of(trigger::t_answer);
  tanswer.msid = k_min;
  tanswer.time_of_day = 432000;
  tanswer.time_date_offset = -300;
  tanswer.esn = 0x8a123456;
  event_trigger odisc = trigger_of(trigger::o_disconnect);
  odisc.release_cause = 1;
  odisc.time_of_day = 432100;
  event_trigger tdisc;
  tdisc.billing = k_billing;
  tdisc.mscid = k_mscid;
  tdisc.trigger_type = trigger::t_disconnect;
  tdisc.release_cause = 2;
  tdisc.time_of_day = 432200;

  const std::vector<std::pair<std::string, bytes>> cases{
      {"win_anlyzd_query",
       query(msc, {invoke(1, opcode::analyzed_information(), encode(full_anlyzd()))})},
      {"win_anlyzd_result_routing", response(msc, {result(1, encode(routing))})},
      {"win_anlyzd_result_termination", response(msc, {result(1, encode(termination))})},
      {"win_error_missing_parameter", response(msc, {error(1, error_code::missing_parameter())})},
      {"win_seizeres_query",
       query(scp_ip,
             {invoke(1, opcode::seize_resource(),
                     encode(seize_resource{std::nullopt, bytes{0, 0, 0, 7}, std::nullopt}))})},
      {"win_seizeres_result",
       conversation(ip, scp_ip, {result(1, encode(seize_resource_result{tldn()}))})},
      {"win_connres",
       conversation(scp_msc, msc,
                    {invoke(2, opcode::connect_resource(), encode(connect_resource{tldn()}))})},
      {"win_instreq",
       conversation(ip, scp_ip, {invoke(2, opcode::instruction_request(), encode_empty())})},
      {"win_srfdir",
       conversation(scp_ip, ip, {invoke(3, opcode::srf_directive(), encode(srfdir()), 2)})},
      {"win_srfdir_result", conversation(ip, scp_ip, {result(3, encode(srf_directive_result{}))})},
      {"win_srfdir_collect",
       conversation(scp_ip, ip, {invoke(3, opcode::srf_directive(), encode(srfdir_collect()), 2)})},
      {"win_srfdir_result_digits",
       conversation(ip, scp_ip, {result(3, encode(srf_directive_result{collected_star()}))})},
      {"win_disconnres_anlyzd_result",
       response(msc, {invoke(2, opcode::disconnect_resource(), encode_empty()),
                      result(1)})},
      {"win_tanswer", query(0x0a000002, {invoke(1, opcode::t_answer(), encode(tanswer))})},
      {"win_tanswer_result", response(0x0a000002, {result(1)})},
      {"win_tbusy",
       query(0x0a000003, {invoke(1, opcode::t_busy(), encode(trigger_of(trigger::t_busy)))})},
      {"win_tbusy_result",
       response(0x0a000003,
                {result(1, encode(event_trigger_result{action::continue_processing}))})},
      {"win_tnoanswer", query(0x0a000004, {invoke(1, opcode::t_no_answer(),
                                                  encode(trigger_of(trigger::t_no_answer)))})},
      {"win_tnoanswer_result", response(0x0a000004, {result(1)})},
      {"win_odisconnect", query(0x0a000005, {invoke(1, opcode::o_disconnect(), encode(odisc))})},
      {"win_odisconnect_result", response(0x0a000005, {result(1)})},
      {"win_tdisconnect", query(0x0a000006, {invoke(1, opcode::t_disconnect(), encode(tdisc))})},
      {"win_ccdir",
       query(0x0b000003, {invoke(1, opcode::call_control_directive(), encode(full_ccdir()))})},
  };
  for (const auto& [name, built] : cases) {
    SCOPED_TRACE(name);
    const bytes want = golden(name);
    ASSERT_FALSE(want.empty()) << "no golden vector";
    EXPECT_EQ(built, want);
  }
}

// The first component's parameter SET of a golden vector.
bytes set_in(const std::string& name, std::size_t component = 0) {
  auto m = tc::decode_message(golden(name));
  EXPECT_TRUE(m) << name;
  if (!m || m->components.size() <= component || !m->components[component].parameter) return {};
  return *m->components[component].parameter;
}

TEST(Ansi41Golden, GoldenSetsDecode) {
  auto ai = decode_analyzed_information(set_in("win_anlyzd_query"));
  ASSERT_TRUE(ai);
  EXPECT_EQ(ai.value(), full_anlyzd());
  EXPECT_EQ(ai->trigger_type, trigger::initial_termination);

  auto ar = decode_analyzed_information_result(set_in("win_anlyzd_result_routing"));
  ASSERT_TRUE(ar);
  ASSERT_TRUE(ar->routing_digits);
  EXPECT_EQ(ar->routing_digits->value, "99916135550123");
  EXPECT_EQ(ar->routing_digits->type, digits::kind::routing);

  auto at = decode_analyzed_information_result(set_in("win_anlyzd_result_termination"));
  ASSERT_TRUE(at);
  ASSERT_TRUE(at->termination);
  EXPECT_EQ(at->termination->value, "6135550999");

  auto sr = decode_seize_resource(set_in("win_seizeres_query"));
  ASSERT_TRUE(sr);
  EXPECT_EQ(sr->private_specialized_resource, (bytes{0, 0, 0, 7}));
  auto srr = decode_seize_resource_result(set_in("win_seizeres_result"));
  ASSERT_TRUE(srr);
  EXPECT_EQ(srr->destination.value, k_tldn);
  EXPECT_EQ(srr->destination.numbering_plan, 2);
  auto cr = decode_connect_resource(set_in("win_connres"));
  ASSERT_TRUE(cr);
  EXPECT_EQ(cr->destination, tldn());
  EXPECT_TRUE(decode_empty(set_in("win_instreq")));
  auto sd = decode_srf_directive(set_in("win_srfdir"));
  ASSERT_TRUE(sd);
  EXPECT_EQ(sd.value(), srfdir());
  EXPECT_TRUE(decode_srf_directive_result(set_in("win_srfdir_result")));
  auto sc = decode_srf_directive(set_in("win_srfdir_collect"));
  ASSERT_TRUE(sc);
  EXPECT_EQ(sc.value(), srfdir_collect());
  ASSERT_TRUE(sc->collect);
  EXPECT_TRUE(sc->collect->break_in);
  EXPECT_EQ(sc->collect->maximum_collect, 1);
  EXPECT_EQ(sc->collect->maximum_interaction_time_s, 30);
  auto rd = decode_srf_directive_result(set_in("win_srfdir_result_digits"));
  ASSERT_TRUE(rd);
  ASSERT_TRUE(rd->digits_collected);
  EXPECT_EQ(rd->digits_collected->value, "*");
  EXPECT_EQ(rd->digits_collected->type, digits::kind::caller_interaction);
  EXPECT_TRUE(decode_empty(set_in("win_disconnres_anlyzd_result", 0)));
  EXPECT_TRUE(set_in("win_disconnres_anlyzd_result", 1).empty()) << "the result has no parameter";

  struct ev {
    const char* name;
    std::int32_t op;
    std::uint8_t type;
  };
  for (const ev& e : {ev{"win_tanswer", opcode::t_answer(), trigger::t_answer},
                      ev{"win_tbusy", opcode::t_busy(), trigger::t_busy},
                      ev{"win_tnoanswer", opcode::t_no_answer(), trigger::t_no_answer},
                      ev{"win_odisconnect", opcode::o_disconnect(), trigger::o_disconnect},
                      ev{"win_tdisconnect", opcode::t_disconnect(), trigger::t_disconnect}}) {
    SCOPED_TRACE(e.name);
    auto t = decode_event_trigger(e.op, set_in(e.name));
    ASSERT_TRUE(t) << t.error().parameter;
    EXPECT_EQ(t->trigger_type, e.type);
    EXPECT_EQ(t->billing, k_billing);
    EXPECT_EQ(t->mscid, k_mscid);
  }
  auto tb = decode_event_trigger_result(set_in("win_tbusy_result"));
  ASSERT_TRUE(tb);
  EXPECT_EQ(tb->action_code, action::continue_processing);
  auto cc = decode_call_control_directive(set_in("win_ccdir"));
  ASSERT_TRUE(cc);
  EXPECT_EQ(cc.value(), full_ccdir());

  auto err = tc::decode_message(golden("win_error_missing_parameter"));
  ASSERT_TRUE(err);
  EXPECT_EQ(tc::pack(err->components.at(0).error), error_code::missing_parameter());
}

}  // namespace
}  // namespace cmr::in::ansi41
