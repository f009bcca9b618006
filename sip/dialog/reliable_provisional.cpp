#include "sip/dialog/reliable_provisional.h"

#include <random>

#include "sip/message/text.h"
#include "store/log.h"

namespace cmr::sip {

namespace {
std::uint32_t initial_rseq() {
  // RFC 3262 3: random between 1 and 2^31 - 1.
  thread_local std::mt19937 rng{std::random_device{}()};
  return std::uniform_int_distribution<std::uint32_t>(1, (1U << 31) - 1)(rng);
}
}  // namespace

reliable_provisional::reliable_provisional(std::shared_ptr<server_transaction> invite,
                                           timer_service& timers, const timer_config& config)
    : invite_(std::move(invite)), timers_(timers), config_(config), rseq_(initial_rseq()) {}

reliable_provisional::~reliable_provisional() {
  *alive_ = false;
  stop();
}

bool reliable_provisional::send(message rsp) {
  if (outstanding_ || rsp.status <= 100 || rsp.status >= 200) return false;
  if (!rsp.has_option("Require", "100rel")) rsp.add_header("Require", "100rel");
  rsp.set_header("RSeq", std::to_string(rseq_++));
  if (!invite_->respond(rsp)) return false;
  outstanding_ = std::move(rsp);
  interval_ = config_.t1;
  elapsed_ = timer_service::duration{0};
  retransmissions_ = 0;
  timer_ = timers_.start(interval_, [this, alive = alive_] {
    if (*alive) on_timer();
  });
  return true;
}

void reliable_provisional::on_timer() {
  timer_ = 0;
  if (!outstanding_) return;
  elapsed_ += interval_;
  if (elapsed_ >= 64 * config_.t1) {
    CMR_LOG(sip, info, "100rel: no PRACK for RSeq %s within 64*T1",
            outstanding_->header("RSeq")->c_str());
    outstanding_.reset();
    if (on_timeout) on_timeout();
    return;
  }
  ++retransmissions_;
  invite_->respond(*outstanding_);
  interval_ *= 2;
  // The last interval is cut so the expiry falls exactly at 64*T1.
  const auto next = std::min(interval_, 64 * config_.t1 - elapsed_);
  interval_ = next;
  timer_ = timers_.start(next, [this, alive = alive_] {
    if (*alive) on_timer();
  });
}

bool reliable_provisional::on_prack(const message& prack) {
  const auto* value = prack.header("RAck");
  if (value == nullptr || !outstanding_) return false;
  const auto r = parse_rack(*value);
  const auto cs = outstanding_->cseq();
  if (!r || !cs) return false;
  if (r->rseq != last_rseq() || r->cseq_number != cs->number || r->method != cs->method)
    return false;
  stop();
  return true;
}

void reliable_provisional::stop() {
  outstanding_.reset();
  if (timer_ != 0) timers_.cancel(timer_);
  timer_ = 0;
}

}  // namespace cmr::sip
