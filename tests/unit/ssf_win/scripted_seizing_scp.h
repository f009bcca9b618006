// A reference WIN SCP that seizes an IP, for the tests of cmr-ssf's
// emulated IP (tools/cmr-ssf/win_ip.h, --emulate-ip): two ANSI TCAP
// layers, one toward the MSC and one toward the IP, running the
// win-resource ladder of docs/cdma-delivery.md with in/ansi41's codec:
//
//   MSC Query [AnalyzedInformation]  -> IP Query [SeizeResource (PSR = id)]
//   IP seizeres result (TLDN)        -> MSC Conversation [ConnectResource (TLDN)]
//   IP InstructionRequest            -> IP Conversation [SRFDirective (custom = id)]
//   IP srfdir result                 -> IP Response [instreq result],
//                                       MSC Response [DisconnectResource, anlyzd result]
//   IP refuses, aborts (no TLDN)     -> MSC Response [anlyzd result]: the call proceeds
//   MSC event triggers               -> Response [result]; ODisconnect while
//                                       the AnalyzedInformation is open: its
//                                       empty Response
//
// Knobs hold a step (tests drive it) or change what is sent.
#pragma once

#include <gtest/gtest.h>

#include <map>
#include <optional>
#include <vector>

#include "in/ansi41/win_operation_table.h"
#include "in/ansi41/win_operations.h"
#include "in/ansi_tcap/ansi_tcap_layer.h"

namespace cmr::tools::ssf::win_test {

namespace tcap = in::tcap;
namespace win = in::ansi41;
using tcap::component_ind;
using tcap::dialogue_ind;
using tcap::dialogue_ind_kind;

class scripted_seizing_scp {
public:
  in::ansi_tcap::ansi_tcap_layer* msc_layer = nullptr;
  in::ansi_tcap::ansi_tcap_layer* ip_layer = nullptr;
  sigtran::sccp_address ip_address;

  // The SeizeResource parameter sent (default: PSR = announcement 7).
  std::optional<win::bytes> seize_parameter;
  bool hold_connect = false;        // TLDN received: no ConnectResource (yet)
  bool hold_srf_directive = false;  // InstructionRequest received: no SRFDirective (yet)
  // The ConnectResource names this TLDN instead of the IP's.
  std::optional<std::string> connect_tldn;

  // What it saw.
  std::vector<std::string> tldns;
  std::vector<dialogue_ind> from_ip;
  std::vector<tcap::u_abort_ind> ip_aborts;
  std::vector<std::int32_t> events;  // event trigger opcodes
  int instruction_requests = 0;
  int srf_results = 0;

  struct call {
    tcap::dialogue_id ai = 0;
    std::int8_t ai_invoke = 0;
    tcap::dialogue_id ip = 0;
    std::int8_t instreq_invoke = 0;
    bool ai_open = true;
  };
  std::map<tcap::dialogue_id, call> by_ip;  // open IP transactions -> their call

  tcap::tc_user& msc_user() { return msc_; }
  tcap::tc_user& ip_user() { return ip_; }

  // Sends the held ConnectResource / SRFDirective of every call.
  void release_connect() {
    hold_connect = false;
    for (auto& [d, c] : by_ip) send_connect(c, tldns.back());
  }
  void release_srf_directive() {
    hold_srf_directive = false;
    for (auto& [d, c] : by_ip) send_srf_directive(c);
  }

  // The SCP gives up on the IP (U-ABORT); the call proceeds without it.
  void abort_ip(tcap::dialogue_id d) {
    auto it = by_ip.find(d);
    ASSERT_NE(it, by_ip.end());
    EXPECT_TRUE(ip_layer->u_abort(d));
    proceed(it->second, false);
    by_ip.erase(it);
  }

private:
  struct side final : tcap::tc_user {
    side(scripted_seizing_scp& o, bool msc) : owner(o), msc_side(msc) {}
    scripted_seizing_scp& owner;
    bool msc_side;
    void on_dialogue(const dialogue_ind& ind) override {
      if (msc_side)
        owner.msc_dialogue(ind);
      else
        owner.ip_dialogue(ind);
    }
    void on_u_abort(const tcap::u_abort_ind& ind) override {
      if (!msc_side) owner.ip_gone(ind.id, &ind);
    }
    void on_p_abort(const tcap::p_abort_ind& ind) override {
      if (!msc_side) owner.ip_gone(ind.id, nullptr);
    }
    void on_l_cancel(const tcap::l_cancel_ind&) override {}
    void on_notice(const tcap::notice_ind&) override {}
  };

  void msc_dialogue(const dialogue_ind& ind) {
    if (ind.type != dialogue_ind_kind::begin) return;
    for (const auto& c : ind.components) {
      if (c.type != component_ind::kind::invoke) continue;
      if (c.code == win::opcode::analyzed_information()) {
        call k;
        k.ai = ind.id;
        k.ai_invoke = c.invoke_id.value_or(0);
        k.ip = ip_layer->open(ip_address);
        win::seize_resource sr;
        sr.private_specialized_resource = win::bytes{0, 0, 0, 7};
        const auto param = seize_parameter.value_or(win::encode(sr));
        EXPECT_TRUE(ip_layer->invoke(k.ip, {1, {}, win::opcode::seize_resource(), param, {}, {}}));
        EXPECT_TRUE(ip_layer->begin(k.ip, true));
        by_ip[k.ip] = k;
        return;
      }
      events.push_back(c.code);
      (void)msc_layer->result_last(ind.id, c.invoke_id.value_or(0), win::encode_empty());
      (void)msc_layer->end(ind.id);
      if (c.code == win::opcode::o_disconnect()) {
        // The abandon: the AnalyzedInformation transaction ends without components.
        for (auto& [d, k] : by_ip)
          if (k.ai_open) {
            k.ai_open = false;
            (void)msc_layer->end(k.ai);
          }
      }
      return;
    }
  }

  void ip_dialogue(const dialogue_ind& ind) {
    from_ip.push_back(ind);
    auto it = by_ip.find(ind.id);
    if (it == by_ip.end()) return;
    call& k = it->second;
    bool refused = ind.type == dialogue_ind_kind::end;
    for (const auto& c : ind.components) {
      switch (c.type) {
        case component_ind::kind::result_last:
          if (c.invoke_id == 1) {  // seizeres: the TLDN
            auto r = win::decode_seize_resource_result(c.parameter.value_or(win::bytes{}));
            ASSERT_TRUE(r.has_value());
            tldns.push_back(r->destination.value);
            if (!hold_connect) send_connect(k, r->destination.value);
          } else {  // srfdir: the resource played
            ++srf_results;
            EXPECT_TRUE(ip_layer->result_last(k.ip, k.instreq_invoke, win::encode_empty()));
            EXPECT_TRUE(ip_layer->end(k.ip));
            proceed(k, true);
            by_ip.erase(it);
            return;
          }
          break;
        case component_ind::kind::invoke:
          if (c.code == win::opcode::instruction_request()) {
            ++instruction_requests;
            k.instreq_invoke = c.invoke_id.value_or(0);
            if (!hold_srf_directive) send_srf_directive(k);
          }
          break;
        default:
          refused = true;  // ReturnError or Reject
          break;
      }
    }
    if (refused) {
      if (ind.type != dialogue_ind_kind::end) (void)ip_layer->u_abort(k.ip);
      proceed(k, false);
      by_ip.erase(it);
    }
  }

  void ip_gone(tcap::dialogue_id d, const tcap::u_abort_ind* u) {
    if (u != nullptr) ip_aborts.push_back(*u);
    auto it = by_ip.find(d);
    if (it == by_ip.end()) return;
    proceed(it->second, false);
    by_ip.erase(it);
  }

  void send_connect(call& k, const std::string& tldn) {
    if (!k.ai_open) return;
    win::connect_resource cr;
    cr.destination.type = win::digits::kind::destination;
    cr.destination.value = connect_tldn.value_or(tldn);
    EXPECT_TRUE(
        msc_layer->invoke(k.ai, {1, {}, win::opcode::connect_resource(), win::encode(cr), {}, {}}));
    EXPECT_TRUE(msc_layer->continue_(k.ai, true));
  }

  void send_srf_directive(call& k) {
    win::srf_directive dir;
    win::announcement_code a;
    a.custom = 7;
    dir.announcements.push_back(a);
    EXPECT_TRUE(
        ip_layer->invoke(k.ip, {2, {}, win::opcode::srf_directive(), win::encode(dir), {}, {}}));
    EXPECT_TRUE(ip_layer->continue_(k.ip, true));
  }

  // The call proceeds: after the resource DisconnectResource + the result,
  // else the result alone; nothing once the caller abandoned.
  void proceed(call& k, bool after_resource) {
    if (!k.ai_open) return;
    k.ai_open = false;
    if (after_resource)
      (void)msc_layer->invoke(
          k.ai, {2, {}, win::opcode::disconnect_resource(), win::encode_empty(), {}, {}});
    (void)msc_layer->result_last(k.ai, k.ai_invoke, win::encode_empty());
    (void)msc_layer->end(k.ai);
  }

  side msc_{*this, true};
  side ip_{*this, false};
};

}  // namespace cmr::tools::ssf::win_test
