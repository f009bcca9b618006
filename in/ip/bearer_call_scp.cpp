// bearer_call: the assist dialogue of the routing-number form
// (docs/cs-delivery.md 3, "temporary-connection"): TC-BEGIN
// [AssistRequestInstructions] to the SCP in the gsmSRF context of the
// prefix's family, PlayAnnouncement played, SpecializedResourceReport when
// requestAnnouncementCompleteNotification asks for it.
#include "in/builtin_prompts.h"
#include "in/codec/address.h"
#include "in/codec/operations_codec.h"
#include "in/codec/protocol_constants.h"
#include "in/ip/bearer_call.h"
#include "in/ip/intelligent_peripheral.h"
#include "sigtran/sccp_address_conv.h"
#include "in/ip/log.h"
#include "in/ip/win_role.h"
#include "media/dtmf/prompts.h"

namespace cmr::in::ip {

namespace op = codec::opcode;
using tcap::component_ind;

namespace {

const codec::oid& srf_context(codec::protocol_variant v) {
  switch (v) {
    case codec::protocol_variant::cap_v2:
      return codec::ac::cap_v2_gsmsrf_to_gsmscf;
    case codec::protocol_variant::cap_v3:
      return codec::ac::cap_v3_gsmsrf_gsmscf;
    case codec::protocol_variant::cap_v4:
      return codec::ac::cap_v4_gsmsrf_gsmscf;
    case codec::protocol_variant::inap_cs1:
      break;
  }
  return codec::ac::inap_cs1_ip_to_scp;
}

}  // namespace

// The correlationID of AssistRequestInstructions as docs/cs-delivery.md 3
// fixes it for ETC and ARI alike: Q.763 Generic Digits, octet 1 = encoding
// scheme (bits 8-6: 0 BCD even, 1 BCD odd) | type of digits 0, then the
// digits BCD low nibble first (12345678 -> 00 21 43 65 87). (ETS 300 374-1
// would allow a Generic Number here; the SCP accepts both.)
namespace {
codec::bytes encode_ari_correlation_id(const std::string& digits) {
  codec::bytes out{static_cast<std::uint8_t>(digits.size() % 2 != 0 ? 0x20 : 0x00)};
  if (!codec::pack_bcd(digits, out, false)) return {};
  return out;
}
}  // namespace

bool bearer_call::send_ari() {
  auto* layer = owner_.tcap();
  if (layer == nullptr) return false;
  const auto& a = std::get<assist_request>(request_);
  variant_ = a.variant;
  const auto& cfg = owner_.config();
  const auto& called = variant_ == codec::protocol_variant::inap_cs1 ? cfg.scp_inap : cfg.scp_cap;
  codec::assist_request_instructions ari;
  ari.correlation_id = encode_ari_correlation_id(a.correlation_id);
  // No IP routing address, voice back or recognition, no text-to-speech:
  // all capability bits clear (mandatory in CAP).
  ari.ip_ssp_capabilities = codec::bytes{0x00};
  tcap::invoke_req inv;
  inv.invoke_id = next_invoke_id_++;
  inv.opcode = op::assist_request_instructions;
  inv.parameter = codec::encode_assist_request_instructions(variant_, ari);
  const auto d = layer->open(called, srf_context(variant_));
  dialogue_ = d;
  owner_.bind_dialogue(d, shared_from_this());
  if (!inv.parameter->empty() && layer->invoke(d, inv) && layer->begin(d)) {
    ++owner_.stats().ari_sent;
    arm_instruction_timer();
    return true;
  }
  ++owner_.stats().ari_send_failures;
  CMR_LOG(ip, error, "%s: AssistRequestInstructions to %s not sent", name().c_str(),
          sigtran::to_string(called).c_str());
  (void)layer->end(d, true);  // local end: nothing went out
  owner_.unbind_dialogue(d);
  dialogue_ = 0;
  return false;
}

void bearer_call::arm_instruction_timer() {
  std::weak_ptr<bearer_call> weak = shared_from_this();
  instruction_timer_ = owner_.layer().timers().start(owner_.config().instruction_timeout, [weak] {
    auto c = weak.lock();
    if (!c) return;
    c->instruction_timer_ = 0;
    if (!c->state_.in(bearer_state::wait_instructions)) return;
    ++c->owner_.stats().instruction_timeouts;
    c->release(bearer_event::instruction_timeout, c->win_dialogue_ != 0
                                                      ? "no SRFDirective from the SCP"
                                                      : "no PlayAnnouncement from the SCP");
  });
}

void bearer_call::on_dialogue(const tcap::dialogue_ind& ind) {
  auto* layer = owner_.tcap();
  const auto d = ind.id;
  bool reply = false;
  bool failed = false;
  for (const auto& c : ind.components) {
    switch (c.type) {
      case component_ind::kind::invoke:
        if (c.code == op::play_announcement) {
          reply = on_play_announcement(c) || reply;
        } else if (c.code == op::prompt_and_collect_user_information) {
          reply = on_prompt_and_collect(c) || reply;
        } else if (c.code == op::cancel) {
          // Cancel (class 2): the announcement stops, nothing is reported.
          CMR_LOG(ip, info, "%s: Cancel from the SCP", name().c_str());
          if (step(bearer_event::rx_cancel_op)) {
            stop_collecting();
            stop_play();
            pa_invoke_.reset();
            report_wanted_ = false;
          }
        } else if (c.invoke_id && ind.type != tcap::dialogue_ind_kind::end) {
          (void)layer->u_reject(
              d, *c.invoke_id,
              tcap::reject_problem::of(tcap::invoke_problem::unrecognized_operation));
          reply = true;
        }
        break;
      case component_ind::kind::l_reject:
        // The layer queued a Reject for the next message.
        ++owner_.stats().scp_errors;
        reply = true;
        break;
      case component_ind::kind::u_error:
      case component_ind::kind::r_reject:
      case component_ind::kind::u_reject:
        // An error for our ARI (e.g. unexpectedDataValue: unknown correlation
        // id) or SRR, or a reject of either: the SCP will not instruct us.
        ++owner_.stats().scp_errors;
        CMR_LOG(ip, notice, "%s: SCP answered with error/reject code %d", name().c_str(), c.code);
        failed = true;
        break;
      case component_ind::kind::result_last:
      case component_ind::kind::result_not_last:
        break;
    }
  }
  if (ind.type == tcap::dialogue_ind_kind::end) {
    owner_.unbind_dialogue(d);
    dialogue_ = 0;
    scp_gone(failed, failed ? "the SCP ended the dialogue with an error" : "TC-END from the SCP");
    return;
  }
  if (failed) {
    release(bearer_event::scp_failed, "error from the SCP");
    return;
  }
  if (reply && dialogue_ != 0) (void)layer->continue_(d);
}

bool bearer_call::on_play_announcement(const component_ind& c) {
  auto* layer = owner_.tcap();
  ++owner_.stats().pa_received;
  if (!c.invoke_id) return false;
  const auto id = *c.invoke_id;
  if (!state_.allows(bearer_event::rx_pa)) {
    step(bearer_event::rx_pa);  // logged as refused
    (void)layer->u_error(dialogue_, id, codec::error_code::unexpected_component_sequence);
    return true;
  }
  if (instruction_timer_ != 0) owner_.layer().timers().cancel(instruction_timer_);
  instruction_timer_ = 0;
  auto pa = codec::decode_play_announcement(variant_, c.parameter ? *c.parameter : codec::bytes{});
  if (!pa) {
    (void)layer->u_reject(dialogue_, id,
                          tcap::reject_problem::of(tcap::invoke_problem::mistyped_parameter));
    stop_play();
    step(bearer_event::rx_pa_refused, "mistyped");
    return true;
  }
  std::optional<std::uint32_t> message;
  if (pa->info == codec::play_announcement::what::elementary) message = pa->message_id;
  if (pa->info == codec::play_announcement::what::elementary_list && !pa->message_ids.empty())
    message = pa->message_ids.front();
  auto rendition = message ? rendition_of(*message) : nullptr;
  if (!rendition) {
    CMR_LOG(ip, notice,
            "%s: PlayAnnouncement %u: nothing to play in this law -> unavailableResource",
            name().c_str(), message.value_or(0));
    (void)layer->u_error(dialogue_, id, codec::error_code::unavailable_resource);
    stop_play();
    step(bearer_event::rx_pa_refused, "unavailableResource");
    return true;
  }
  // numberOfRepetitions alone, duration alone (repeat until it elapsed), or
  // both (whichever ends first); neither: once.
  std::optional<std::uint64_t> dur;
  if (pa->duration && *pa->duration > 0) dur = std::uint64_t{*pa->duration} * 1000;
  const std::uint32_t reps = pa->number_of_repetitions
                                 ? std::max<std::uint32_t>(1, *pa->number_of_repetitions)
                                 : (dur ? 0 : 1);
  stop_collecting();  // a PlayAnnouncement replaces a PromptAndCollect's play
  pa_invoke_ = id;
  report_wanted_ = pa->request_announcement_complete.value_or(true);
  reported_ = false;
  CMR_LOG(ip, info, "%s: PlayAnnouncement %u x%u%s, report %s", name().c_str(), *message, reps,
          dur ? (" for " + std::to_string(*pa->duration) + " s").c_str() : "",
          report_wanted_ ? "yes" : "no");
  // inbandInfo interval: seconds of silence between two repetitions.
  const auto gap = gap_frames_for(std::uint64_t{pa->interval.value_or(0)} * 1000);
  const auto frames = frames_for(rendition->frame_count(), reps, gap, dur);
  step(bearer_event::rx_pa, std::to_string(*message).c_str());
  start_play({std::move(rendition), frames, gap});
  return false;
}

std::shared_ptr<const media::playout_rendition> bearer_call::rendition_of(std::uint32_t id) {
  // The built-in on-line copy prompts' reserved ids (in/builtin_prompts.h):
  // spandsp tones made in the bearer's law (a few kB, once per prompt).
  if (const auto kind = builtin_prompt_of(id)) {
    auto r = media::playout_rendition::owned(media::dtmf::builtin_prompt(*kind, target_.law),
                                             target_.law);
    if (!r) {
      CMR_LOG(ip, error, "%s: built-in prompt %s: %s", name().c_str(), ringback::to_string(*kind),
              r.error().c_str());
      return nullptr;
    }
    return std::make_shared<const media::playout_rendition>(std::move(*r));
  }
  return owner_.announcements().rendition(id, target_.law);
}

// WAIT_SCP, the announcement played: the report when the SCP asked for one;
// then the SCP instructs again or ends its dialogue.
void bearer_call::report_completion() {
  if (!report_wanted_ || !pa_invoke_ || reported_) return;
  reported_ = true;
  auto* layer = owner_.tcap();
  if (dialogue_ == 0 || layer == nullptr) {
    release(bearer_event::failed, "announcement complete, dialogue over");
    return;
  }
  tcap::invoke_req inv;
  inv.invoke_id = next_invoke_id_++;
  inv.linked_id = *pa_invoke_;
  inv.opcode = op::specialized_resource_report;
  inv.parameter = codec::encode_specialized_resource_report(variant_, {});
  if (!layer->invoke(dialogue_, inv) || !layer->continue_(dialogue_)) {
    CMR_LOG(ip, error, "%s: SpecializedResourceReport not sent", name().c_str());
    release(bearer_event::failed, "SpecializedResourceReport not sent");
    return;
  }
  ++owner_.stats().srr_sent;
  CMR_LOG(ip, info, "%s: SpecializedResourceReport sent (linked to invoke %d)", name().c_str(),
          static_cast<int>(*pa_invoke_));
}

void bearer_call::end_dialogue(const char* why) {
  if (win_dialogue_ != 0) {
    const auto d = win_dialogue_;
    win_dialogue_ = 0;
    if (auto* win = owner_.win()) win->bearer_gone(d, why);
    return;
  }
  if (dialogue_ == 0) return;
  const auto d = dialogue_;
  dialogue_ = 0;
  owner_.unbind_dialogue(d);
  auto* layer = owner_.tcap();
  if (layer == nullptr) return;
  // TC-END basic once the SCP answered; before that only an abort is
  // possible (Q.774: no END from the initiation-sent state).
  if (!layer->end(d)) (void)layer->u_abort(d);
}

const char* bearer_call::complete_reason() const {
  return std::holds_alternative<play_request>(request_) ? "announcement complete"
                                                        : "announcement complete, dialogue over";
}

void bearer_call::scp_gone(bool failed, const char* why) {
  if (failed || state_.in(bearer_state::wait_instructions)) {
    release(bearer_event::scp_failed, why);  // no instruction came
    return;
  }
  if (state_.in(bearer_state::playing)) {
    step(bearer_event::scp_end);  // a PlayAnnouncement in the TC-END: play it, then release
    return;
  }
  if (!reported_ && report_wanted_) {
    release(bearer_event::scp_failed, why);  // ended before the announcement completed
    return;
  }
  if (!step(bearer_event::scp_end)) return;
  // The normal end: the SSF releases the bearer (DisconnectForwardConnection
  // -> BYE); the IP does it itself only when that does not happen.
  std::weak_ptr<bearer_call> weak = shared_from_this();
  grace_timer_ = owner_.layer().timers().start(owner_.config().release_grace, [weak] {
    if (auto c = weak.lock()) {
      c->grace_timer_ = 0;
      c->release(bearer_event::grace_timeout, "no BYE after the assist dialogue ended");
    }
  });
}

void bearer_call::on_dialogue_aborted(const char* why) {
  ++owner_.stats().scp_errors;
  dialogue_ = 0;
  release(bearer_event::scp_failed, why);
}

void bearer_call::on_l_cancel(const tcap::l_cancel_ind& ind) {
  // AssistRequestInstructions and PlayAnnouncement are class 2: their timer
  // running out without an error is the normal outcome. The instruction
  // timer covers an SCP that never answers.
  CMR_LOG(ip, debug, "%s: operation %d timer expired", name().c_str(), ind.opcode);
}

}  // namespace cmr::in::ip
