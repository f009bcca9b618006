// CAP v2/v3/v4 and ETSI INAP CS-1 over ITU TCAP: the protocol mapping of the
// SCP service logic (DESIGN.md section 7). One cap_endpoint is the TC-user of
// one TCAP layer (SSN 146 CAP, 241 INAP); it turns TCAP dialogues into the
// service's switch and resource dialogues:
//
//   TC-BEGIN [InitialDP]            -> a switch dialogue, switch_listener::triggered
//   TC-BEGIN [AssistRequestInstr.]  -> a resource dialogue, switch_listener::assist_requested
//   EventReportBCSM, SpecializedResourceReport, ReturnError/Reject of an
//   instruction, an unanswered PlayAnnouncement or ActivityTest
//                                   -> switch_listener::reported / resource_reported
//   TC-END, TC-U/P-ABORT, inactivity -> *_ended
//
// and the service's instructions into operations (instruction_codec). What
// the service never sees is answered here with the protocol's own error: an
// undecodable InitialDP or argument (TC-U-REJECT mistypedParameter), an
// operation the SCP does not serve (unrecognizedOperation), a malformed
// component (the layer's Reject), an unknown correlation id (ReturnError
// unexpectedDataValue). A Reject leaves at once, in its own TC-CONTINUE when
// nothing else carried it (Q.774 3.2.2.3).
//
// Threading: single-threaded, the service's strand (layers, timers, the
// service and the mapping share it).
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "in/cap/instruction_codec.h"
#include "in/scp/scp_counters.h"
#include "in/scp/scp_settings.h"
#include "in/scp/switch_dialogue.h"
#include "in/tcap/tcap_layer.h"

namespace cmr::in::cap {

class cap_mapping;

class cap_endpoint final : public tcap::tc_user {
public:
  cap_endpoint(cap_mapping& mapping, std::uint8_t ssn);
  ~cap_endpoint() override;
  cap_endpoint(const cap_endpoint&) = delete;
  cap_endpoint& operator=(const cap_endpoint&) = delete;

  void bind(tcap::tcap_layer& layer) { layer_ = &layer; }
  [[nodiscard]] tcap::tcap_layer& layer() const { return *layer_; }
  [[nodiscard]] bool bound() const { return layer_ != nullptr; }
  // The variant of a dialogue without dialogue portion (INAP CS-1 peers may
  // omit it): INAP on the INAP SSN.
  [[nodiscard]] codec::protocol_variant default_variant() const { return default_variant_; }
  [[nodiscard]] cap_mapping& mapping() { return mapping_; }

  // tc_user
  void on_dialogue(const tcap::dialogue_ind& ind) override;
  void on_u_abort(const tcap::u_abort_ind& ind) override;
  void on_p_abort(const tcap::p_abort_ind& ind) override;
  void on_l_cancel(const tcap::l_cancel_ind& ind) override;
  void on_notice(const tcap::notice_ind& ind) override;

  class dialogue;  // cap_dialogues.cpp

private:
  void begin(const tcap::dialogue_ind& ind);
  void initial_dp(const tcap::dialogue_ind& ind, codec::protocol_variant v,
                  const tcap::component_ind& comp);
  void assist_request(const tcap::dialogue_ind& ind, codec::protocol_variant v,
                      const tcap::component_ind& comp);
  dialogue* find(tcap::dialogue_id d);
  void lost(tcap::dialogue_id d, const std::string& why);
  // Frees the dialogues that are over, once no callback is on the stack.
  void sweep();

  cap_mapping& mapping_;
  codec::protocol_variant default_variant_;
  tcap::tcap_layer* layer_ = nullptr;
  // Live dialogues by TCAP id, and the ids of those that became over since
  // the last sweep (thousands may wait for decisions at once: no scans).
  std::unordered_map<tcap::dialogue_id, std::unique_ptr<dialogue>> dialogues_;
  std::vector<tcap::dialogue_id> dead_;
};

class cap_mapping {
public:
  // `counters`: the service's (one "show cmr scp" for the service and its
  // mappings). `cfg`: the numbering plan.
  cap_mapping(scp::switch_listener& listener, scp::scp_counters& counters,
              const scp::scp_settings& cfg);
  ~cap_mapping();
  cap_mapping(const cap_mapping&) = delete;
  cap_mapping& operator=(const cap_mapping&) = delete;

  // The TC-user for a layer on `ssn` (bind it before the layer receives).
  cap_endpoint& add_endpoint(std::uint8_t ssn);

  // The application contexts a layer on `ssn` accepts: the SSF-side contexts
  // of its family (146 CAP v2/v3/v4, 241 INAP CS-1) and every gsmSRF/IP
  // context (an assisting IP's ARI may come to either SSN).
  static tcap::ac_table contexts_for_ssn(std::uint8_t ssn);
  // The TCAP configuration for the layers (inactivity timer).
  [[nodiscard]] tcap::tcap_config tcap_settings() const;
  // "tcap-dialogues N" for "show cmr scp" (thread-safe).
  [[nodiscard]] std::string status_lines() const;

  // For the endpoints.
  scp::switch_listener& listener() { return listener_; }
  scp::scp_counters& counters() { return counters_; }
  const scp::scp_settings& settings() const { return cfg_; }
  instruction_codec& codec() { return codec_; }
  void recount();  // after every callback: the open TCAP dialogues of all layers

private:
  scp::switch_listener& listener_;
  scp::scp_counters& counters_;
  const scp::scp_settings& cfg_;
  instruction_codec codec_;
  std::vector<std::unique_ptr<cap_endpoint>> endpoints_;
  gauge_ref& dialogues_ = counters_.tcap_dialogues;
};

}  // namespace cmr::in::cap
