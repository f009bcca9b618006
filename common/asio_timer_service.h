// Production timers on a Boost.Asio executor (a TCAP layer's strand, the SIP
// thread's io_context). The layer and its timers share the executor, so
// callbacks never race with received messages.
//
// Built for many short-lived timers (every invoke, every dialogue starts one
// and nearly all are cancelled within milliseconds): one steady_timer is
// armed at the earliest deadline; the timers themselves sit in one FIFO per
// distinct duration (deadlines in a FIFO are in order, the clock being
// steady) and in a slot table reused without allocation. start() and
// cancel() touch no Asio object unless the new timer is the earliest, and a
// cancelled timer costs no handler. Memory stays proportional to the live
// timers: a FIFO is compacted when cancelled entries dominate it.
#pragma once

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <cstdint>
#include <deque>
#include <memory>
#include <optional>
#include <vector>

#include "common/timer_service.h"

namespace cmr {

class asio_timer_service final : public timer_service {
public:
  explicit asio_timer_service(boost::asio::any_io_executor ex);
  // On the io_context's executor (a single-threaded io_context: the SIP stack).
  explicit asio_timer_service(boost::asio::io_context& io)
      : asio_timer_service(boost::asio::any_io_executor(io.get_executor())) {}
  ~asio_timer_service() override;
  asio_timer_service(const asio_timer_service&) = delete;
  asio_timer_service& operator=(const asio_timer_service&) = delete;

  timer_id start(duration after, callback cb) override;
  void cancel(timer_id id) override;
  [[nodiscard]] time_point now() const override { return std::chrono::steady_clock::now(); }
  [[nodiscard]] std::size_t pending() const override { return live_; }

private:
  struct slot {
    std::uint32_t generation = 0;  // bumped on every release: stale ids miss
    std::uint32_t fifo = 0;        // index into fifos_ while armed
    bool armed = false;
    callback cb;
  };
  struct entry {
    time_point at;
    timer_id id;
  };
  struct fifo {
    duration after;
    std::deque<entry> entries;
    std::size_t live = 0;  // entries whose timer is still armed
  };
  // Shared with the steady_timer's handler so that a handler completing
  // after the service is gone does nothing.
  struct alive_flag {};

  slot* find(timer_id id);
  void release(std::uint32_t index);
  void fire();
  void arm();
  void compact(fifo& f);
  std::optional<time_point> earliest();

  boost::asio::steady_timer timer_;
  std::shared_ptr<alive_flag> alive_ = std::make_shared<alive_flag>();
  std::optional<time_point> armed_at_;
  std::vector<slot> slots_;
  std::vector<std::uint32_t> free_;
  std::vector<fifo> fifos_;
  std::size_t live_ = 0;
  bool firing_ = false;
};

}  // namespace cmr
