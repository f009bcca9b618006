// bearer_call: the player (media/rtp/rtp_sender on the bearer's RTP port).
#include <unistd.h>

#include <boost/asio/post.hpp>

#include "in/ip/bearer_call.h"
#include "in/ip/intelligent_peripheral.h"
#include "in/ip/log.h"
#include "in/ip/win_role.h"

namespace cmr::in::ip {

std::uint32_t bearer_call::gap_frames_for(std::uint64_t ms) {
  const auto per_frame = static_cast<std::uint64_t>(media::rtp::rtp_sender::frame_time.count());
  return static_cast<std::uint32_t>(
      std::min<std::uint64_t>((ms + per_frame - 1) / per_frame, 1U << 24));
}

std::uint64_t bearer_call::frames_for(std::size_t frame_count, std::uint32_t repetitions,
                                      std::uint32_t gap_frames,
                                      std::optional<std::uint64_t> duration_ms) {
  const auto per_frame = static_cast<std::uint64_t>(media::rtp::rtp_sender::frame_time.count());
  // n repetitions with a pause between each two: n * frames + (n - 1) * gap.
  std::uint64_t frames = repetitions == 0 ? 0
                                          : static_cast<std::uint64_t>(frame_count) * repetitions +
                                                std::uint64_t{gap_frames} * (repetitions - 1);
  if (duration_ms) {
    const auto by_time = std::max<std::uint64_t>(1, (*duration_ms + per_frame - 1) / per_frame);
    frames = frames == 0 ? by_time : std::min(frames, by_time);
  }
  return frames;
}

void bearer_call::start_play(play_plan plan) {
  stop_play();
  if (!socket_ || !plan.rendition) return;
  // The port in our SDP stays bound for the whole call: each stream sends
  // through its own duplicate of the socket (a second PlayAnnouncement gets
  // a new stream on the same port).
  const int fd = ::dup(socket_->native_handle());
  boost::system::error_code ec;
  boost::asio::ip::udp::socket dup(owner_.io());
  if (fd >= 0) dup.assign(socket_->local_endpoint(ec).protocol(), fd, ec);
  if (fd < 0 || ec) {
    if (fd >= 0 && !dup.is_open()) ::close(fd);
    CMR_LOG(ip, error, "%s: RTP socket not duplicated: %s", name().c_str(), ec.message().c_str());
    release(bearer_event::failed, "RTP socket error");
    return;
  }
  media::rtp::sender_options o;
  o.loop = true;
  o.max_frames = plan.frames;
  o.gap_frames = plan.gap_frames;
  o.receive = keys_negotiated_;  // the caller's RTP: keys for on-line copy
  auto sender = media::rtp::rtp_sender::create(owner_.io(), std::move(dup), target_.remote,
                                               plan.rendition, o);
  if (!sender) {
    CMR_LOG(ip, error, "%s: RTP not started: %s", name().c_str(), sender.error().c_str());
    release(bearer_event::failed, "RTP not started");
    return;
  }
  player_ = std::move(*sender);
  std::weak_ptr<bearer_call> weak = shared_from_this();
  auto& io = owner_.io();
  player_->on_finished = [weak, &io, p = player_.get()] {
    // Out of the sender's own handler before the call reacts (it may drop
    // it); a stream replaced meanwhile is not this one any more.
    boost::asio::post(io, [weak, p] {
      if (auto c = weak.lock(); c && c->player_.get() == p) c->on_play_finished();
    });
  };
  if (keys_) {
    // The listener runs on the stream's strand; keys go to the IP's thread.
    player_->on_datagram = [weak, &io, keys = keys_](std::span<const std::uint8_t> d) {
      std::string k = keys->feed(d);
      if (!k.empty())
        boost::asio::post(io, [weak, k = std::move(k)] {
          if (auto c = weak.lock()) c->on_keys(k);
        });
    };
  }
  ++owner_.stats().plays_started;
  CMR_LOG(ip, debug, "%s: RTP %u -> %s:%u, %llu frames", name().c_str(), player_->local_port(),
          target_.remote.address().to_string().c_str(), target_.remote.port(),
          static_cast<unsigned long long>(plan.frames));
  player_->start();
}

void bearer_call::stop_play() {
  if (!player_) return;
  player_->on_finished = nullptr;
  player_->stop();
  owner_.stats().rtp_packets += player_->packets_sent();
  player_.reset();
}

void bearer_call::on_play_finished() {
  if (!player_) return;
  ++owner_.stats().plays_completed;
  owner_.stats().rtp_packets += player_->packets_sent();
  player_.reset();
  if (state_.in(bearer_state::last_play)) {
    // The play form's announcement, or the last one of the SCP's dialogue.
    release(bearer_event::played, complete_reason());
    return;
  }
  if (!step(bearer_event::played)) return;
  if (collect_invoke_) {
    collect_played();  // PromptAndCollect: the first-digit timer, no report
    return;
  }
  if (win_dialogue_ != 0) {
    if (auto* win = owner_.win()) win->play_completed(win_dialogue_);
    return;
  }
  report_completion();
}

}  // namespace cmr::in::ip
