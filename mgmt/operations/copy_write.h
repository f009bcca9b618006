// The store writes of a library addition between two subscribers: CMR-1
// AddResource (Action 1 copy, Action 2 gift) and the on-line copy during a
// ringback (dispatcher::copy_online, spec 5.7). One place decides what a
// copy checks, writes and charges, so that "press * to copy" does exactly
// what AddResource Action=1 does.
#pragma once

#include <string>
#include <string_view>

#include "common/ringback_control.h"
#include "mgmt/operation.h"

namespace cmr::mgmt::ops {

// A verdict in both vocabularies: the CMR status (AddResource answers it)
// and the on-line copy's outcome (cmr-server counts and logs it).
struct copy_result {
  ringback::copy_outcome what = ringback::copy_outcome::copied;
  outcome verdict;
  [[nodiscard]] bool ok() const { return verdict.ok(); }
};

struct copy_parties {
  std::string to;     // the copier (Action 1, pays) or the gift's receiver (Action 2)
  std::string owner;  // ResourceOwner (Action 2: the giver, who pays)
  bool gift = false;
};

// Before any write: both subscribers exist (10004 naming the missing one;
// an unknown copier is not_subscriber, an unknown owner
// resource_unavailable), they differ (10007, own_resource) and, for a copy,
// the owner allows copies (10003, privacy_refused).
copy_result check_copy_parties(store::store& db, const copy_parties& p);

// Inside the caller's transaction (a failure leaves the rollback to it):
// the resource is usable (10008) and, for a copy, in the owner's library
// (10008), the receiver's library has room (10007 "library full") and does
// not hold it yet (10011, already_owned; nothing charged), then the entry
// and its charge at the effective price (10010 on the credit limit,
// credit_refused). `details` goes into the charging record.
copy_result add_library_item(op_context& ctx, const copy_parties& p, std::string_view resource_id,
                             std::string_view details = {});

}  // namespace cmr::mgmt::ops
