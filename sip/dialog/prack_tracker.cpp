#include "sip/dialog/prack_tracker.h"

namespace cmr::sip {

prack_tracker::verdict prack_tracker::on_provisional(const message& rsp) {
  if (rsp.status <= 100 || rsp.status >= 200 || !rsp.has_option("Require", "100rel"))
    return verdict::not_reliable;
  const auto* value = rsp.header("RSeq");
  if (value == nullptr) return verdict::not_reliable;
  const auto rseq = parse_rseq(*value);
  if (!rseq) return verdict::not_reliable;
  if (!last_) {
    last_ = *rseq;
    return verdict::prack;
  }
  if (*rseq <= *last_) return verdict::retransmission;
  if (*rseq != *last_ + 1) return verdict::out_of_order;
  last_ = *rseq;
  return verdict::prack;
}

}  // namespace cmr::sip
