#include "in/tcap/local_sccp_pair.h"

namespace cmr::in::tcap {

bool local_sccp_pair::end::send_unitdata(sigtran::n_unitdata msg) {
  if (fail_sends) return false;
  if (record) sent.push_back(msg);
  if (return_sends) {
    pair_.queue_.push_back({side_, std::move(msg), return_sends});
  } else {
    pair_.queue_.push_back({1 - side_, std::move(msg), std::nullopt});
  }
  return true;
}

std::size_t local_sccp_pair::pump() {
  std::size_t n = 0;
  while (!queue_.empty()) {
    in_flight f = std::move(queue_.front());
    queue_.pop_front();
    end& to = f.to_side == 0 ? a_ : b_;
    if (f.returned) {
      if (to.on_notice)
        to.on_notice(sigtran::n_notice{f.msg.called, f.msg.calling, std::move(f.msg.data), *f.returned, false});
    } else if (to.on_receive) {
      to.on_receive(std::move(f.msg));
    }
    ++n;
  }
  return n;
}

}  // namespace cmr::in::tcap
