// A reference SCP for the call-model tests: a TC-user following the contract
// of docs/cs-delivery.md for each delivery profile, encoding real arguments
// and answering by what it receives (ssf_model_fixture.h drives it).
#pragma once

#include <functional>
#include <map>
#include <optional>
#include <tuple>
#include <vector>

#include "in/codec/address.h"
#include "in/codec/operations_codec.h"
#include "in/codec/protocol_constants.h"
#include "in/tcap/tcap_layer.h"
#include "tools/cmr-ssf/ssf_types.h"

namespace cmr::tools::ssf::ssf_test {

using namespace std::chrono_literals;
using codec::bytes;
using codec::event_type_bcsm;
using codec::monitor_mode;
using tcap::component_ind;
using tcap::dialogue_ind;
using tcap::dialogue_ind_kind;
namespace op = codec::opcode;
using pv = codec::protocol_variant;

enum class profile { ctr, etc, cph, alerting, plain_continue };
enum class cph_mode { release, continue_ };

// What the SCP received in one message.
struct rx_msg {
  dialogue_ind_kind kind;
  std::vector<std::pair<component_ind::kind, std::int32_t>> comps;
  std::vector<component_ind> raw;
};

// A reference SCP following the contract: encodes real arguments and answers
// by what it receives.
class scripted_scp final : public tcap::tc_user {
public:
  scripted_scp(pv v, profile p) : v_(v), p_(p) {}
  tcap::tcap_layer* layer = nullptr;
  cph_mode busy_mode = cph_mode::release;
  std::optional<std::uint16_t> no_answer_timer;  // applicationTimer (CPH leg 3)
  std::vector<rx_msg> received;
  std::vector<tcap::p_abort_ind> p_aborts;
  std::vector<tcap::u_abort_ind> u_aborts;
  // Overrides the answer to the InitialDP (error paths).
  std::function<void(tcap::dialogue_id)> on_idp;
  tcap::dialogue_id last_dialogue = 0;

  // ETC: the IP's ARI + PA + SRR happened: DFC + Continue to the SSF.
  void assist_done(tcap::dialogue_id d) {
    invoke(d, op::disconnect_forward_connection, std::nullopt);
    invoke(d, op::continue_, std::nullopt);
    (void)layer->continue_(d);
  }

  void on_dialogue(const dialogue_ind& ind) override {
    rx_msg m{ind.type, {}, ind.components};
    for (const auto& c : ind.components) m.comps.emplace_back(c.type, c.code);
    received.push_back(m);
    last_dialogue = ind.id;
    if (ind.type == dialogue_ind_kind::end) return;
    for (const auto& c : ind.components) {
      if (c.type != component_ind::kind::invoke) continue;
      if (c.code == op::initial_dp) return answer_idp(ind.id);
      if (c.code == op::specialized_resource_report) {
        invoke(ind.id, op::disconnect_forward_connection, std::nullopt);
        invoke(ind.id, op::continue_, std::nullopt);
        (void)layer->continue_(ind.id);
        return;
      }
      if (c.code == op::event_report_bcsm) return answer_erb(ind.id, c);
    }
  }
  void on_u_abort(const tcap::u_abort_ind& ind) override { u_aborts.push_back(ind); }
  void on_p_abort(const tcap::p_abort_ind& ind) override { p_aborts.push_back(ind); }
  void on_l_cancel(const tcap::l_cancel_ind&) override {}
  void on_notice(const tcap::notice_ind&) override {}

  void invoke(tcap::dialogue_id d, std::int32_t code, std::optional<bytes> arg) {
    auto [it, fresh] = next_.try_emplace(d, std::int8_t{1});
    (void)fresh;
    (void)layer->invoke(d, {it->second++, {}, code, std::move(arg), {}, {}});
  }

  bytes rrbe(std::vector<std::tuple<event_type_bcsm, monitor_mode, std::uint8_t>> evs,
             std::optional<std::uint16_t> timer = std::nullopt) {
    codec::request_report_bcsm_event r;
    for (auto [e, m, leg] : evs) {
      codec::bcsm_event be;
      be.event = e;
      be.mode = m;
      if (leg != 0) be.leg = codec::leg_id{true, leg};
      if (timer && (e == event_type_bcsm::o_no_answer || e == event_type_bcsm::t_no_answer))
        be.application_timer = timer;
      r.events.push_back(be);
    }
    return codec::encode_request_report_bcsm_event(v_, r);
  }

private:
  void answer_idp(tcap::dialogue_id d) {
    if (on_idp) return on_idp(d);
    using E = event_type_bcsm;
    const auto R = monitor_mode::interrupted;
    const auto N = monitor_mode::notify_and_continue;
    switch (p_) {
      case profile::ctr:
      case profile::etc: {
        invoke(d, op::request_report_bcsm_event,
               rrbe({{E::t_busy, N, 2},
                     {E::t_no_answer, N, 2},
                     {E::t_answer, R, 2},
                     {E::t_abandon, N, 1},
                     {E::t_disconnect, N, 2}}));
        if (p_ == profile::ctr) {
          invoke(d, op::connect_to_resource, codec::encode_connect_to_resource(v_, {}));
          codec::play_announcement pa;
          pa.message_id = 1001;
          pa.number_of_repetitions = 1;
          pa.disconnect_from_ip_forbidden = true;
          pa.request_announcement_complete = true;
          invoke(d, op::play_announcement, codec::encode_play_announcement(v_, pa));
        } else {
          codec::establish_temporary_connection etc;
          codec::q763_number n;
          n.digits = "4960212345678";
          etc.assisting_ssp_ip_routing_address =
              codec::encode_q763_number(codec::q763_kind::generic, n);
          etc.correlation_id = bytes{0x00, 0x21, 0x43, 0x65, 0x87};
          etc.scf_id = bytes{0x94, 0x71};
          invoke(d, op::establish_temporary_connection,
                 codec::encode_establish_temporary_connection(v_, etc));
        }
        (void)layer->continue_(d);
        return;
      }
      case profile::cph: {
        invoke(d, op::request_report_bcsm_event,
               rrbe({{E::t_abandon, N, 1}, {E::t_disconnect, N, 1}}));
        codec::connect_to_resource ctr;
        ctr.call_segment = 1;
        invoke(d, op::connect_to_resource, codec::encode_connect_to_resource(v_, ctr));
        codec::play_announcement pa;
        pa.message_id = 1002;
        pa.number_of_repetitions = 3;
        pa.disconnect_from_ip_forbidden = false;
        pa.request_announcement_complete = false;
        pa.call_segment = 1;
        invoke(d, op::play_announcement, codec::encode_play_announcement(v_, pa));
        codec::initiate_call_attempt ica;
        ica.destination_routing_address = codec::encode_q763_number(
            codec::q763_kind::called, {4, 1, false, 0, 0, 0, "491700000001"});
        ica.leg_to_be_created = codec::leg_id{true, 3};
        ica.new_call_segment = 2;
        ica.suppress_t_csi = true;
        invoke(d, op::initiate_call_attempt, codec::encode_initiate_call_attempt(v_, ica));
        invoke(d, op::request_report_bcsm_event,
               rrbe({{E::o_answer, R, 3}, {E::o_called_party_busy, R, 3}, {E::o_no_answer, R, 3}},
                    no_answer_timer));
        (void)layer->continue_(d);
        return;
      }
      case profile::alerting: {
        if (v_ == pv::cap_v3 || v_ == pv::cap_v4) {
          codec::continue_with_argument cwa;
          cwa.alerting_pattern = bytes{0x00, 0x00, 0x05};
          invoke(d, op::continue_with_argument, codec::encode_continue_with_argument(v_, cwa));
        } else {
          codec::connect_arg c;
          c.destination_routing_address.push_back(codec::encode_q763_number(
              codec::q763_kind::called, {4, 1, false, 0, 0, 0, "491700000001"}));
          c.alerting_pattern = bytes{0x00, 0x00, 0x05};
          invoke(d, op::connect, codec::encode_connect(v_, c));
        }
        (void)layer->end(d);
        return;
      }
      case profile::plain_continue:
        invoke(d, op::continue_, std::nullopt);
        (void)layer->end(d);
        return;
    }
  }

  void answer_erb(tcap::dialogue_id d, const component_ind& c) {
    auto erb = codec::decode_event_report_bcsm(v_, *c.parameter);
    ASSERT_TRUE(erb.has_value());
    const bool request = erb->misc && !erb->misc->notification;
    if (!request) return;  // EDP-N in a TC-CONTINUE: nothing to say
    if (p_ == profile::cph) {
      codec::dfc_with_argument dfc;
      dfc.call_segment = 1;
      invoke(d, op::dfc_with_argument, codec::encode_dfc_with_argument(v_, dfc));
      if (erb->event == event_type_bcsm::o_answer) {
        codec::move_leg ml;
        ml.leg = codec::leg_id{true, 3};
        invoke(d, op::move_leg, codec::encode_move_leg(v_, ml));
        invoke(d, op::continue_, std::nullopt);
        (void)layer->continue_(d);
      } else if (busy_mode == cph_mode::release) {
        codec::release_call rc;
        rc.cause = erb->event == event_type_bcsm::o_called_party_busy ? bytes{0x80, 0x91}
                                                                      : bytes{0x80, 0x93};
        invoke(d, op::release_call, codec::encode_release_call(v_, rc));
        (void)layer->end(d);
      } else {
        codec::disconnect_leg dl;
        dl.leg = codec::leg_id{true, 3};
        invoke(d, op::disconnect_leg, codec::encode_disconnect_leg(v_, dl));
        codec::continue_with_argument cwa;
        cwa.call_segment = 1;
        invoke(d, op::continue_with_argument, codec::encode_continue_with_argument(v_, cwa));
        (void)layer->continue_(d);
      }
      return;
    }
    invoke(d, op::continue_, std::nullopt);
    (void)layer->continue_(d);
  }

  pv v_;
  profile p_;
  std::map<tcap::dialogue_id, std::int8_t> next_;  // invoke ids per dialogue
};

}  // namespace cmr::tools::ssf::ssf_test
