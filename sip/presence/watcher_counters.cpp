#include "sip/presence/watcher_counters.h"

namespace cmr::sip::presence {
namespace {

const counter_desc k_counters[] = {
    {"subscribes", "Initial SUBSCRIBE requests sent"},
    {"refreshes", "Refreshing SUBSCRIBE requests sent"},
    {"unsubscribes", "SUBSCRIBE with Expires 0 sent (subscriber no longer watched, shutdown)"},
    {"subscribe-failures", "SUBSCRIBE transactions ended without a 2xx (incl. timeouts)"},
    {"resubscribes", "New subscriptions after a terminated one, a 481 or a failure"},
    {"notifies", "NOTIFY requests received"},
    {"notifies-refused", "NOTIFY answered with an error (481, 415, 413, 400, 489)"},
    {"parse-failures", "NOTIFY bodies that were not usable PIDF"},
    {"updates", "Presence/location updates handed to the store"},
    {"updates-dropped", "Updates the store's write queue refused"},
};
const gauge_desc k_gauges[] = {
    {"watched", "Subscribers whose rules use presence or location", "subscribers"},
    {"subscriptions-active", "Subscriptions with an established dialog", "subscriptions"},
    {"queued", "Subscriptions waiting for a send slot (rate and in-flight caps)", "subscriptions"},
    {"in-flight", "SUBSCRIBE transactions waiting for their final response", "transactions"},
};
const counter_group_desc k_desc{"presence", "Presence watcher", k_counters, k_gauges};

}  // namespace

watcher_counters::watcher_counters() : group(k_desc) {}

}  // namespace cmr::sip::presence
