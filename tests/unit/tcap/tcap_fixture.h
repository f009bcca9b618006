// Two TCAP layers back to back through an in-memory SCCP pair, one manual
// clock, no sleeps. "ssf" is side A (PC 1, SSN 146), "scf" side B (PC 2).
// Every test ends with the leak check: no dialogue and no timer left.
#pragma once

#include <gtest/gtest.h>

#include <functional>

#include "in/codec/protocol_constants.h"
#include "in/codec/tcap_message.h"
#include "in/tcap/local_sccp_pair.h"
#include "common/manual_timer_service.h"
#include "in/tcap/tcap_layer.h"

namespace cmr::in::tcap::test {

using namespace std::chrono_literals;
using codec::bytes;
using codec::tc_message;
using codec::tc_type;

inline sigtran::sccp_address addr(std::uint32_t pc) {
  sigtran::sccp_address a;
  a.point_code = pc;
  a.ssn = 146;
  return a;
}

struct recording_user final : tc_user {
  std::vector<dialogue_ind> dialogues;
  std::vector<u_abort_ind> u_aborts;
  std::vector<p_abort_ind> p_aborts;
  std::vector<l_cancel_ind> cancels;
  std::vector<notice_ind> notices;
  std::vector<uni_ind> unis;
  std::function<void(const dialogue_ind&)> react;  // the user's answer, if any

  void on_dialogue(const dialogue_ind& ind) override {
    dialogues.push_back(ind);
    if (react) react(ind);
  }
  void on_u_abort(const u_abort_ind& ind) override { u_aborts.push_back(ind); }
  void on_p_abort(const p_abort_ind& ind) override { p_aborts.push_back(ind); }
  void on_l_cancel(const l_cancel_ind& ind) override { cancels.push_back(ind); }
  void on_notice(const notice_ind& ind) override { notices.push_back(ind); }
  void on_uni(const uni_ind& ind) override { unis.push_back(ind); }
  const dialogue_ind& last() const { return dialogues.back(); }
};

inline tcap_config config(std::uint64_t seed, std::chrono::milliseconds inactivity = 90s) {
  tcap_config c;
  c.tid_seed = seed;
  c.inactivity_timeout = inactivity;
  return c;
}

// A parameter TLV standing in for an operation argument (the layer does not
// look inside).
inline bytes arg(std::uint8_t v) {
  return bytes{0x30, 0x03, 0x80, 0x01, v};
}

class tcap_pair : public ::testing::Test {
protected:
  tcap_pair() : tcap_pair(ac_table::all_known()) {}
  explicit tcap_pair(ac_table scf_contexts, std::chrono::milliseconds scf_inactivity = 90s)
      : net(addr(1), addr(2)),
        ssf(net.a(), timers, ssf_user, ac_table::all_known(), operation_table::cap_inap_defaults(),
            config(1)),
        scf(net.b(), timers, scf_user, std::move(scf_contexts),
            operation_table::cap_inap_defaults(), config(2, scf_inactivity)) {
    net.a().on_receive = [this](sigtran::n_unitdata m) { ssf.receive(m); };
    net.b().on_receive = [this](sigtran::n_unitdata m) { scf.receive(m); };
    net.a().on_notice = [this](sigtran::n_notice n) { ssf.notice(n); };
    net.b().on_notice = [this](sigtran::n_notice n) { scf.notice(n); };
  }

  void TearDown() override {
    net.pump();
    EXPECT_EQ(ssf.dialogue_count(), 0U) << "SSF dialogues leaked";
    EXPECT_EQ(scf.dialogue_count(), 0U) << "SCF dialogues leaked";
    EXPECT_EQ(timers.pending(), 0U) << "timers leaked";
  }

  // The SSF opens a CAP v4 dialogue with an InitialDP and the SCF gets it.
  dialogue_id ssf_begin_idp(const codec::oid& ac = codec::ac::cap_v4_gsmssf_scf_generic) {
    const dialogue_id d = ssf.open(addr(2), ac);
    EXPECT_TRUE(ssf.invoke(d, {1, std::nullopt, codec::opcode::initial_dp, arg(100), {}, {}}));
    EXPECT_TRUE(ssf.begin(d));
    net.pump();
    return d;
  }

  // What a side sent last, decoded.
  static tc_message last_sent(local_sccp_pair::end& e) {
    EXPECT_FALSE(e.sent.empty());
    auto m = codec::decode_tc_message(e.sent.back().data);
    EXPECT_TRUE(m.has_value());
    return m ? *m : tc_message{};
  }

  // Raw bytes as if the SSF side had sent them to the SCF.
  void inject_to_scf(const bytes& data) {
    sigtran::n_unitdata u;
    u.called = addr(2);
    u.calling = addr(1);
    u.data = data;
    scf.receive(u);
  }
  void inject_to_ssf(const bytes& data) {
    sigtran::n_unitdata u;
    u.called = addr(1);
    u.calling = addr(2);
    u.data = data;
    ssf.receive(u);
  }

  local_sccp_pair net;
  manual_timer_service timers;
  recording_user ssf_user;
  recording_user scf_user;
  tcap_layer ssf;
  tcap_layer scf;
};

}  // namespace cmr::in::tcap::test
