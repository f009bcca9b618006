#include "mgmt/operations/copy_write.h"

#include "mgmt/operations/common.h"

namespace cmr::mgmt::ops {
namespace {

using ringback::copy_outcome;

copy_result refused(copy_outcome what, outcome verdict) { return {what, std::move(verdict)}; }

// A store error: 99999 (logged by internal_error), failed.
copy_result broken(const outcome& verdict) { return refused(copy_outcome::failed, verdict); }

// What a CMR status from the shared helpers means to an on-line copy.
copy_result from_status(outcome verdict) {
  switch (verdict.code) {
    case status::success: return {copy_outcome::copied, std::move(verdict)};
    case status::resource_not_available: return refused(copy_outcome::resource_unavailable, std::move(verdict));
    case status::charging_failed: return refused(copy_outcome::credit_refused, std::move(verdict));
    default: return broken(verdict);
  }
}

}  // namespace

copy_result check_copy_parties(store::store& db, const copy_parties& p) {
  if (p.to == p.owner)
    return refused(copy_outcome::own_resource, fail(status::invalid_parameter, "ResourceOwner: same as SubscriberId"));
  for (const std::string& who : {p.to, p.owner}) {
    auto exists = db.subscribers().get(who);
    if (!exists) {
      if (exists.error().what != store::error::code::not_found)
        return broken(internal_error(exists.error(), "subscriber"));
      return refused(who == p.to ? copy_outcome::not_subscriber : copy_outcome::resource_unavailable,
                     fail(status::invalid_subscriber_id, who));
    }
    if (!p.gift && who == p.owner && exists->privacy == store::copy_privacy::deny)
      return refused(copy_outcome::privacy_refused,
                     fail(status::security_error, "the owner does not allow copies"));
  }
  return {};
}

copy_result add_library_item(op_context& ctx, const copy_parties& p, std::string_view resource_id,
                             std::string_view details) {
  auto r = available_resource(ctx, resource_id);
  if (!r) return from_status(r.error());
  const store::item_ref item{store::item_ref::kind::resource, r->id};
  auto& lib = ctx.db.library();
  if (!p.gift) {
    auto held = lib.get(p.owner, item);
    if (!held) {
      if (held.error().what == store::error::code::not_found)
        return refused(copy_outcome::resource_unavailable,
                       fail(status::resource_not_available, "not in the owner's library"));
      return broken(internal_error(held.error(), "owner library"));
    }
  }
  if (auto mine = lib.get(p.to, item); mine)
    return refused(copy_outcome::already_owned, fail(status::repeated_operation, "already in the library"));
  else if (mine.error().what != store::error::code::not_found)
    return broken(internal_error(mine.error(), "library"));
  // The same limit as LibraryManagement Create (SystemSetting
  // MaxLibraryEntries).
  auto limits = ctx.db.settings().limits();
  if (!limits) return broken(internal_error(limits.error(), "limits"));
  auto all = lib.list(p.to);
  if (!all) return broken(internal_error(all.error(), "library"));
  if (static_cast<std::int64_t>(all->size()) >= limits->max_library_entries)
    return refused(copy_outcome::library_full, fail(status::invalid_parameter, "library full"));

  store::library_entry e;
  e.subscriber_id = p.to;
  e.item = item;
  e.subscribed_at = now(ctx);
  e.origin = p.gift ? store::library_origin::gift : store::library_origin::copy;
  e.from_subscriber = p.owner;
  if (auto added = lib.add(e); !added) {
    if (added.error().what == store::error::code::already_exists)
      return refused(copy_outcome::already_owned, fail(status::repeated_operation, "already in the library"));
    return broken(internal_error(added.error(), "library add"));
  }
  auto price = effective_price(ctx, *r);
  if (!price) return from_status(price.error());
  return from_status(charge(ctx, p.gift ? "gift" : "copy", p.to, p.gift ? p.owner : p.to, *r, *price, details));
}

}  // namespace cmr::mgmt::ops
