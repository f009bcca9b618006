// UAS core duty of RFC 3261 13.3.1.4: the 2xx to an INVITE is retransmitted
// by the TU (the transaction is gone, or Accepted per RFC 6026) at T1,
// doubling up to T2, until the ACK arrives; after 64*T1 without ACK the
// dialog is confirmed and then ended with BYE (on_timeout tells the TU).
// Transport-independent like 100rel: on TCP the retransmissions are cheap
// duplicates, so a TU may choose not to start it on reliable transports.
#pragma once

#include <functional>
#include <memory>

#include "common/timer_service.h"
#include "sip/dialog/response_retransmitter.h"
#include "sip/message/message.h"
#include "sip/transaction/server_transaction.h"
#include "sip/transaction/timer_config.h"

namespace cmr::sip {

class ok_retransmitter {
public:
  ok_retransmitter(std::shared_ptr<server_transaction> invite, timer_service& timers,
                   const timer_config& config);
  ~ok_retransmitter();
  ok_retransmitter(const ok_retransmitter&) = delete;
  ok_retransmitter& operator=(const ok_retransmitter&) = delete;

  // Sends the 2xx and starts retransmitting it.
  bool send(message ok);
  // The ACK for this 2xx arrived (match it by dialog and CSeq before calling).
  void on_ack();
  [[nodiscard]] bool waiting() const { return resend_.running(); }
  [[nodiscard]] int retransmissions() const { return resend_.retransmissions(); }

  std::function<void()> on_timeout;

private:
  std::shared_ptr<server_transaction> invite_;
  response_retransmitter resend_;
};

}  // namespace cmr::sip
