// bearer_call: on-line copy (spec 5.7, docs/cs-delivery.md "On-line copy"):
// PromptAndCollectUserInformation from the SCP plays its announcement on the
// bearer and listens to the caller's RTP for a key (RFC 4733 events on the
// negotiated telephone-event payload type, in-band DTMF in the G.711 audio
// through spandsp: media::dtmf::rtp_key_listener). The first key interrupts
// the announcement (interruptableAnnInd) and goes back in ReceivedInformation
// (Q.763 Generic Digits, BCD); no key within firstDigitTimeOut after the
// announcement ended: ReturnError improperCallerResponse (29.078, ETS
// 300 374-1). Only one digit is collected (maximumNbOfDigits 1 is what the
// SCP asks for); a larger maximum is answered after the first key too. On a
// bearer the SSF answered recvonly (it sends nothing) the announcement plays
// and improperCallerResponse follows; IA5 information: taskRefused.
#include <boost/asio/post.hpp>
#include <cctype>

#include "in/codec/operations_codec.h"
#include "in/codec/protocol_constants.h"
#include "in/ip/bearer_call.h"
#include "in/ip/intelligent_peripheral.h"
#include "in/ip/log.h"

namespace cmr::in::ip {

namespace {

std::optional<std::uint8_t> telephone_event_pt(const sip::sdp::media& m) {
  for (const auto& f : m.formats) {
    int pt = -1;
    try {
      pt = std::stoi(f);
    } catch (...) {
      continue;
    }
    if (pt < 96 || pt > 127) continue;
    const auto map = m.find_rtpmap(pt);
    if (!map || map->clock_rate != 8000) continue;
    std::string enc = map->encoding;
    for (char& c : enc) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (enc == "telephone-event") return static_cast<std::uint8_t>(pt);
  }
  return std::nullopt;
}

// Adds telephone-event `pt` to the answer's (only) stream with a port: its
// m= line's formats, an rtpmap and the fmtp of the 16 DTMF events.
std::string with_telephone_event(const std::string& answer, std::uint8_t pt) {
  const std::string p = std::to_string(pt);
  std::string out;
  std::size_t pos = 0;
  bool in_stream = false, done = false;
  while (pos < answer.size()) {
    std::size_t eol = answer.find("\r\n", pos);
    if (eol == std::string::npos) eol = answer.size();
    std::string line = answer.substr(pos, eol - pos);
    pos = eol + 2;
    if (line.rfind("m=", 0) == 0) {
      if (in_stream && !done) {
        out += "a=rtpmap:" + p + " telephone-event/8000\r\na=fmtp:" + p + " 0-15\r\n";
        done = true;
      }
      in_stream = !done && line.rfind("m=audio 0 ", 0) != 0;
      if (in_stream) line += " " + p;
    }
    out += line + "\r\n";
  }
  if (in_stream && !done) out += "a=rtpmap:" + p + " telephone-event/8000\r\na=fmtp:" + p + " 0-15\r\n";
  return out;
}

}  // namespace

void bearer_call::negotiate_keys(const sip::sdp::session_description& offer, std::size_t index,
                                 std::string& answer) {
  // Only the routing form talks to an SCP that may collect keys, and only a
  // stream the SSF sends on can carry them.
  if (!std::holds_alternative<assist_request>(request_)) return;
  if (offer.media_direction(index) != sip::sdp::direction::sendrecv) return;
  keys_negotiated_ = true;
  for (const char* from : {"a=sendonly\r\n"}) {
    if (const auto at = answer.find(from); at != std::string::npos)
      answer.replace(at, std::string(from).size(), "a=sendrecv\r\n");
  }
  event_pt_ = telephone_event_pt(offer.media[index]);
  if (event_pt_) answer = with_telephone_event(answer, *event_pt_);
  media::dtmf::rtp_key_options o;
  o.event_payload_type = event_pt_;
  o.inband = true;
  keys_ = std::make_shared<media::dtmf::rtp_key_listener>(o);
}

bool bearer_call::on_prompt_and_collect(const tcap::component_ind& c) {
  auto* layer = owner_.tcap();
  ++owner_.stats().pacui_received;
  if (!c.invoke_id) return false;
  const auto id = *c.invoke_id;
  if (!state_.allows(bearer_event::rx_pacui)) {
    step(bearer_event::rx_pacui);  // logged as refused
    (void)layer->u_error(dialogue_, id, codec::error_code::unexpected_component_sequence);
    return true;
  }
  if (instruction_timer_ != 0) owner_.layer().timers().cancel(instruction_timer_);
  instruction_timer_ = 0;
  auto p = codec::decode_prompt_and_collect(variant_, c.parameter ? *c.parameter : codec::bytes{});
  if (!p) {
    (void)layer->u_reject(dialogue_, id,
                          tcap::reject_problem::of(tcap::invoke_problem::mistyped_parameter));
    stop_play();
    step(bearer_event::rx_pa_refused, "mistyped");
    return true;
  }
  // What this IP can do: digits (no IA5 text), an elementary announcement
  // (or none: collect only). A bearer the SSF sends nothing on still gets
  // its ringback: no key can come, so it ends with improperCallerResponse.
  if (!keys_negotiated_)
    CMR_LOG(ip, info, "%s: PromptAndCollect on a bearer that sends nothing to the IP: play only",
            name().c_str());
  if (p->ia5_information) {
    CMR_LOG(ip, notice, "%s: PromptAndCollect: IA5 information asked -> taskRefused", name().c_str());
    (void)layer->u_error(dialogue_, id, codec::error_code::task_refused,
                         codec::encode_error_parameter(variant_, codec::error_code::task_refused, {1}));
    stop_play();
    step(bearer_event::rx_pa_refused, "taskRefused");
    return true;
  }
  std::shared_ptr<const media::playout_rendition> rendition;
  std::uint32_t message = 0;
  play_plan plan;
  if (p->information) {
    const auto& info = *p->information;
    if (info.info == codec::play_announcement::what::elementary) message = info.message_id;
    if (info.info == codec::play_announcement::what::elementary_list && !info.message_ids.empty())
      message = info.message_ids.front();
    rendition = message != 0 ? rendition_of(message) : nullptr;
    if (!rendition) {
      CMR_LOG(ip, notice, "%s: PromptAndCollect %u: nothing to play in this law -> unavailableResource",
              name().c_str(), message);
      (void)layer->u_error(dialogue_, id, codec::error_code::unavailable_resource);
      stop_play();
      step(bearer_event::rx_pa_refused, "unavailableResource");
      return true;
    }
    std::optional<std::uint64_t> dur;
    if (info.duration && *info.duration > 0) dur = std::uint64_t{*info.duration} * 1000;
    const std::uint32_t reps = info.number_of_repetitions
                                   ? std::max<std::uint32_t>(1, *info.number_of_repetitions)
                                   : (dur ? 0 : 1);
    const auto gap = gap_frames_for(std::uint64_t{info.interval.value_or(0)} * 1000);
    plan = {rendition, frames_for(rendition->frame_count(), reps, gap, dur), gap};
  }
  collect_invoke_ = id;
  collect_interruptable_ = p->digits.interruptable_ann_ind.value_or(true);
  first_digit_timeout_s_ = p->digits.first_digit_timeout_s.value_or(5);
  pa_invoke_.reset();
  report_wanted_ = false;
  CMR_LOG(ip, info, "%s: PromptAndCollect %u, up to %u digit(s), keys by %s%s", name().c_str(), message,
          p->digits.maximum_digits, event_pt_ ? "RFC 4733 and in-band" : "in-band",
          collect_interruptable_ ? ", interruptable" : "");
  step(bearer_event::rx_pacui, std::to_string(message).c_str());
  if (rendition) {
    start_play(std::move(plan));
  } else {
    stop_play();
    collect_played();
  }
  return false;
}

void bearer_call::on_keys(const std::string& keys) {
  if (!collect_invoke_ || keys.empty()) {
    owner_.stats().keys_ignored += keys.size();
    if (!keys.empty())
      CMR_LOG(ip, info, "%s: key(s) '%s' with no PromptAndCollect waiting: ignored", name().c_str(),
              keys.c_str());
    return;
  }
  auto* layer = owner_.tcap();
  const std::string key = keys.substr(0, 1);
  const auto id = *collect_invoke_;
  stop_collecting();
  if (collect_interruptable_ || !player_) stop_play();
  if (layer == nullptr || dialogue_ == 0) return;
  codec::received_information r;
  r.digits = codec::encode_collected_digits(key, false);
  if (r.digits.empty() ||
      !layer->result_last(dialogue_, id, codec::opcode::prompt_and_collect_user_information,
                          codec::encode_received_information(variant_, r)) ||
      !layer->continue_(dialogue_)) {
    CMR_LOG(ip, error, "%s: ReceivedInformation not sent", name().c_str());
    release(bearer_event::failed, "ReceivedInformation not sent");
    return;
  }
  ++owner_.stats().keys_reported;
  CMR_LOG(ip, info, "%s: key '%s' -> ReceivedInformation", name().c_str(), key.c_str());
  step(bearer_event::rx_key, key.c_str());
}

void bearer_call::collect_played() {
  if (!collect_invoke_) return;
  std::weak_ptr<bearer_call> weak = shared_from_this();
  collect_timer_ = owner_.layer().timers().start(
      std::chrono::seconds(first_digit_timeout_s_), [weak] {
        if (auto c = weak.lock()) {
          c->collect_timer_ = 0;
          c->collect_timeout();
        }
      });
}

void bearer_call::collect_timeout() {
  if (!collect_invoke_) return;
  const auto id = *collect_invoke_;
  stop_collecting();
  auto* layer = owner_.tcap();
  if (layer == nullptr || dialogue_ == 0) return;
  ++owner_.stats().collect_timeouts;
  CMR_LOG(ip, info, "%s: no key within %u s -> improperCallerResponse", name().c_str(),
          first_digit_timeout_s_);
  if (!layer->u_error(dialogue_, id, codec::error_code::improper_caller_response) ||
      !layer->continue_(dialogue_)) {
    release(bearer_event::failed, "improperCallerResponse not sent");
    return;
  }
  step(bearer_event::collect_timeout);
}

void bearer_call::stop_collecting() {
  collect_invoke_.reset();
  if (collect_timer_ != 0) owner_.layer().timers().cancel(collect_timer_);
  collect_timer_ = 0;
}

}  // namespace cmr::in::ip
