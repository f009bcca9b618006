// The TU's retransmission of one response on an INVITE server transaction,
// shared by the 2xx (RFC 3261 13.3.1.4) and reliable 1xx (RFC 3262 3) duties:
// sent now, again at T1, then at intervals doubling up to `cap`, until
// stop(); 64*T1 after the first send it gives up and calls on_timeout. The
// last interval is cut so the expiry falls exactly at 64*T1.
#pragma once

#include <functional>
#include <memory>
#include <optional>

#include "common/timer_service.h"
#include "sip/message/message.h"
#include "sip/transaction/server_transaction.h"
#include "sip/transaction/timer_config.h"

namespace cmr::sip {

class response_retransmitter {
public:
  // `cap`: the longest interval (T2 for a 2xx; none for a reliable 1xx).
  response_retransmitter(server_transaction& tx, timer_service& timers, const timer_config& config,
                         std::optional<timer_service::duration> cap);
  ~response_retransmitter();
  response_retransmitter(const response_retransmitter&) = delete;
  response_retransmitter& operator=(const response_retransmitter&) = delete;

  // Sends `rsp` and starts retransmitting it (stopping any earlier one).
  // False when the transaction refused it (nothing is retransmitted).
  bool start(message rsp);
  void stop();

  [[nodiscard]] bool running() const { return rsp_.has_value(); }
  [[nodiscard]] const message* current() const { return rsp_ ? &*rsp_ : nullptr; }
  [[nodiscard]] int retransmissions() const { return retransmissions_; }

  // 64*T1 passed; the response is no longer retransmitted.
  std::function<void()> on_timeout;

private:
  void arm();
  void on_timer();

  server_transaction& tx_;
  timer_service& timers_;
  const timer_config& config_;
  std::optional<timer_service::duration> cap_;
  std::optional<message> rsp_;
  timer_service::duration interval_{0};
  timer_service::duration elapsed_{0};
  timer_service::timer_id timer_ = 0;
  int retransmissions_ = 0;
  std::shared_ptr<bool> alive_ = std::make_shared<bool>(true);
};

}  // namespace cmr::sip
