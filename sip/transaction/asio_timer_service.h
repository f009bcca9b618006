// timer_service on Boost.Asio steady timers. Not thread-safe: use it from the
// io_context thread (or strand) that runs the SIP stack.
#pragma once

#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <memory>
#include <unordered_map>

#include "sip/transaction/timer_service.h"

namespace cmr::sip {

class asio_timer_service final : public timer_service {
public:
  explicit asio_timer_service(boost::asio::io_context& io) : io_(io) {}
  ~asio_timer_service() override;
  asio_timer_service(const asio_timer_service&) = delete;
  asio_timer_service& operator=(const asio_timer_service&) = delete;

  id start(duration d, std::function<void()> fn) override;
  void cancel(id timer) override;
  [[nodiscard]] duration now() const override;

private:
  boost::asio::io_context& io_;
  id next_id_ = 1;
  std::unordered_map<id, std::unique_ptr<boost::asio::steady_timer>> timers_;
  // Lets handlers that outlive the service see that it is gone.
  std::shared_ptr<bool> alive_ = std::make_shared<bool>(true);
};

}  // namespace cmr::sip
