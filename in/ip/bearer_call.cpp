// bearer_call: set-up, the SIP dialog and the end of the call.
#include "in/ip/bearer_call.h"

#include <random>

#include "in/ip/intelligent_peripheral.h"
#include "sip/sdp/multipart.h"
#include "sip/sdp/sdp.h"
#include "sip/transport/uri_endpoint.h"
#include "in/ip/log.h"
#include "in/ip/win_role.h"

namespace cmr::in::ip {

namespace {

constexpr const char* k_allow = "INVITE, ACK, CANCEL, BYE, OPTIONS, INFO";

std::string session_id() {
  thread_local std::mt19937_64 gen{std::random_device{}()};
  return std::to_string(gen() % 9000000000ULL + 1000000000ULL);
}

const char* law_name(media::g711_law l) {
  return l == media::g711_law::alaw ? "PCMA" : "PCMU";
}

}  // namespace

bearer_call::bearer_call(intelligent_peripheral& owner,
                         std::shared_ptr<sip::server_transaction> invite, std::uint64_t id)
    : owner_(owner),
      prefix_("ip(bearer=" + std::to_string(id) + ")"),
      state_(bearer_table, bearer_state::received, log_ip),
      invite_(std::move(invite)),
      call_id_(invite_->request().call_id()) {
  if (const auto cs = invite_->request().cseq()) invite_cseq_ = cs->number;
}

bearer_call::~bearer_call() {
  stop_play();
  auto& t = owner_.layer().timers();
  for (auto* id : {&max_timer_, &instruction_timer_, &grace_timer_, &collect_timer_})
    if (*id != 0) t.cancel(*id);
}

bool bearer_call::refuse(int status, const std::string& why) {
  auto& s = owner_.stats();
  if (status == 404) {
    ++s.rejected_404;
  } else if (status == 488) {
    ++s.rejected_488;
  } else {
    ++s.rejected_other;
  }
  step(bearer_event::refuse, std::to_string(status).c_str());
  CMR_LOG(ip, info, "%s: %s %s -> %d (%s)", name().c_str(), call_id_.c_str(),
          invite_->request().summary().c_str(), status, why.c_str());
  auto rsp = sip::make_response(invite_->request(), status, {}, invite_->local_tag());
  if (status == 488) rsp.add_header("Warning", "304 cmr-ip \"Media type not available\"");
  invite_->respond(std::move(rsp));
  return false;
}

bool bearer_call::start() {
  const auto& req = invite_->request();
  auto* win = owner_.win();
  request_ = classify_request_uri(req.request_uri, owner_.config().prefixes,
                                  win != nullptr ? owner_.config().tldn_prefix : std::string{});
  if (const auto* r = std::get_if<uri_refusal>(&request_)) return refuse(r->status, r->why);
  const auto* tldn = std::get_if<tldn_request>(&request_);
  if (tldn != nullptr) {
    switch (win->find(tldn->tldn)) {
      case win_role::tldn_state::unknown:
        return refuse(404, "TLDN " + tldn->tldn + ": no seizure holds it");
      case win_role::tldn_state::taken:
        return refuse(486, "TLDN " + tldn->tldn + ": a bearer is on it already");
      case win_role::tldn_state::waiting:
        break;
    }
  }

  const auto part = sip::find_body_part(req, "application", "sdp", "session");
  if (!part) return refuse(488, "no SDP offer");
  auto offer = sip::sdp::parse(part->body);
  if (!offer) return refuse(488, "SDP offer does not parse");

  std::vector<media::g711_law> usable;
  std::shared_ptr<const media::playout_rendition> renditions[2];
  const auto* play = std::get_if<play_request>(&request_);
  if (play != nullptr) {
    for (const auto law : {media::g711_law::alaw, media::g711_law::ulaw}) {
      auto r = owner_.announcements().rendition(play->announcement_id, law);
      if (!r) continue;
      renditions[static_cast<int>(law)] = std::move(r);
      usable.push_back(law);
    }
    if (usable.empty())
      return refuse(404, "announcement " + std::to_string(play->announcement_id) +
                             ": no resource or no playout rendition");
  } else if (tldn != nullptr) {
    // The resource is known since the seizure: offer only the laws it has
    // a rendition in, so that SRFDirective finds one.
    const auto id = win->announcement_of(tldn->tldn).value_or(0);
    for (const auto law : {media::g711_law::alaw, media::g711_law::ulaw})
      if (owner_.announcements().rendition(id, law)) usable.push_back(law);
    if (usable.empty())
      return refuse(404, "TLDN " + tldn->tldn + ": announcement " + std::to_string(id) +
                             " has no playout rendition any more");
  } else {
    if (owner_.tcap() == nullptr) return refuse(503, "no TCAP layer (local SSN not bound)");
    usable = {media::g711_law::alaw, media::g711_law::ulaw};
  }
  const auto index = sip::as::audio_index(*offer, usable);
  const auto target = sip::as::find_audio_target(*offer, usable);
  if (!index || !target) return refuse(488, "no PCMA/PCMU audio stream in the offer");
  // The IP plays: sendonly (sendrecv in the routing form when the SSF
  // sends, for the caller's keys), which an offer that does not let it
  // send cannot get (RFC 3264 6.1).
  if (!sip::as::answer_direction(offer->media_direction(*index)))
    return refuse(488, "the offered audio stream does not receive");
  target_ = *target;

  const auto contact = owner_.contact(invite_->peer().kind);
  dialog_ = sip::dialog::create_uas(req, invite_->local_tag(), contact, false);
  if (!dialog_) return refuse(400, "no dialog can be formed (From/To/Contact)");

  auto sock = owner_.ports().open(owner_.io(), owner_.config().media_address);
  if (!sock) return refuse(503, "no RTP port: " + sock.error());
  boost::system::error_code ec;
  local_.address = owner_.config().media_address.to_string();
  local_.port = sock->local_endpoint(ec).port();
  local_.session_id = session_id();
  socket_.emplace(std::move(*sock));

  auto ok = sip::make_response(req, 200, {}, invite_->local_tag());
  ok.add_header("Contact", contact);
  ok.add_header("Allow", k_allow);
  ok.add_header("Content-Type", "application/sdp");
  std::string answer =
      sip::as::make_answer(*offer, *index, local_, target_.law, sip::sdp::direction::sendonly);
  // The routing form may collect keys (on-line copy): sendrecv, and
  // telephone-event when the SSF offered it.
  negotiate_keys(*offer, *index, answer);
  ok.body = std::move(answer);
  ok_ = std::make_unique<sip::ok_retransmitter>(invite_, owner_.layer().timers(),
                                                owner_.layer().config());
  std::weak_ptr<bearer_call> weak = shared_from_this();
  ok_->on_timeout = [weak] {
    if (auto c = weak.lock()) c->release(bearer_event::no_ack, "no ACK for the 200");
  };
  ok_->send(std::move(ok));
  auto& s = owner_.stats();
  ++s.calls;
  arm_max_duration();

  if (play != nullptr) {
    ++s.play_form;
    CMR_LOG(ip, info, "%s: %s play announcement %u x%u%s in %s to %s", name().c_str(),
            call_id_.c_str(), play->announcement_id, play->repeat,
            play->duration_ms ? (" for " + std::to_string(*play->duration_ms) + " ms").c_str() : "",
            law_name(target_.law), target_.remote.address().to_string().c_str());
    const auto& r = renditions[static_cast<int>(target_.law)];
    std::optional<std::uint64_t> dur;
    if (play->duration_ms) dur = *play->duration_ms;
    const auto gap = gap_frames_for(play->delay_ms);
    pending_play_ = play_plan{r, frames_for(r->frame_count(), play->repeat, gap, dur), gap};
    step(bearer_event::answer_play);
    return true;
  }
  if (tldn != nullptr) {
    ++s.tldn_form;
    CMR_LOG(ip, info, "%s: %s TLDN %s, %s", name().c_str(), call_id_.c_str(), tldn->tldn.c_str(),
            law_name(target_.law));
    step(bearer_event::answer_tldn);
    win_dialogue_ = win->attach(tldn->tldn, shared_from_this());
    if (win_dialogue_ == 0) {
      release(bearer_event::failed, "InstructionRequest not sent");
      return true;
    }
    arm_instruction_timer();
    return true;
  }
  ++s.routing_form;
  const auto& a = std::get<assist_request>(request_);
  CMR_LOG(ip, info, "%s: %s routing number, %s correlation id %s, %s", name().c_str(),
          call_id_.c_str(), codec::to_string(a.variant), a.correlation_id.c_str(),
          law_name(target_.law));
  step(bearer_event::answer_assist);
  if (!send_ari()) release(bearer_event::failed, "AssistRequestInstructions not sent");
  return true;
}

void bearer_call::arm_max_duration() {
  std::weak_ptr<bearer_call> weak = shared_from_this();
  max_timer_ = owner_.layer().timers().start(owner_.config().max_call_duration, [weak] {
    auto c = weak.lock();
    if (!c) return;
    c->max_timer_ = 0;
    ++c->owner_.stats().max_duration_releases;
    c->release(bearer_event::max_duration, "max-call-duration");
  });
}

void bearer_call::on_request(const std::shared_ptr<sip::server_transaction>& tx) {
  const auto& req = tx->request();
  if (!dialog_ || req.to() == std::nullopt || req.to()->tag() != invite_->local_tag()) {
    // Same Call-ID, not our dialog: a second initial INVITE (loop) or garbage.
    tx->respond(req.method == "INVITE" ? 482 : 481);
    return;
  }
  if (!dialog_->on_request(req)) {
    tx->respond(500, "CSeq out of order");
    return;
  }
  if (!step(req.method == "BYE" ? bearer_event::rx_bye : bearer_event::rx_request,
            req.method == "BYE" ? nullptr : req.method.c_str())) {
    tx->respond(481);
    return;
  }
  if (req.method == "BYE") {
    ++owner_.stats().byes_received;
    tx->respond(200);
    dialog_->terminate();
    stop_play();
    end_dialogue("BYE from the peer");
    finish("BYE from the peer");
    return;
  }
  if (req.method == "OPTIONS" || req.method == "INFO") {
    auto ok = sip::make_response(req, 200, {}, tx->local_tag());
    ok.add_header("Allow", k_allow);
    tx->respond(std::move(ok));
    return;
  }
  if (req.method == "INVITE" || req.method == "UPDATE") {
    // The IP's media never change during a bearer: a re-offer is refused and
    // the session continues as it was (RFC 3261 14.2).
    tx->respond(488);
    return;
  }
  auto rsp = sip::make_response(req, 405, {}, tx->local_tag());
  rsp.add_header("Allow", k_allow);
  tx->respond(std::move(rsp));
}

void bearer_call::on_ack(const sip::message& ack) {
  const auto cs = ack.cseq();
  if (!cs || cs->number != invite_cseq_ || acked_) return;
  acked_ = true;
  if (!step(bearer_event::rx_ack)) return;
  if (ok_) ok_->on_ack();
  if (dialog_) dialog_->confirm();
  if (state_.in(bearer_state::last_play) && pending_play_) {
    auto plan = std::move(*pending_play_);
    pending_play_.reset();
    start_play(std::move(plan));
  }
}

void bearer_call::on_cancel() {
  // Only before the answer: the INVITE is answered as it arrives, and a
  // CANCEL after the final response never reaches the transaction user.
  if (!step(bearer_event::rx_cancel)) return;
  ++owner_.stats().cancelled;
  invite_->respond(487);
  end_dialogue("cancelled");
  finish("cancelled");
}

void bearer_call::stop(const char* why) {
  release(bearer_event::shutdown, why);
}

void bearer_call::release(bearer_event e, const char* why) {
  const auto from = state();
  if (!step(e)) return;
  stop_play();
  if (from != bearer_state::received && dialog_ &&
      dialog_->state() != sip::dialog_state::terminated) {
    auto bye = dialog_->create_request("BYE");
    bye.add_header("Reason", std::string("Q.850;cause=16;text=\"") + why + "\"");
    dialog_->terminate();
    if (const auto to = sip::endpoint_from_uri(dialog_->next_hop())) {
      owner_.layer().send_request(std::move(bye), *to, {});
      ++owner_.stats().byes_sent;
    }
  }
  end_dialogue(why);
  finish(why);
}

void bearer_call::finish(const char* why) {
  stop_play();
  auto& t = owner_.layer().timers();
  for (auto* id : {&max_timer_, &instruction_timer_, &grace_timer_, &collect_timer_}) {
    if (*id != 0) t.cancel(*id);
    *id = 0;
  }
  if (ok_) ok_->on_ack();  // stops retransmitting; may be running its own callback
  if (socket_) {
    boost::system::error_code ec;
    socket_->close(ec);
  }
  CMR_LOG(ip, info, "%s: ended: %s", name().c_str(), why);
  owner_.remove(*this);
}

}  // namespace cmr::in::ip
