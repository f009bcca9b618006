#include "sip/dialog/ok_retransmitter.h"

#include <algorithm>

#include "store/log.h"

namespace cmr::sip {

ok_retransmitter::ok_retransmitter(std::shared_ptr<server_transaction> invite,
                                   timer_service& timers, const timer_config& config)
    : invite_(std::move(invite)), timers_(timers), config_(config) {}

ok_retransmitter::~ok_retransmitter() {
  *alive_ = false;
  if (timer_ != 0) timers_.cancel(timer_);
}

bool ok_retransmitter::send(message ok) {
  if (ok.status < 200 || ok.status >= 300 || !invite_->respond(ok)) return false;
  ok_ = std::move(ok);
  interval_ = config_.t1;
  elapsed_ = timer_service::duration{0};
  timer_ = timers_.start(interval_, [this, alive = alive_] {
    if (*alive) on_timer();
  });
  return true;
}

void ok_retransmitter::on_timer() {
  timer_ = 0;
  if (!ok_) return;
  elapsed_ += interval_;
  if (elapsed_ >= 64 * config_.t1) {
    CMR_LOG(sip, info, "2xx to INVITE %s never ACKed", invite_->request().call_id().c_str());
    ok_.reset();
    if (on_timeout) on_timeout();
    return;
  }
  ++retransmissions_;
  invite_->respond(*ok_);
  interval_ = std::min({interval_ * 2, config_.t2, 64 * config_.t1 - elapsed_});
  timer_ = timers_.start(interval_, [this, alive = alive_] {
    if (*alive) on_timer();
  });
}

void ok_retransmitter::on_ack() {
  ok_.reset();
  if (timer_ != 0) timers_.cancel(timer_);
  timer_ = 0;
}

}  // namespace cmr::sip
