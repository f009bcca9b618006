// The presence watcher's counter group "cmr_presence" (common/counters.h):
// "show rate-counters", statsd, and "show cmr presence".
#pragma once

#include "common/counters.h"

namespace cmr::sip::presence {

struct watcher_counters {
  watcher_counters();
  counter_group group;
  counter_ref subscribes{group, "subscribes"}, refreshes{group, "refreshes"},
      unsubscribes{group, "unsubscribes"}, subscribe_failures{group, "subscribe-failures"},
      resubscribes{group, "resubscribes"}, notifies{group, "notifies"},
      notifies_refused{group, "notifies-refused"}, parse_failures{group, "parse-failures"},
      updates{group, "updates"}, updates_dropped{group, "updates-dropped"};
  gauge_ref watched{group, "watched"}, active{group, "subscriptions-active"},
      queued{group, "queued"}, in_flight{group, "in-flight"};
};

}  // namespace cmr::sip::presence
