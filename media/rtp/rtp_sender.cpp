#include "media/rtp/rtp_sender.h"

#include <boost/asio/bind_executor.hpp>
#include <boost/asio/post.hpp>
#include <cstring>
#include <random>

namespace cmr::media::rtp {

namespace asio = boost::asio;
using asio::ip::udp;

std::atomic<std::size_t> rtp_sender::active_{0};

namespace {

std::uint32_t random_u32() {
  thread_local std::mt19937 gen{std::random_device{}()};
  return static_cast<std::uint32_t>(gen());
}

}  // namespace

cmr::result<std::shared_ptr<rtp_sender>, std::string> rtp_sender::create(
    asio::io_context& io, port_pool& ports, const asio::ip::address& local, udp::endpoint remote,
    std::shared_ptr<const playout_rendition> rendition, sender_options options) {
  if (!rendition || rendition->frame_count() == 0)
    return cmr::unexpected{std::string("rtp: empty rendition")};
  auto sock = ports.open(io, local);
  if (!sock) return cmr::unexpected{sock.error()};
  return create(io, std::move(*sock), remote, std::move(rendition), options);
}

cmr::result<std::shared_ptr<rtp_sender>, std::string> rtp_sender::create(
    asio::io_context& io, udp::socket socket, udp::endpoint remote,
    std::shared_ptr<const playout_rendition> rendition, sender_options options) {
  if (!rendition || rendition->frame_count() == 0)
    return cmr::unexpected{std::string("rtp: empty rendition")};
  if (!socket.is_open()) return cmr::unexpected{std::string("rtp: socket not open")};
  return std::shared_ptr<rtp_sender>(
      new rtp_sender(io, std::move(socket), remote, std::move(rendition), options));
}

rtp_sender::rtp_sender(asio::io_context& io, udp::socket socket, udp::endpoint remote,
                       std::shared_ptr<const playout_rendition> rendition, sender_options options)
    : strand_(asio::make_strand(io)),
      socket_(std::move(socket)),
      timer_(strand_),
      remote_(remote),
      rendition_(std::move(rendition)),
      law_(rendition_->law()),
      options_(options) {
  boost::system::error_code ec;
  local_port_ = socket_.local_endpoint(ec).port();
  seq_ = static_cast<std::uint16_t>(random_u32());
  timestamp_ = random_u32();
  ssrc_ = random_u32();
}

rtp_sender::~rtp_sender() {
  if (running_.exchange(false)) --active_;
}

void rtp_sender::start() {
  if (stopped_.load() || running_.exchange(true)) return;
  ++active_;
  asio::post(strand_, [self = shared_from_this()] {
    if (self->stopped_.load()) return;
    self->anchor_ = std::chrono::steady_clock::now();
    self->packet_index_ = 0;
    if (self->options_.receive) self->receive_next();
    self->on_timer();
  });
}

void rtp_sender::receive_next() {
  socket_.async_receive_from(
      asio::buffer(rx_buffer_), rx_from_,
      asio::bind_executor(
          strand_, [self = shared_from_this()](const boost::system::error_code& ec, std::size_t n) {
            if (self->stopped_.load() || ec == asio::error::operation_aborted ||
                ec == asio::error::bad_descriptor)
              return;
            if (!ec) {
              ++self->received_;
              if (self->on_datagram) self->on_datagram(std::span<const std::uint8_t>(self->rx_buffer_.data(), n));
            }
            if (self->stopped_.load()) return;  // on_datagram may have stopped the stream
            self->receive_next();
          }));
}

void rtp_sender::stop() {
  if (stopped_.exchange(true)) return;
  asio::post(strand_, [self = shared_from_this()] { self->finish(false); });
}

void rtp_sender::finish(bool notify) {
  stopped_.store(true);
  timer_.cancel();
  boost::system::error_code ec;
  socket_.close(ec);
  if (running_.exchange(false)) --active_;
  if (notify && on_finished) on_finished();
  on_finished = nullptr;
  on_datagram = nullptr;
  on_prompt_done = nullptr;
}

void rtp_sender::interject(std::shared_ptr<const playout_rendition> prompt) {
  if (!prompt || prompt->frame_count() == 0 || prompt->law() != law_) return;
  asio::post(strand_, [self = shared_from_this(), p = std::move(prompt)]() mutable {
    if (self->stopped_.load()) return;
    self->prompt_ = std::move(p);
    self->prompt_frame_ = 0;
  });
}

void rtp_sender::replace(std::shared_ptr<const playout_rendition> next) {
  if (next && (next->frame_count() == 0 || next->law() != law_)) return;
  asio::post(strand_, [self = shared_from_this(), n = std::move(next)]() mutable {
    if (self->stopped_.load()) return;
    self->rendition_ = std::move(n);
    self->frame_ = 0;
    self->gap_left_ = 0;
  });
}

void rtp_sender::schedule() {
  timer_.expires_at(anchor_ + frame_time * static_cast<std::int64_t>(packet_index_));
  timer_.async_wait([self = shared_from_this()](const boost::system::error_code& ec) {
    if (ec || self->stopped_.load()) return;
    self->on_timer();
  });
}

void rtp_sender::on_timer() {
  const auto now = std::chrono::steady_clock::now();
  auto due = [&] { return anchor_ + frame_time * static_cast<std::int64_t>(packet_index_); };
  // A long stall (suspended process, overloaded box): re-anchor instead of
  // sending a burst the receiver's jitter buffer would throw away.
  if (now - due() > options_.max_lag) {
    anchor_ = now;
    packet_index_ = 0;
  }
  while (due() <= now) {
    send_frame();
    if (stopped_.load()) return;
  }
  schedule();
}

void rtp_sender::send_frame() {
  // What this frame carries: a prompt's frame (spec 5.7 confirmation: before
  // everything else, not counted towards max_frames, the ringback resumes
  // where it was), the rendition's next frame, or G.711 silence (a gap
  // between repetitions, or a presentation stopped without a default).
  std::shared_ptr<const playout_rendition> prompt_hold;  // keeps the frame alive
  const std::uint8_t* payload = nullptr;
  const bool prompt_frame = prompt_ != nullptr;
  if (prompt_frame) {
    prompt_hold = prompt_;
    payload = prompt_->frame(prompt_frame_).data();
    if (++prompt_frame_ >= prompt_->frame_count()) {
      prompt_.reset();
      if (on_prompt_done)
        asio::post(strand_, [self = shared_from_this()] {
          if (!self->stopped_.load() && self->on_prompt_done) self->on_prompt_done();
        });
    }
  } else {
    if (options_.max_frames != 0 && sent_frames_ >= options_.max_frames) {
      finish(true);
      return;
    }
    if (!rendition_ && !options_.loop) {
      finish(true);  // stopped without a default: the play is over
      return;
    }
    if (gap_left_ > 0) {
      --gap_left_;
    } else if (rendition_) {
      if (frame_ >= rendition_->frame_count()) {
        if (!options_.loop) {
          finish(true);
          return;
        }
        frame_ = 0;
        if (options_.gap_frames > 0) gap_left_ = options_.gap_frames;
      }
      if (gap_left_ > 0) {
        --gap_left_;
      } else {
        payload = rendition_->frame(frame_).data();
        ++frame_;
      }
    }
  }
  // RFC 3550 5.1: V=2, no padding, no extension, no CSRC.
  packet_[0] = 0x80;
  packet_[1] = static_cast<std::uint8_t>((first_ ? 0x80 : 0x00) | (law_ == g711_law::alaw ? 8 : 0));
  packet_[2] = static_cast<std::uint8_t>(seq_ >> 8);
  packet_[3] = static_cast<std::uint8_t>(seq_);
  for (int i = 0; i < 4; ++i) {
    packet_[static_cast<std::size_t>(4 + i)] =
        static_cast<std::uint8_t>(timestamp_ >> (24 - 8 * i));
    packet_[static_cast<std::size_t>(8 + i)] = static_cast<std::uint8_t>(ssrc_ >> (24 - 8 * i));
  }
  if (payload != nullptr) {
    std::memcpy(packet_.data() + header_bytes, payload, playout_frame_bytes);
  } else {
    // G.711 silence: A-law 0xD5, mu-law 0xFF (the codes of a zero sample).
    std::memset(packet_.data() + header_bytes, law_ == g711_law::alaw ? 0xD5 : 0xFF,
                playout_frame_bytes);
  }
  if (prompt_frame) ++prompt_sent_;
  boost::system::error_code ec;
  // Loopback/LAN UDP: a send either goes at once or fails; a failure (peer
  // port unreachable) must not end the stream, the peer may still open it.
  socket_.send_to(asio::buffer(packet_), remote_, 0, ec);
  if (!ec) ++sent_;
  first_ = false;
  ++seq_;
  timestamp_ += frame_samples;
  if (!prompt_frame) ++sent_frames_;
  ++packet_index_;
}

}  // namespace cmr::media::rtp
