// UAS side of RFC 3262 (100rel) for one INVITE: sends 101-199 responses
// reliably (Require: 100rel, RSeq), retransmits each at T1, 2*T1, 4*T1...
// until its PRACK arrives, and gives up after 64*T1 (the UAS then rejects the
// INVITE with a 5xx, RFC 3262 section 3). Runs whatever the transport: the
// retransmission is the TU's, not the transaction's.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>

#include "common/timer_service.h"
#include "sip/dialog/response_retransmitter.h"
#include "sip/message/message.h"
#include "sip/transaction/server_transaction.h"
#include "sip/transaction/timer_config.h"

namespace cmr::sip {

class reliable_provisional {
public:
  reliable_provisional(std::shared_ptr<server_transaction> invite, timer_service& timers,
                       const timer_config& config);
  ~reliable_provisional();
  reliable_provisional(const reliable_provisional&) = delete;
  reliable_provisional& operator=(const reliable_provisional&) = delete;

  // Sends `rsp` reliably. False while an earlier one is unacknowledged (RFC
  // 3262: one at a time) or when the transaction no longer accepts 1xx.
  bool send(message rsp);
  // Matches a PRACK's RAck against the outstanding response. True: answer the
  // PRACK 200 (retransmissions stop); false: answer 481.
  bool on_prack(const message& prack);
  // Stops retransmitting (a final response was sent).
  void stop();

  [[nodiscard]] bool pending() const { return resend_.running(); }
  [[nodiscard]] std::uint32_t last_rseq() const { return rseq_ - 1; }
  [[nodiscard]] int retransmissions() const { return resend_.retransmissions(); }

  // No PRACK within 64*T1.
  std::function<void()> on_timeout;

private:
  std::shared_ptr<server_transaction> invite_;
  std::uint32_t rseq_;
  response_retransmitter resend_;
};

}  // namespace cmr::sip
