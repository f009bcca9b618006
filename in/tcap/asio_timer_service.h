// Production timers on a Boost.Asio executor (the TCAP layer's strand): one
// steady_timer per running timer. The layer and its timers share the strand,
// so callbacks never race with received messages.
#pragma once

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/steady_timer.hpp>
#include <memory>
#include <unordered_map>

#include "in/tcap/timer_service.h"

namespace cmr::in::tcap {

class asio_timer_service final : public timer_service {
public:
  explicit asio_timer_service(boost::asio::any_io_executor ex) : ex_(std::move(ex)) {}
  ~asio_timer_service() override;
  asio_timer_service(const asio_timer_service&) = delete;
  asio_timer_service& operator=(const asio_timer_service&) = delete;

  timer_id start(duration after, callback cb) override;
  void cancel(timer_id id) override;
  [[nodiscard]] time_point now() const override { return std::chrono::steady_clock::now(); }
  [[nodiscard]] std::size_t pending() const override { return timers_.size(); }

private:
  boost::asio::any_io_executor ex_;
  timer_id next_id_ = 1;
  std::unordered_map<timer_id, std::unique_ptr<boost::asio::steady_timer>> timers_;
};

}  // namespace cmr::in::tcap
