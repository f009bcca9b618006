#include "sip/dialog/reliable_provisional.h"

#include <random>

#include "sip/log.h"
#include "sip/message/text.h"

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
    : invite_(std::move(invite)),
      rseq_(initial_rseq()),
      resend_(*invite_, timers, config, std::nullopt) {
  resend_.on_timeout = [this] {
    CMR_LOG(sip, info, "100rel: no PRACK for RSeq %u within 64*T1", last_rseq());
    if (on_timeout) on_timeout();
  };
}

reliable_provisional::~reliable_provisional() = default;

bool reliable_provisional::send(message rsp) {
  if (resend_.running() || rsp.status <= 100 || rsp.status >= 200) return false;
  if (!rsp.has_option("Require", "100rel")) rsp.add_header("Require", "100rel");
  rsp.set_header("RSeq", std::to_string(rseq_++));
  return resend_.start(std::move(rsp));
}

bool reliable_provisional::on_prack(const message& prack) {
  const auto* value = prack.header("RAck");
  const message* outstanding = resend_.current();
  if (value == nullptr || outstanding == nullptr) return false;
  const auto r = parse_rack(*value);
  const auto cs = outstanding->cseq();
  if (!r || !cs) return false;
  if (r->rseq != last_rseq() || r->cseq_number != cs->number || r->method != cs->method)
    return false;
  stop();
  return true;
}

void reliable_provisional::stop() {
  resend_.stop();
}

}  // namespace cmr::sip
