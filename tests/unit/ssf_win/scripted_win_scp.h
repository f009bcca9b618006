// A reference WIN SCP for the CDMA MSC tests (tools/cmr-ssf/win_engine.h):
// a TC-user of an ANSI TCAP layer following docs/cdma-delivery.md, with
// real parameters from in/ansi41's codec. It records every AnalyzedInformation
// and event trigger it decoded and answers as the profile says; tests may
// override the answer to the AnalyzedInformation (bad input, errors).
#pragma once

#include <gtest/gtest.h>

#include <functional>
#include <map>
#include <optional>
#include <vector>

#include "in/ansi41/win_operation_table.h"
#include "in/ansi41/win_operations.h"
#include "in/ansi_tcap/ansi_tcap_layer.h"
#include "in/tcap/operation_table.h"

namespace cmr::tools::ssf::win_test {

namespace tcap = in::tcap;
namespace win = in::ansi41;
using tcap::component_ind;
using tcap::dialogue_ind;
using tcap::dialogue_ind_kind;
using namespace std::chrono_literals;

enum class win_profile {
  resource,  // Conversation [ConnectResource]; end_resource(): Response [DisconnectResource +
             // result]
  platform,  // Response [result {RoutingDigits = platform prefix + dialed}]
  plain,     // Response [result {}]
};

inline const std::string k_tldn = "49608000123";
inline const std::string k_platform_prefix = "49609";

// The SCP's operation table: the codec's.
inline tcap::operation_table scp_operations() {
  return win::win_operation_table();
}

class scripted_win_scp final : public tcap::tc_user {
public:
  explicit scripted_win_scp(win_profile p) : p_(p) {}
  in::ansi_tcap::ansi_tcap_layer* layer = nullptr;

  // What it decoded, in order of arrival.
  std::vector<win::analyzed_information> triggers;
  std::vector<std::pair<std::int32_t, win::event_trigger>> events;  // opcode, parameters
  std::vector<dialogue_ind> received;
  std::vector<tcap::u_abort_ind> u_aborts;
  std::vector<tcap::p_abort_ind> p_aborts;
  // The open AnalyzedInformation transaction and its invoke ID.
  std::optional<tcap::dialogue_id> ai_tx;
  std::int8_t ai_invoke = 0;
  // Overrides the answer to AnalyzedInformation.
  std::function<void(tcap::dialogue_id, std::int8_t)> on_trigger;

  // win-resource: the IP's play ended; Response [DisconnectResource, anlyzd result {}].
  // (ConnectResource was invoke 1 of the transaction.)
  void end_resource() {
    ASSERT_TRUE(ai_tx.has_value());
    EXPECT_TRUE(layer->invoke(
        *ai_tx, {2, {}, win::opcode::disconnect_resource(), win::encode_empty(), {}, {}}));
    EXPECT_TRUE(layer->result_last(*ai_tx, ai_invoke, win::encode_empty()));
    EXPECT_TRUE(layer->end(*ai_tx));
    ai_tx.reset();
  }

  void on_dialogue(const dialogue_ind& ind) override {
    received.push_back(ind);
    if (ind.type != dialogue_ind_kind::begin) return;
    for (const auto& c : ind.components) {
      if (c.type != component_ind::kind::invoke || !c.parameter) continue;
      if (c.code == win::opcode::analyzed_information()) {
        auto ai = win::decode_analyzed_information(*c.parameter);
        ASSERT_TRUE(ai.has_value()) << ai.error().parameter << " " << ai.error().detail;
        triggers.push_back(*ai);
        ai_tx = ind.id;
        ai_invoke = c.invoke_id.value_or(0);
        if (on_trigger) return on_trigger(ind.id, ai_invoke);
        return answer_trigger(ind.id, *ai);
      }
      // Strict per operation: what X.S0004-540 makes mandatory for it.
      auto ev = win::decode_event_trigger(c.code, *c.parameter);
      ASSERT_TRUE(ev.has_value()) << ev.error().parameter << " " << ev.error().detail;
      events.emplace_back(c.code, *ev);
      (void)layer->result_last(ind.id, c.invoke_id.value_or(0), win::encode_empty());
      (void)layer->end(ind.id);
      // The caller abandoned during the resource: the AnalyzedInformation
      // transaction ends without components (docs/cdma-delivery.md).
      if (c.code == win::opcode::o_disconnect() && ai_tx) {
        (void)layer->end(*ai_tx);
        ai_tx.reset();
      }
      return;
    }
  }
  void on_u_abort(const tcap::u_abort_ind& ind) override {
    u_aborts.push_back(ind);
    if (ai_tx == ind.id) ai_tx.reset();
  }
  void on_p_abort(const tcap::p_abort_ind& ind) override {
    p_aborts.push_back(ind);
    if (ai_tx == ind.id) ai_tx.reset();
  }
  void on_l_cancel(const tcap::l_cancel_ind&) override {}
  void on_notice(const tcap::notice_ind&) override {}

  // The opcodes of the event triggers received, by name.
  [[nodiscard]] std::string event_names() const {
    std::string s;
    for (const auto& [op, e] : events) {
      if (!s.empty()) s += " ";
      const char* n = win::operation_name(op);
      s += n != nullptr ? n : "?";
    }
    return s;
  }

private:
  void answer_trigger(tcap::dialogue_id d, const win::analyzed_information& ai) {
    switch (p_) {
      case win_profile::resource: {
        win::connect_resource cr;
        cr.destination.type = win::digits::kind::destination;
        cr.destination.value = k_tldn;
        (void)layer->invoke(d, {1, {}, win::opcode::connect_resource(), win::encode(cr), {}, {}});
        (void)layer->continue_(d, true);
        return;
      }
      case win_profile::platform: {
        win::analyzed_information_result r;
        win::digits rd;
        rd.type = win::digits::kind::routing;
        rd.international = true;
        rd.value = k_platform_prefix + ai.dialed.value;
        r.routing_digits = rd;
        (void)layer->result_last(d, ai_invoke, win::encode(r));
        (void)layer->end(d);
        ai_tx.reset();
        return;
      }
      case win_profile::plain:
        (void)layer->result_last(d, ai_invoke, win::encode_empty());
        (void)layer->end(d);
        ai_tx.reset();
        return;
    }
  }

  win_profile p_;
};

}  // namespace cmr::tools::ssf::win_test
