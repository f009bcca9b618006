// Two SCCP services joined back to back in memory: what one side sends, the
// other receives. Nothing is delivered from inside send_unitdata (that would
// re-enter the sending layer); the owner calls pump() to deliver everything
// queued, in order, as an SCCP network would later. For unit tests and
// single-process benchmarks of two TCAP layers; no SIGTRAN involved.
#pragma once

#include <deque>
#include <functional>
#include <optional>

#include "sigtran/sccp_types.h"

namespace cmr::in::tcap {

class local_sccp_pair {
public:
  class end final : public sigtran::sccp_service {
  public:
    end(local_sccp_pair& pair, int side, sigtran::sccp_address addr)
        : pair_(pair), side_(side), addr_(std::move(addr)) {}
    bool send_unitdata(sigtran::n_unitdata msg) override;
    [[nodiscard]] std::uint8_t local_ssn() const override { return addr_.ssn.value_or(0); }
    [[nodiscard]] sigtran::sccp_address local_address() const override { return addr_; }
    // Where this side's received messages go (the TCAP layer's receive()).
    sigtran::unitdata_handler on_receive;
    // Where this side's returned messages go (the TCAP layer's notice()).
    sigtran::notice_handler on_notice;
    // Every message this side sent, for tests to inspect (when recording).
    std::vector<sigtran::n_unitdata> sent;
    bool record = true;
    bool fail_sends = false;  // simulate a dead route
    // Simulate an unreachable destination: what this side sends is accepted,
    // then comes back to it as an N-NOTICE with this return cause (a UDTS).
    std::optional<std::uint8_t> return_sends;

  private:
    local_sccp_pair& pair_;
    int side_;
    sigtran::sccp_address addr_;
  };

  local_sccp_pair(sigtran::sccp_address a, sigtran::sccp_address b)
      : a_(*this, 0, std::move(a)), b_(*this, 1, std::move(b)) {}

  end& a() { return a_; }
  end& b() { return b_; }

  // Delivers queued messages until none are left (replies included);
  // returns how many were delivered.
  std::size_t pump();
  [[nodiscard]] std::size_t queued() const { return queue_.size(); }

private:
  struct in_flight {
    int to_side;
    sigtran::n_unitdata msg;
    std::optional<std::uint8_t> returned;  // set: an N-NOTICE back to the sender
  };
  end a_;
  end b_;
  std::deque<in_flight> queue_;
};

}  // namespace cmr::in::tcap
