// TCAP layer throughput: whole CAP dialogues between two tcap_layers joined
// back to back in memory (no SIGTRAN), with real operation arguments:
//   SSF TC-BEGIN(InitialDP) -> SCF TC-CONTINUE(RRBE + CTR + PA)
//   -> SSF TC-CONTINUE(SpecializedResourceReport) -> SSF TC-CONTINUE(ERB)
//   -> SCF TC-END(Continue)
// Both TC-users decode every argument they receive (as the CAP layer will)
// and encode what they send. Reported: TCAP messages per second and CPU time
// per message, with `outstanding` dialogues in flight at once.
#include <benchmark/benchmark.h>

#include "in/codec/operations_codec.h"
#include "in/codec/protocol_constants.h"
#include "in/tcap/local_sccp_pair.h"
#include "common/manual_timer_service.h"
#include "in/tcap/tcap_layer.h"
#include "tests/common/cap_dialogue_arguments.h"

namespace {

using namespace cmr::in;
namespace sigtran = cmr::sigtran;
using namespace cmr::in::tcap;
using codec::protocol_variant;
namespace op = codec::opcode;
constexpr auto v4 = protocol_variant::cap_v4;

sigtran::sccp_address addr(std::uint32_t pc) {
  sigtran::sccp_address a;
  a.point_code = pc;
  a.ssn = 146;
  return a;
}

// The dialogue's arguments, encoded once (tests/common/cap_dialogue_arguments.h).
struct arguments : codec::test::cap_dialogue_arguments {
  arguments() : cap_dialogue_arguments(v4) {}
};

// Decodes every received argument by opcode, as a CAP user would.
void decode_args(const dialogue_ind& ind) {
  for (const auto& c : ind.components) {
    if (c.type != component_ind::kind::invoke || !c.parameter) continue;
    const auto& p = *c.parameter;
    bool good = true;
    switch (c.code) {
      case op::initial_dp:
        good = codec::decode_initial_dp(v4, p).has_value();
        break;
      case op::request_report_bcsm_event:
        good = codec::decode_request_report_bcsm_event(v4, p).has_value();
        break;
      case op::connect_to_resource:
        good = codec::decode_connect_to_resource(v4, p).has_value();
        break;
      case op::play_announcement:
        good = codec::decode_play_announcement(v4, p).has_value();
        break;
      case op::specialized_resource_report:
        good = codec::decode_specialized_resource_report(v4, p).has_value();
        break;
      case op::event_report_bcsm:
        good = codec::decode_event_report_bcsm(v4, p).has_value();
        break;
      default:
        break;
    }
    benchmark::DoNotOptimize(good);
  }
}

struct scf_user final : tc_user {
  tcap_layer* layer = nullptr;
  const arguments* args = nullptr;
  void on_dialogue(const dialogue_ind& ind) override {
    decode_args(ind);
    if (ind.type == dialogue_ind_kind::begin) {
      (void)layer->invoke(ind.id, {1, {}, op::request_report_bcsm_event, args->rrbe, {}, {}});
      (void)layer->invoke(ind.id, {2, {}, op::connect_to_resource, args->ctr, {}, {}});
      (void)layer->invoke(ind.id, {3, {}, op::play_announcement, args->pa, {}, {}});
      (void)layer->continue_(ind.id);
    } else if (ind.type == dialogue_ind_kind::continue_ && !ind.components.empty() &&
               ind.components[0].code == op::event_report_bcsm) {
      (void)layer->invoke(ind.id, {4, {}, op::continue_, std::nullopt, {}, {}});
      (void)layer->end(ind.id);
    }
  }
  void on_u_abort(const u_abort_ind&) override {}
  void on_p_abort(const p_abort_ind&) override {}
  void on_l_cancel(const l_cancel_ind&) override {}
  void on_notice(const notice_ind&) override {}
};

struct ssf_user final : tc_user {
  tcap_layer* layer = nullptr;
  const arguments* args = nullptr;
  std::size_t ended = 0;
  void on_dialogue(const dialogue_ind& ind) override {
    decode_args(ind);
    if (ind.type == dialogue_ind_kind::continue_) {
      (void)layer->invoke(ind.id, {2, {}, op::specialized_resource_report, args->srr, {}, {}});
      (void)layer->continue_(ind.id);
      (void)layer->invoke(ind.id, {3, {}, op::event_report_bcsm, args->erb, {}, {}});
      (void)layer->continue_(ind.id);
    } else if (ind.type == dialogue_ind_kind::end) {
      ++ended;
    }
  }
  void on_u_abort(const u_abort_ind&) override {}
  void on_p_abort(const p_abort_ind&) override {}
  void on_l_cancel(const l_cancel_ind&) override {}
  void on_notice(const notice_ind&) override {}
};

constexpr int messages_per_dialogue = 5;

void BM_TcapDialogue(benchmark::State& state) {
  const auto outstanding = static_cast<std::size_t>(state.range(0));
  arguments args;
  local_sccp_pair net(addr(1), addr(2));
  net.a().record = false;
  net.b().record = false;
  cmr::manual_timer_service timers;
  ssf_user su;
  scf_user cu;
  tcap_layer ssf(net.a(), timers, su, ac_table::all_known(), operation_table::cap_inap_defaults());
  tcap_layer scf(net.b(), timers, cu, ac_table::all_known(), operation_table::cap_inap_defaults());
  su.layer = &ssf;
  su.args = &args;
  cu.layer = &scf;
  cu.args = &args;
  net.a().on_receive = [&ssf](sigtran::n_unitdata m) { ssf.receive(m); };
  net.b().on_receive = [&scf](sigtran::n_unitdata m) { scf.receive(m); };
  std::size_t dialogues = 0;
  for (auto _ : state) {
    // `outstanding` Begins go out before any answer comes back.
    for (std::size_t i = 0; i < outstanding; ++i) {
      const dialogue_id d = ssf.open(addr(2), codec::ac::cap_v4_gsmssf_scf_generic);
      (void)ssf.invoke(d, {1, {}, op::initial_dp, args.idp, {}, {}});
      (void)ssf.begin(d);
    }
    net.pump();
    dialogues += outstanding;
  }
  if (su.ended != dialogues || ssf.dialogue_count() != 0 || scf.dialogue_count() != 0) {
    state.SkipWithError("dialogues did not all end");
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(dialogues) * messages_per_dialogue);
  state.counters["dialogues/s"] =
      benchmark::Counter(static_cast<double>(dialogues), benchmark::Counter::kIsRate);
  // CPU seconds per TCAP message (both layers and both users together).
  state.counters["cpu/msg"] =
      benchmark::Counter(static_cast<double>(dialogues * messages_per_dialogue),
                         benchmark::Counter::kIsRate | benchmark::Counter::kInvert);
}
BENCHMARK(BM_TcapDialogue)->Arg(1)->Arg(100);

// The codec figure of bench_codec.cpp (decode + re-encode of a TC-BEGIN with
// InitialDP), once with the hand-written TCAP encoder and once with asn1c's
// der_encode (the reference the former replaced): the before/after pair of
// docs/performance.md.
codec::bytes full_begin() {
  codec::initial_dp idp;
  idp.service_key = 100;
  idp.called_party_number =
      codec::encode_q763_number(codec::q763_kind::called, {4, 1, false, 0, 0, 0, "4930123456"});
  idp.calling_party_number =
      codec::encode_q763_number(codec::q763_kind::calling, {4, 1, false, 0, 3, 0, "4917612345678"});
  idp.calling_partys_category = 10;
  idp.bearer_capability = codec::bytes{0x80, 0x90, 0xa3};
  idp.event_type = codec::event_type_bcsm::term_attempt_authorized;
  idp.imsi = codec::bytes{0x62, 0x02, 0x10, 0x32, 0x54, 0x76, 0x98, 0xf0};
  idp.call_reference_number = codec::bytes{1, 2, 3, 4};
  idp.msc_address = codec::isdn_address{1, 1, "491720000001"};
  idp.called_party_bcd_number = codec::bytes{0x91, 0x94, 0x03, 0x21, 0x43, 0x65};
  idp.time_and_timezone = codec::bytes{0x02, 0x42, 0x30, 0x51, 0x21, 0x43, 0x50, 0x40};
  codec::tc_message m;
  m.type = codec::tc_type::begin;
  m.otid = codec::tid_from_u32(0x01020304);
  m.dialogue = codec::dialogue_portion{};
  m.dialogue->ac_name = codec::ac::cap_v4_gsmssf_scf_generic;
  codec::tc_component c;
  c.invoke_id = 1;
  c.code.local = op::initial_dp;
  c.parameter = codec::encode_initial_dp(v4, idp);
  m.components.push_back(c);
  return codec::encode_tc_message(m);
}

template <codec::bytes (*Encode)(const codec::tc_message&)>
void BM_TcBeginIdp_DecodeEncode(benchmark::State& state) {
  const codec::bytes wire = full_begin();
  for (auto _ : state) {
    auto m = codec::decode_tc_message(wire);
    auto idp = codec::decode_initial_dp(v4, *m->components[0].parameter);
    m->components[0].parameter = codec::encode_initial_dp(v4, *idp);
    codec::bytes out = Encode(*m);
    benchmark::DoNotOptimize(out.data());
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK_TEMPLATE(BM_TcBeginIdp_DecodeEncode, codec::encode_tc_message)
    ->Name("BM_TcBeginIdp_DecodeEncode/tcap_encoder");
BENCHMARK_TEMPLATE(BM_TcBeginIdp_DecodeEncode, codec::encode_tc_message_asn1c)
    ->Name("BM_TcBeginIdp_DecodeEncode/asn1c_encoder");

// The parts on their own, to see where the time goes.
void BM_Part_DecodeTcMessage(benchmark::State& state) {
  const codec::bytes wire = full_begin();
  for (auto _ : state) {
    auto m = codec::decode_tc_message(wire);
    benchmark::DoNotOptimize(m.has_value());
  }
}
BENCHMARK(BM_Part_DecodeTcMessage);

void BM_Part_DecodeIdp(benchmark::State& state) {
  const codec::bytes wire = full_begin();
  auto m = codec::decode_tc_message(wire);
  for (auto _ : state) {
    auto idp = codec::decode_initial_dp(v4, *m->components[0].parameter);
    benchmark::DoNotOptimize(idp.has_value());
  }
}
BENCHMARK(BM_Part_DecodeIdp);

void BM_Part_EncodeIdp(benchmark::State& state) {
  const codec::bytes wire = full_begin();
  auto m = codec::decode_tc_message(wire);
  auto idp = codec::decode_initial_dp(v4, *m->components[0].parameter);
  for (auto _ : state) {
    auto b = codec::encode_initial_dp(v4, *idp);
    benchmark::DoNotOptimize(b.data());
  }
}
BENCHMARK(BM_Part_EncodeIdp);

template <codec::bytes (*Encode)(const codec::tc_message&)>
void BM_Part_EncodeTcMessage(benchmark::State& state) {
  const codec::bytes wire = full_begin();
  auto m = codec::decode_tc_message(wire);
  for (auto _ : state) {
    auto b = Encode(*m);
    benchmark::DoNotOptimize(b.data());
  }
}
BENCHMARK_TEMPLATE(BM_Part_EncodeTcMessage, codec::encode_tc_message)
    ->Name("BM_Part_EncodeTcMessage/tcap_encoder");
BENCHMARK_TEMPLATE(BM_Part_EncodeTcMessage, codec::encode_tc_message_asn1c)
    ->Name("BM_Part_EncodeTcMessage/asn1c_encoder");

}  // namespace

BENCHMARK_MAIN();
