// Codec throughput: decode + re-encode of a full TC-BEGIN (AARQ dialogue
// portion + one Invoke carrying a CAP v4 InitialDP), the first message of
// every call. Target: >= 100,000 per second per core.
#include <benchmark/benchmark.h>

#include "in/codec/operations_codec.h"
#include "in/codec/protocol_constants.h"
#include "in/codec/tcap_message.h"

namespace {

using namespace cmr::in::codec;

bytes make_begin() {
  initial_dp idp;
  idp.service_key = 100;
  idp.called_party_number = encode_q763_number(q763_kind::called, {4, 1, false, 0, 0, 0, "4930123456"});
  idp.calling_party_number = encode_q763_number(q763_kind::calling, {4, 1, false, 0, 3, 0, "4917612345678"});
  idp.calling_partys_category = 10;
  idp.bearer_capability = bytes{0x80, 0x90, 0xa3};
  idp.event_type = event_type_bcsm::term_attempt_authorized;
  idp.imsi = bytes{0x62, 0x02, 0x10, 0x32, 0x54, 0x76, 0x98, 0xf0};
  idp.call_reference_number = bytes{1, 2, 3, 4};
  idp.msc_address = isdn_address{1, 1, "491720000001"};
  idp.called_party_bcd_number = bytes{0x91, 0x94, 0x03, 0x21, 0x43, 0x65};
  idp.time_and_timezone = bytes{0x02, 0x42, 0x30, 0x51, 0x21, 0x43, 0x50, 0x40};
  tc_message m;
  m.type = tc_type::begin;
  m.otid = tid_from_u32(0x01020304);
  m.dialogue = dialogue_portion{};
  m.dialogue->ac_name = ac::cap_v4_gsmssf_scf_generic;
  tc_component c;
  c.invoke_id = 1;
  c.code.local = opcode::initial_dp;
  c.parameter = encode_initial_dp(protocol_variant::cap_v4, idp);
  m.components.push_back(c);
  return encode_tc_message(m);
}

void BM_TcBeginInitialDp_DecodeEncode(benchmark::State& state) {
  const bytes wire = make_begin();
  for (auto _ : state) {
    auto m = decode_tc_message(wire);
    auto idp = decode_initial_dp(protocol_variant::cap_v4, *m->components[0].parameter);
    m->components[0].parameter = encode_initial_dp(protocol_variant::cap_v4, *idp);
    bytes out = encode_tc_message(*m);
    benchmark::DoNotOptimize(out.data());
  }
  state.SetItemsProcessed(state.iterations());
  state.SetBytesProcessed(state.iterations() * static_cast<std::int64_t>(wire.size()));
}
BENCHMARK(BM_TcBeginInitialDp_DecodeEncode);

void BM_TcBeginInitialDp_DecodeOnly(benchmark::State& state) {
  const bytes wire = make_begin();
  for (auto _ : state) {
    auto m = decode_tc_message(wire);
    auto idp = decode_initial_dp(protocol_variant::cap_v4, *m->components[0].parameter);
    benchmark::DoNotOptimize(idp->service_key);
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_TcBeginInitialDp_DecodeOnly);

}  // namespace

BENCHMARK_MAIN();
