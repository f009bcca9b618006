// One outgoing RTP stream (RFC 3550, RFC 3551 PCMU/PCMA): 20 ms G.711
// frames of a playout rendition, paced by a steady timer. Packet n is due
// at start + n * 20 ms (scheduled from the start time, not from the last
// send, so timer latency never accumulates into drift); after a stall of
// more than max_lag the schedule is re-anchored rather than bursting.
// Sequence number, timestamp and SSRC start at random values; the first
// packet carries the marker bit (start of a talkspurt).
//
// Shared by the SIP application server and the intelligent peripheral.
// The handlers run on the sender's strand; stop() may be called from any
// thread, any number of times.
#pragma once

#include <array>
#include <atomic>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/udp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <span>
#include <string>

#include "media/playout_rendition.h"
#include "media/rtp/port_pool.h"
#include "common/result.h"

namespace cmr::media::rtp {

struct sender_options {
  bool loop = true;  // ringback: repeat until stopped; false: stop after the last frame
  // With loop: stop (on_finished) after this many frames in all, 0 = never.
  // The intelligent peripheral plays numberOfRepetitions or a duration as
  // one stream (sequence numbers and timestamps continue across repetitions).
  std::uint64_t max_frames = 0;
  // With loop: this many frames of G.711 silence between repetitions (RFC
  // 4240 `delay`, the `interval` of a PlayAnnouncement's inbandInfo); they
  // count towards max_frames.
  std::uint32_t gap_frames = 0;
  std::chrono::milliseconds max_lag{200};
  // The stream was answered sendrecv: read what the peer sends to the socket
  // (counted, handed to on_datagram when set, then dropped) instead of
  // letting it queue in the kernel.
  bool receive = false;
};

class rtp_sender : public std::enable_shared_from_this<rtp_sender> {
public:
  static constexpr std::size_t header_bytes = 12;
  static constexpr std::chrono::milliseconds frame_time{20};
  static constexpr std::uint32_t frame_samples = 160;

  // Binds a socket from `ports` on `local`; nothing is sent before start().
  static cmr::result<std::shared_ptr<rtp_sender>, std::string> create(
      boost::asio::io_context& io, port_pool& ports, const boost::asio::ip::address& local,
      boost::asio::ip::udp::endpoint remote, std::shared_ptr<const playout_rendition> rendition,
      sender_options options = {});
  // With a socket bound earlier (its port was offered in SDP before the
  // peer's address was known).
  static cmr::result<std::shared_ptr<rtp_sender>, std::string> create(
      boost::asio::io_context& io, boost::asio::ip::udp::socket socket,
      boost::asio::ip::udp::endpoint remote, std::shared_ptr<const playout_rendition> rendition,
      sender_options options = {});
  ~rtp_sender();
  rtp_sender(const rtp_sender&) = delete;
  rtp_sender& operator=(const rtp_sender&) = delete;

  void start();
  // Idempotent; the socket closes and on_finished is not called.
  void stop();

  [[nodiscard]] std::uint16_t local_port() const { return local_port_; }
  [[nodiscard]] std::uint32_t ssrc() const { return ssrc_; }
  [[nodiscard]] std::uint64_t packets_sent() const { return sent_.load(); }
  // Datagrams the peer sent to the stream's port (sender_options::receive).
  [[nodiscard]] std::uint64_t packets_received() const { return received_.load(); }
  [[nodiscard]] bool running() const { return running_.load(); }

  // Called on the strand when a non-looping stream sent its last frame.
  std::function<void()> on_finished;
  // Called on the strand with every datagram the peer sends to the stream's
  // port (sender_options::receive): the caller's RTP, for key detection
  // (media/dtmf/rtp_keys.h). Set before start().
  std::function<void(std::span<const std::uint8_t>)> on_datagram;

  // Presentation control (spec 5.7), any thread; the stream's sequence
  // numbers and timestamps continue across every change:
  // Plays `prompt` once at once, then resumes the current rendition where
  // it was interrupted (a prompt interrupting a prompt replaces it). Its law
  // must be the stream's. on_prompt_done runs on the strand when it ended.
  void interject(std::shared_ptr<const playout_rendition> prompt);
  std::function<void()> on_prompt_done;
  // Plays `next` from its start instead of the current rendition (skip to
  // the next resource of a box; after a stop, DefaultCMRResourceId1);
  // nullptr: G.711 silence from now on (stop without a default). A prompt
  // being played finishes first.
  void replace(std::shared_ptr<const playout_rendition> next);
  // Frames sent of prompts (interject), for counters and tests.
  [[nodiscard]] std::uint64_t prompt_frames_sent() const { return prompt_sent_.load(); }

  // Streams started and not yet stopped or finished, process-wide.
  [[nodiscard]] static std::size_t active_streams() { return active_.load(); }

private:
  rtp_sender(boost::asio::io_context& io, boost::asio::ip::udp::socket socket,
             boost::asio::ip::udp::endpoint remote,
             std::shared_ptr<const playout_rendition> rendition, sender_options options);
  void schedule();
  void on_timer();
  void send_frame();
  void receive_next();
  void finish(bool notify);

  boost::asio::strand<boost::asio::io_context::executor_type> strand_;
  boost::asio::ip::udp::socket socket_;
  boost::asio::steady_timer timer_;
  boost::asio::ip::udp::endpoint remote_;
  std::shared_ptr<const playout_rendition> rendition_;  // nullptr after replace(nullptr): silence
  std::shared_ptr<const playout_rendition> prompt_;     // being interjected, or nullptr
  std::size_t prompt_frame_ = 0;
  g711_law law_ = g711_law::alaw;
  sender_options options_;
  std::uint16_t local_port_ = 0;

  std::uint16_t seq_ = 0;
  std::uint32_t timestamp_ = 0;
  std::uint32_t ssrc_ = 0;
  std::size_t frame_ = 0;
  std::uint32_t gap_left_ = 0;      // silence frames still to send before the next repetition
  std::uint64_t sent_frames_ = 0;   // frames built, sent or not (max_frames)
  std::uint64_t packet_index_ = 0;  // packets since the (re-)anchor
  std::chrono::steady_clock::time_point anchor_;
  bool first_ = true;
  std::array<std::uint8_t, header_bytes + playout_frame_bytes> packet_{};
  std::array<std::uint8_t, 2048> rx_buffer_{};
  boost::asio::ip::udp::endpoint rx_from_;

  std::atomic<bool> running_{false};
  std::atomic<bool> stopped_{false};
  std::atomic<std::uint64_t> sent_{0};
  std::atomic<std::uint64_t> received_{0};
  std::atomic<std::uint64_t> prompt_sent_{0};
  static std::atomic<std::size_t> active_;
};

}  // namespace cmr::media::rtp
