// Private to sigtran/: follows the ASPs, ASs and routes of one cs7 instance
// on the osmo thread, logs every state change (DSIGTRAN, notice) and
// publishes the result into a link_table for other threads.
//
// libosmo-sigtran 1.6 offers no state-change callback for IPA ASPs (the
// layer-manager primitives exist for M3UA only) and dynamic ASPs come and go
// with their connections, so the monitor polls: a walk over a handful of
// list entries every `interval`, far below any measurable cost.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <utility>

#include "common/counters.h"
#include "sigtran/link_table.h"
#include "sigtran/osmo_timer.h"

namespace cmr::sigtran {

// Osmo thread: told of every ASP or AS that appeared, changed state or went
// (`removed`), right after the change is logged; the CTRL interface sends
// its TRAPs from here. One per process, like libosmo's own state; empty
// (the default) for none.
using link_change_observer = std::function<void(const link_row& row, bool removed)>;
void set_link_change_observer(link_change_observer observer);

class link_monitor {
public:
  link_monitor(link_table& table, std::uint32_t cs7_instance, std::chrono::milliseconds interval);
  ~link_monitor();  // osmo thread
  link_monitor(const link_monitor&) = delete;
  link_monitor& operator=(const link_monitor&) = delete;

  // Osmo thread: polls now, then every interval until stop().
  void start();
  void stop();
  // Osmo thread: one pass (the VTY calls it so "show" is never stale).
  void poll();

private:
  link_snapshot read() const;

  link_table& table_;
  std::uint32_t instance_;
  std::chrono::milliseconds interval_;
  // Every ASP and AS as a counter group of its own ("cmr_sigtran-asp" /
  // "cmr_sigtran-as", named by the link): its state as the gauge "up", its
  // transitions counted. So link state reaches statsd, CTRL and /metrics
  // like every other level.
  void count(const link_snapshot& before, const link_snapshot& after);
  // Indexes count per kind from 0 in the order links appear (CTRL's
  // stat_item.* wants the index: stat_item.last.cmr_sigtran-asp.0.up).
  std::map<std::pair<link_row::kind, std::string>, std::unique_ptr<counter_group>> groups_;
  unsigned next_asp_index_ = 0;
  unsigned next_as_index_ = 0;
  link_snapshot last_;
  bool first_ = true;
  std::unique_ptr<osmo_timer> timer_;
};

}  // namespace cmr::sigtran
