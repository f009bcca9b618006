// A scripted SIP trunk to the platform for the call-model tests (trunk.h):
// records what the model asked for; its events come 10 ms later from the
// manual clock, never from inside its calls. The platform's leg rings the
// callee right after the INVITE; answer() gives the A-leg's 200 OK, busy()
// its 486, both with `ringback` as what the RTP check found.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "common/timer_service.h"
#include "tools/cmr-ssf/trunk.h"

namespace cmr::tools::ssf::ssf_test {

using namespace std::chrono_literals;

class fake_trunks final : public trunk_service {
public:
  fake_trunks(cmr::timer_service& timers) : timers_(timers) {}
  trunk_events* events = nullptr;
  std::vector<trunk_request> opened;
  std::vector<std::string> actions;  // "answer 1", "busy 1", "close 1"
  rtp_report ringback;               // what the A-leg's answer or 486 reports
  std::map<trunk_id, std::uint32_t> live;

  trunk_id open(const trunk_request& req) override {
    opened.push_back(req);
    const trunk_id id = next_++;
    live[id] = req.call;
    later(id, [this](std::uint32_t call, trunk_id t) { events->trunk_alerting(call, t); });
    return id;
  }
  void answer(trunk_id id) override {
    actions.push_back("answer " + std::to_string(id));
    later(id,
          [this](std::uint32_t call, trunk_id t) { events->trunk_answered(call, t, ringback); });
  }
  void busy(trunk_id id) override {
    actions.push_back("busy " + std::to_string(id));
    later(id, [this](std::uint32_t call, trunk_id t) {
      live.erase(t);
      trunk_end e;
      e.status = 486;
      e.detail = "A-leg INVITE answered 486 Busy Here";
      e.rtp = ringback;
      events->trunk_ended(call, t, e);
    });
  }
  rtp_report close(trunk_id id) override {
    actions.push_back("close " + std::to_string(id));
    live.erase(id);
    return ringback;
  }
  [[nodiscard]] std::size_t open_count() const override { return live.size(); }

private:
  template <typename F>
  void later(trunk_id id, F f) {
    timers_.start(10ms, [this, id, f] {
      if (auto it = live.find(id); it != live.end()) f(it->second, id);
    });
  }
  cmr::timer_service& timers_;
  trunk_id next_ = 1;
};

}  // namespace cmr::tools::ssf::ssf_test
