// Two ANSI TCAP layers back to back through the in-memory SCCP pair, one
// manual clock, no sleeps. "msc" is side A (PC 1), "scp" side B (PC 2).
// Every test ends with the leak check: no transaction and no timer left.
#pragma once

#include <gtest/gtest.h>

#include <functional>

#include "common/manual_timer_service.h"
#include "golden.h"
#include "in/ansi_tcap/ansi_tcap_layer.h"
#include "in/tcap/local_sccp_pair.h"

namespace cmr::in::ansi_tcap::test {

using namespace std::chrono_literals;
using tcap::component_ind;
using tcap::dialogue_ind;
using tcap::dialogue_ind_kind;

inline const std::int32_t k_seize = private_op(9, 0x49);
inline const std::int32_t k_srf_directive = private_op(9, 0x4a);
inline const std::int32_t k_disconnect_resource = private_op(9, 0x43);

inline sigtran::sccp_address addr(std::uint32_t pc) {
  sigtran::sccp_address a;
  a.point_code = pc;
  a.ssn = 5;
  return a;
}

inline tcap::operation_table ansi41_ops() {
  tcap::operation_table t;
  t.set({k_seize, tcap::op_class::c1, 10s, "SeizeResource"});
  t.set({k_srf_directive, tcap::op_class::c1, 60s, "SRFDirective"});
  t.set({k_disconnect_resource, tcap::op_class::c4, 10s, "DisconnectResource"});
  return t;
}

struct recording_user final : tcap::tc_user {
  std::vector<dialogue_ind> dialogues;
  std::vector<tcap::u_abort_ind> u_aborts;
  std::vector<tcap::p_abort_ind> p_aborts;
  std::vector<tcap::l_cancel_ind> cancels;
  std::vector<tcap::notice_ind> notices;
  std::vector<tcap::uni_ind> unis;
  std::function<void(const dialogue_ind&)> react;
  void on_dialogue(const dialogue_ind& ind) override {
    dialogues.push_back(ind);
    if (react) react(ind);
  }
  void on_u_abort(const tcap::u_abort_ind& ind) override { u_aborts.push_back(ind); }
  void on_p_abort(const tcap::p_abort_ind& ind) override { p_aborts.push_back(ind); }
  void on_l_cancel(const tcap::l_cancel_ind& ind) override { cancels.push_back(ind); }
  void on_notice(const tcap::notice_ind& ind) override { notices.push_back(ind); }
  void on_uni(const tcap::uni_ind& ind) override { unis.push_back(ind); }
};

inline ansi_tcap_config config(std::uint64_t seed) {
  ansi_tcap_config c;
  c.tid_seed = seed;
  return c;
}

inline const bytes k_digits{0xf2, 0x0a, 0x9f, 0x57, 0x07, 0x00, 0x00, 0x21, 0x06, 0x21, 0x43, 0x65};

class AnsiLayer : public ::testing::Test {
protected:
  AnsiLayer()
      : net(addr(1), addr(2)),
        msc(net.a(), timers, msc_user, ansi41_ops(), config(1)),
        scp(net.b(), timers, scp_user, ansi41_ops(), config(2)) {
    net.a().on_receive = [this](sigtran::n_unitdata m) { msc.receive(m); };
    net.b().on_receive = [this](sigtran::n_unitdata m) { scp.receive(m); };
    net.a().on_notice = [this](sigtran::n_notice n) { msc.notice(n); };
    net.b().on_notice = [this](sigtran::n_notice n) { scp.notice(n); };
  }

  void TearDown() override {
    net.pump();
    EXPECT_EQ(msc.transaction_count(), 0U) << "MSC transactions leaked";
    EXPECT_EQ(scp.transaction_count(), 0U) << "SCP transactions leaked";
    EXPECT_EQ(timers.pending(), 0U) << "timers leaked";
  }

  dialogue_id msc_query(std::int32_t op = k_seize, bool permission = true) {
    const dialogue_id d = msc.open(addr(2));
    EXPECT_TRUE(msc.invoke(d, {1, std::nullopt, op, std::nullopt, {}, {}}));
    EXPECT_TRUE(msc.begin(d, permission));
    net.pump();
    return d;
  }

  static message last_sent(tcap::local_sccp_pair::end& e) {
    EXPECT_FALSE(e.sent.empty());
    auto m = decode_message(e.sent.back().data);
    EXPECT_TRUE(m.has_value());
    return m ? *m : message{};
  }

  void inject(ansi_tcap_layer& to, const bytes& data) {
    sigtran::n_unitdata u;
    u.called = addr(2);
    u.calling = addr(1);
    u.data = data;
    to.receive(u);
  }

  tcap::local_sccp_pair net;
  manual_timer_service timers;
  recording_user msc_user;
  recording_user scp_user;
  ansi_tcap_layer msc;
  ansi_tcap_layer scp;
};

}  // namespace cmr::in::ansi_tcap::test
