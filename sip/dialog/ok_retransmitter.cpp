#include "sip/dialog/ok_retransmitter.h"

#include "sip/log.h"

namespace cmr::sip {

ok_retransmitter::ok_retransmitter(std::shared_ptr<server_transaction> invite,
                                   timer_service& timers, const timer_config& config)
    : invite_(std::move(invite)), resend_(*invite_, timers, config, config.t2) {
  resend_.on_timeout = [this] {
    CMR_LOG(sip, info, "2xx to INVITE %s never ACKed", invite_->request().call_id().c_str());
    if (on_timeout) on_timeout();
  };
}

ok_retransmitter::~ok_retransmitter() = default;

bool ok_retransmitter::send(message ok) {
  if (ok.status < 200 || ok.status >= 300) return false;
  return resend_.start(std::move(ok));
}

void ok_retransmitter::on_ack() {
  resend_.stop();
}

}  // namespace cmr::sip
