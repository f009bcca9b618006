// The SSF call model's error paths (tools/cmr-ssf/ssf_engine.h): ReturnError,
// unknown operation, undecodable argument, out-of-sequence operation, abort,
// timeout, RTP mismatch, a refused context, and many calls leaving nothing
// behind (fixture: ssf_model_fixture.h).
#include "tests/unit/ssf/ssf_model_fixture.h"

namespace cmr::tools::ssf::ssf_test {
namespace {

// --- errors ------------------------------------------------------------------------------

TEST_F(ssf_model, ReturnErrorFromTheScpFailsTheCall) {
  make(pv::cap_v2, profile::ctr, sc(scenario::kind::answer));
  scp->on_idp = [this](tcap::dialogue_id d) {
    (void)scp_layer->u_error(d, 1, codec::error_code::missing_parameter);
    (void)scp_layer->end(d);
  };
  call();
  EXPECT_EQ(only_record().failure, failure_kind::scp_error);
  EXPECT_EQ(only_record().detail, "ReturnError 7");
}

TEST_F(ssf_model, UnknownOperationIsRejected) {
  make(pv::cap_v2, profile::ctr, sc(scenario::kind::answer));
  scp->on_idp = [this](tcap::dialogue_id d) {
    scp->invoke(d, 77, bytes{0x30, 0x00});
    (void)scp_layer->continue_(d);
  };
  call();
  EXPECT_EQ(only_record().failure, failure_kind::unexpected);
  ASSERT_EQ(scp->received.size(), 2U);
  EXPECT_EQ(scp->received[1].kind, dialogue_ind_kind::end);
  EXPECT_EQ(scp->received[1].comps.at(0).first, component_ind::kind::u_reject);
}

TEST_F(ssf_model, UndecodableArgumentGetsMistypedParameter) {
  make(pv::cap_v3, profile::ctr, sc(scenario::kind::answer));
  scp->on_idp = [this](tcap::dialogue_id d) {
    scp->invoke(d, op::request_report_bcsm_event, bytes{0x30, 0x03, 0x02, 0x01, 0x05});
    (void)scp_layer->continue_(d);
  };
  call();
  EXPECT_EQ(only_record().failure, failure_kind::bad_component);
  ASSERT_EQ(scp->received.size(), 2U);
  EXPECT_EQ(scp->received[1].raw.at(0).problem,
            tcap::reject_problem::of(tcap::invoke_problem::mistyped_parameter));
}

TEST_F(ssf_model, PlayAnnouncementWithoutConnectionIsOutOfSequence) {
  make(pv::cap_v2, profile::ctr, sc(scenario::kind::answer));
  scp->on_idp = [this](tcap::dialogue_id d) {
    codec::play_announcement pa;
    pa.message_id = 5;
    scp->invoke(d, op::play_announcement, codec::encode_play_announcement(pv::cap_v2, pa));
    (void)scp_layer->continue_(d);
  };
  call();
  EXPECT_EQ(only_record().failure, failure_kind::unexpected);
  EXPECT_EQ(scp->received.at(1).comps.at(0),
            std::make_pair(component_ind::kind::u_error,
                           codec::error_code::unexpected_component_sequence));
}

TEST_F(ssf_model, UAbortFromTheScp) {
  make(pv::cap_v2, profile::ctr, sc(scenario::kind::answer));
  scp->on_idp = [this](tcap::dialogue_id d) { (void)scp_layer->u_abort(d); };
  call();
  EXPECT_EQ(only_record().failure, failure_kind::u_abort);
}

TEST_F(ssf_model, SilentScpTimesOutAndAborts) {
  make(pv::cap_v2, profile::ctr, sc(scenario::kind::answer));
  s.call_timeout = 3s;
  engine = std::make_unique<ssf_engine>(timers, s, &bearers, rec);
  bearers.events = engine.get();
  engine->set_layer(ssf_layer.get());
  ssf_layer =
      std::make_unique<tcap::tcap_layer>(net->a(), timers, *engine, tcap::ac_table::all_known(),
                                         tcap::operation_table::cap_inap_defaults());
  engine->set_layer(ssf_layer.get());
  scp->on_idp = [](tcap::dialogue_id) {};  // never answers
  engine->start_call(encode_idp(s, "491700000001", "491700000002"));
  run_for(6s);
  EXPECT_EQ(only_record().failure, failure_kind::timeout);
  EXPECT_FALSE(only_record().has_setup);
  // The SCP's dialogue was never told (the SSF knew no peer TID): its own
  // inactivity timer (90 s) closes it.
  run_for(95s);
  EXPECT_EQ(scp->p_aborts.size(), 1U);
}

TEST_F(ssf_model, RtpMismatchFailsTheCallButTheCallModelCompletes) {
  make(pv::cap_v2, profile::ctr, sc(scenario::kind::answer));
  bearers.play_report.packets = 50;
  bearers.play_report.ok = false;
  bearers.play_report.problem = "packet 7: payload byte 1200 differs from the expected resource";
  call();
  const auto& r = only_record();
  EXPECT_EQ(r.failure, failure_kind::rtp_mismatch);
  EXPECT_EQ(ssf_messages(), "BEGIN 0 | CONTINUE 49 | CONTINUE 24 | END 24");
}

TEST_F(ssf_model, RefusedContextIsReported) {
  make(pv::cap_v4, profile::ctr, sc(scenario::kind::answer));
  scp_layer = std::make_unique<tcap::tcap_layer>(
      net->b(), timers, *scp, tcap::ac_table::only({codec::ac::cap_v2_gsmssf_to_gsmscf}),
      tcap::operation_table::cap_inap_defaults());
  scp->layer = scp_layer.get();
  call();
  EXPECT_EQ(only_record().failure, failure_kind::refused);
}

TEST_F(ssf_model, ManyConcurrentCallsLeaveNothingBehind) {
  make(pv::cap_v2, profile::ctr, sc(scenario::kind::answer), true);
  s.trace = false;
  for (int i = 0; i < 200; ++i) engine->start_call(encode_idp(s, "491700000001", "491700000002"));
  run_for(1s);
  ASSERT_EQ(rec.records.size(), 200U);
  for (const auto& r : rec.records) EXPECT_EQ(r.outcome, call_outcome::answered) << r.detail;
}

}  // namespace
}  // namespace cmr::tools::ssf::ssf_test
