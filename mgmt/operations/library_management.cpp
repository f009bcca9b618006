// CMR-6 LibraryManagement: the Personal Resource Library. Query lists it
// (or one entry), Create subscribes (charged like SubscribeResource; a box
// of one's own is free), Update renews (ExpireDate; absent: never expires),
// Delete removes an entry. ResourceId names a resource or one's own box.
#include "mgmt/lexical.h"
#include "mgmt/operations/common.h"
#include "mgmt/operations/operations.h"

namespace cmr::mgmt::ops {
namespace {

const structure_desc entry_info{
    "LibraryEntry",
    {str("ResourceId", 1, 1, 64), enumeration("ItemType", 1, {"resource", "box"}),
     datetime("SubscribedAt", 1), datetime("ExpireDate", 0),
     enumeration("Origin", 1, {"purchase", "copy", "gift"}), str("FromSubscriber", 0, 1, 32)}};
const structure_desc request{
    "LibraryManagementRequest",
    subscriber_request_fields({operation_type_field(), str("ResourceId", 0, 1, 64), datetime("ExpireDate", 0)})};
const structure_desc response{"LibraryManagementResponse",
                              response_fields({structure("LibraryEntry", 0, unbounded, entry_info)})};

void add_entry(element& resp, const store::library_entry& e) {
  element& x = resp.add_structure("LibraryEntry");
  x.add("ResourceId", e.item.id);
  x.add("ItemType", e.item.what == store::item_ref::kind::box ? "box" : "resource");
  x.add("SubscribedAt", format_datetime(e.subscribed_at));
  if (e.expires_at) x.add("ExpireDate", format_datetime(*e.expires_at));
  static constexpr const char* origins[] = {"purchase", "purchase", "copy", "gift"};
  x.add("Origin", origins[static_cast<std::size_t>(e.origin) & 3u]);
  if (!e.from_subscriber.empty()) x.add("FromSubscriber", e.from_subscriber);
}

outcome entry_error(const store::error& e, std::string_view id) {
  if (e.what == store::error::code::not_found)
    return fail(status::resource_not_available, "not in the library: " + std::string(id));
  return internal_error(e, "library");
}

outcome handle(op_context& ctx) {
  const std::string sub(ctx.req.value("SubscriberId"));
  const std::string id(ctx.req.value("ResourceId"));
  const auto op = operation_type(ctx.req);
  if (op == store::operation_type::query && id.empty()) {
    auto all = ctx.db.library().list(sub);
    if (!all) return internal_error(all.error(), "library");
    for (const auto& e : *all) add_entry(ctx.resp, e);
    return {};
  }
  if (id.empty()) return fail(status::invalid_parameter, "ResourceId missing");
  auto item = resolve_item(ctx, sub, id);
  if (!item) return item.error();
  auto& lib = ctx.db.library();
  switch (op) {
    case store::operation_type::query: {
      auto e = lib.get(sub, *item);
      if (!e) return entry_error(e.error(), id);
      add_entry(ctx.resp, *e);
      return {};
    }
    case store::operation_type::create:
      return mutate(ctx, [&]() -> outcome {
        auto limits = ctx.db.settings().limits();
        if (!limits) return internal_error(limits.error(), "limits");
        auto all = lib.list(sub);
        if (!all) return internal_error(all.error(), "library");
        if (static_cast<std::int64_t>(all->size()) >= limits->max_library_entries)
          return fail(status::invalid_parameter, "library full");
        std::optional<store::resource> r;
        if (item->what == store::item_ref::kind::resource) {
          auto avail = available_resource(ctx, id);
          if (!avail) return avail.error();
          r = std::move(*avail);
        }
        store::library_entry e;
        e.subscriber_id = sub;
        e.item = *item;
        e.subscribed_at = now(ctx);
        if (ctx.req.has("ExpireDate")) e.expires_at = parse_datetime(ctx.req.value("ExpireDate"));
        if (auto a = lib.add(e); !a) {
          if (a.error().what == store::error::code::already_exists)
            return fail(status::repeated_operation, "already in the library");
          return internal_error(a.error(), "library add");
        }
        if (r) {
          auto price = effective_price(ctx, *r);
          if (!price) return price.error();
          if (auto c = charge(ctx, "subscribe", sub, sub, *r, *price); !c.ok()) return c;
        }
        add_entry(ctx.resp, e);
        return {};
      });
    case store::operation_type::update:
      return mutate(ctx, [&]() -> outcome {
        std::optional<store::timestamp> until;
        if (ctx.req.has("ExpireDate")) until = parse_datetime(ctx.req.value("ExpireDate"));
        if (auto r = lib.renew(sub, *item, until); !r) return entry_error(r.error(), id);
        auto e = lib.get(sub, *item);
        if (!e) return entry_error(e.error(), id);
        add_entry(ctx.resp, *e);
        return {};
      });
    case store::operation_type::remove:
      return mutate(ctx, [&]() -> outcome {
        if (auto r = lib.remove(sub, *item); !r) return entry_error(r.error(), id);
        return {};
      });
  }
  return fail(status::invalid_parameter);
}

}  // namespace

const operation_desc& library_management() {
  static const operation_desc d{.name = "LibraryManagement",
                                .request = &request,
                                .response = &response,
                                .roles = role_subscriber | role_portal,
                                .handler = &handle};
  return d;
}

}  // namespace cmr::mgmt::ops
