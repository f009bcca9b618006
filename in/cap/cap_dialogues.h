// Private to in/cap: one TCAP dialogue as the service sees it, a switch's
// (ssf_dialogue: InitialDP, instructions, event reports) or an assisting
// IP's (ip_dialogue: AssistRequestInstructions, PlayAnnouncement, its
// report). Owned by their cap_endpoint, freed once both sides are done.
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "in/cap/cap_mapping.h"

namespace cmr::in::cap {

class cap_endpoint::dialogue {
public:
  dialogue(cap_endpoint& ep, tcap::dialogue_id id, codec::protocol_variant v)
      : ep_(ep), id_(id), variant_(v) {}
  virtual ~dialogue() = default;
  dialogue(const dialogue&) = delete;
  dialogue& operator=(const dialogue&) = delete;

  [[nodiscard]] tcap::dialogue_id id() const { return id_; }
  // Both sides are done with it: the peer ended or aborted it (and the
  // service was told), or the service gave its last word.
  [[nodiscard]] bool over() const { return service_done_; }

  // A TC-CONTINUE or TC-END of the dialogue.
  virtual void components(const tcap::dialogue_ind& ind) = 0;
  // TC-U-ABORT / TC-P-ABORT (or the layer's inactivity timer): the service
  // is told, unless it was done with the dialogue.
  void aborted(const std::string& why);
  virtual void l_cancel(const tcap::l_cancel_ind& /*ind*/) {}

protected:
  tcap::tcap_layer& layer() { return ep_.layer(); }
  // Invokes of ours still waiting for an answer, for naming a refusal.
  void remember(std::int8_t invoke_id, const char* name) {
    outstanding_.emplace_back(invoke_id, name);
  }
  const char* forget(std::optional<std::int8_t> invoke_id);
  // The service is done with it: freed by the endpoint's next sweep.
  void mark_over() {
    if (service_done_) return;
    service_done_ = true;
    ep_.dead_.push_back(id_);
  }
  std::int8_t take_invoke_id();
  // Rejects for invokes the service never saw leave at once (Q.774 3.2.2.3).
  void flush_rejects();
  // The protocol's answer to an invoke the service cannot take.
  void reject_invoke(const tcap::component_ind& comp, tcap::invoke_problem p, bool can_reply);
  void end_or_abort();
  // After a package's components: its TC-END ends the dialogue (the service
  // is told, unless it was done with it); otherwise pending Rejects leave.
  void package_done(bool ending);
  // The service's *_ended for this kind of dialogue.
  virtual void notify_end(bool aborted, const std::string& why) = 0;

  cap_endpoint& ep_;
  tcap::dialogue_id id_;
  codec::protocol_variant variant_;
  bool peer_open_ = true;      // the peer has not ended or aborted it
  bool service_done_ = false;  // the service gave its last word, or was told of the end
  std::int8_t next_invoke_ = 1;
  std::vector<std::pair<std::int8_t, const char*>> outstanding_;
};

class ssf_dialogue final : public cap_endpoint::dialogue, public scp::switch_dialogue {
public:
  ssf_dialogue(cap_endpoint& ep, tcap::dialogue_id id, codec::protocol_variant v,
               std::int8_t trigger_invoke)
      : dialogue(ep, id, v), trigger_invoke_(trigger_invoke) {}

  // switch_dialogue
  [[nodiscard]] const char* protocol() const override;
  [[nodiscard]] std::string name() const override;
  [[nodiscard]] bool can(scp::capability c) const override;
  [[nodiscard]] bool open() const override { return peer_open_ && !service_done_; }
  [[nodiscard]] bool send(std::span<const scp::instruction> ops, bool last) override;
  void refuse_missing_parameter() override;
  void close() override;
  void abort() override;

  void components(const tcap::dialogue_ind& ind) override;
  void l_cancel(const tcap::l_cancel_ind& ind) override;

private:
  void notify_end(bool aborted, const std::string& why) override;
  void invoke(const tcap::component_ind& comp, bool ending);

  std::int8_t trigger_invoke_;
  std::optional<std::int8_t> activity_invoke_;
};

class ip_dialogue final : public cap_endpoint::dialogue, public scp::resource_dialogue {
public:
  using dialogue::dialogue;

  // resource_dialogue
  [[nodiscard]] std::string name() const override;
  [[nodiscard]] bool play(const scp::play_announcement& p) override;
  [[nodiscard]] bool prompt_and_collect(const scp::prompt_and_collect& p) override;
  void close() override;

  // The ARI's answer when no call waits for it.
  void refuse_unknown_correlation(std::int8_t invoke_id);

  void components(const tcap::dialogue_ind& ind) override;

private:
  void notify_end(bool aborted, const std::string& why) override;
  // One encoded instruction to the resource in a TC-CONTINUE of its own;
  // `sent` gets its invoke id once it is invoked. False when it did not go.
  bool send_one(const encoded_op& e, const char* name, std::optional<std::int8_t>* sent = nullptr);

  std::optional<std::int8_t> collect_invoke_;  // the PromptAndCollect being answered
};

}  // namespace cmr::in::cap
