#include "apps/cmr-server/server_copy.h"

#include "mgmt/dispatcher.h"
#include "mgmt/lexical.h"
#include "mgmt/log.h"

namespace cmr::app {
namespace {

using ringback::copy_outcome;

// "requests" first, then one counter per copy_outcome in its order (the
// names are ringback::to_string's).
const counter_desc k_counters[] = {
    {"copy-requests", "On-line copies asked for (a copy key during a ringback)"},
    {"copied", "Copied into the caller's library and charged"},
    {"already-owned", "The caller had the resource already (nothing charged)"},
    {"privacy-refused", "Refused: the owner does not allow copies"},
    {"credit-refused", "Refused: the price exceeds the caller's credit limit"},
    {"library-full", "Refused: the caller's library is full"},
    {"not-subscriber", "The caller is no CMR subscriber"},
    {"own-resource", "The caller is the resource's owner"},
    {"resource-unavailable", "Refused: the resource cannot be copied (inactive, expired, not the owner's)"},
    {"busy", "Refused: the store's write queue was full (nothing applied)"},
    {"failed", "Store errors"},
};
const counter_group_desc k_desc{"ringback", "On-line copy during the ringback", k_counters};

std::size_t index_of(copy_outcome o) { return 1 + static_cast<std::size_t>(o); }

}  // namespace

server_copy::server_copy() : group_(k_desc) {}

std::uint64_t server_copy::count(copy_outcome o) const { return group_.value(index_of(o)); }

void server_copy::copy(ringback::copy_request req, std::function<void(copy_outcome)> done) {
  group_.inc(0);
  const mgmt::dispatcher* d = dispatcher_.load(std::memory_order_acquire);
  if (d == nullptr) {
    // The IP-only server (no store writer): a configuration that cannot copy.
    finished(req, copy_outcome::failed);
    done(copy_outcome::failed);
    return;
  }
  auto r = std::make_shared<ringback::copy_request>(req);
  d->copy_online(std::move(req), [this, r, done = std::move(done)](copy_outcome o) {
    finished(*r, o);
    done(o);
  });
}

void server_copy::finished(const ringback::copy_request& req, copy_outcome o) {
  group_.inc(index_of(o));
  const std::string who = mgmt::printable(req.caller, 32);
  const std::string what = mgmt::printable(req.resource_id, 64);
  const std::string owner = mgmt::printable(req.owner, 32);
  const std::string call = mgmt::printable(req.call_ref, 64);
  switch (o) {
    case copy_outcome::copied:
      CMR_LOG(mgmt, notice, "%s: on-line copy of %s from %s for %s: copied", call.c_str(), what.c_str(),
              owner.c_str(), who.c_str());
      break;
    case copy_outcome::busy:
      CMR_LOG(mgmt, notice, "%s: on-line copy of %s from %s for %s: write queue full", call.c_str(),
              what.c_str(), owner.c_str(), who.c_str());
      break;
    case copy_outcome::failed:
      CMR_LOG(mgmt, error, "%s: on-line copy of %s from %s for %s: failed", call.c_str(), what.c_str(),
              owner.c_str(), who.c_str());
      break;
    default:
      CMR_LOG(mgmt, info, "%s: on-line copy of %s from %s for %s: %s", call.c_str(), what.c_str(),
              owner.c_str(), who.c_str(), ringback::to_string(o));
      break;
  }
}

std::string ringback_status_text(const ringback::presentation_settings& s, const server_copy& copies) {
  std::string out = "presentation-control ";
  out += s.enabled ? "enabled" : "shutdown";
  out += "\nsystem controls " + s.system.explain() + "\n";
  for (const auto k : {ringback::prompt_kind::confirmed, ringback::prompt_kind::refused,
                       ringback::prompt_kind::offer}) {
    out += "prompt ";
    out += ringback::to_string(k);
    out += " ";
    out += s.prompt(k).empty() ? std::string("builtin") : s.prompt(k);
    out += "\n";
  }
  out += "non-subscriber ";
  out += s.offer_non_subscribers ? "offer" : "ignore";
  out += "\nmax-keys-per-call " + std::to_string(s.max_keys_per_call) + "\n";
  out += copies.counters_text();
  return out;
}

}  // namespace cmr::app
