// CMR-1 AddResource (spec Tables 7-8): Action 1 copies resources from
// ResourceOwner's library into SubscriberId's (if the owner's privacy allows;
// the copier pays the price), Action 2 gives them to SubscriberId, paid by
// ResourceOwner (whose SessionKey authenticates the gift). All or nothing:
// one refused resource refuses the request, and the response lists a result
// per resource (the spec leaves partial results "FFS"): 0 there means "this
// one was acceptable", applied only when the overall StatusCode is 0.
#include "mgmt/operations/common.h"
#include "mgmt/operations/operations.h"

namespace cmr::mgmt::ops {
namespace {

const structure_desc result_info{"ResourceResult",
                                 {str("ResourceId", 1, 1, 64), integer("StatusCode", 1),
                                  str("StatusDescription", 0, 1, 0)}};
const structure_desc request{
    "AddResourceRequest",
    {transaction_id_field(), numeric_enumeration("Action", 1, {"1", "2"}), subscriber_id_field(),
     session_key_field(), str("ResourceId", 1, unbounded, 64), str("ResourceOwner", 1, 1, 32)}};
const structure_desc response{"AddResourceResponse",
                              response_fields({structure("ResourceResult", 0, unbounded, result_info)})};

std::string_view acting(const element& req) {
  return req.value("Action") == "2" ? req.value("ResourceOwner") : req.value("SubscriberId");
}

outcome add_one(op_context& ctx, bool gift, const std::string& to, const std::string& owner,
                std::string_view id) {
  auto r = available_resource(ctx, id);
  if (!r) return r.error();
  const store::item_ref item{store::item_ref::kind::resource, r->id};
  if (!gift) {
    auto held = ctx.db.library().get(owner, item);
    if (!held) {
      if (held.error().what == store::error::code::not_found)
        return fail(status::resource_not_available, "not in the owner's library");
      return internal_error(held.error(), "owner library");
    }
  }
  store::library_entry e;
  e.subscriber_id = to;
  e.item = item;
  e.subscribed_at = now(ctx);
  e.origin = gift ? store::library_origin::gift : store::library_origin::copy;
  e.from_subscriber = owner;
  if (auto added = ctx.db.library().add(e); !added) {
    if (added.error().what == store::error::code::already_exists)
      return fail(status::repeated_operation, "already in the library");
    return internal_error(added.error(), "library add");
  }
  auto price = effective_price(ctx, *r);
  if (!price) return price.error();
  return charge(ctx, gift ? "gift" : "copy", to, gift ? owner : to, *r, *price);
}

outcome handle(op_context& ctx) {
  const bool gift = ctx.req.value("Action") == "2";
  const std::string to(ctx.req.value("SubscriberId"));
  const std::string owner(ctx.req.value("ResourceOwner"));
  if (to == owner) return fail(status::invalid_parameter, "ResourceOwner: same as SubscriberId");
  for (const std::string& who : {to, owner}) {
    auto exists = ctx.db.subscribers().get(who);
    if (!exists) {
      if (exists.error().what == store::error::code::not_found)
        return fail(status::invalid_subscriber_id, who);
      return internal_error(exists.error(), "subscriber");
    }
    if (!gift && who == owner && exists->privacy == store::copy_privacy::deny)
      return fail(status::security_error, "the owner does not allow copies");
  }
  return mutate(ctx, [&]() -> outcome {
    outcome first;
    for (const element* id : ctx.req.all("ResourceId")) {
      // Every resource is tried, inside the one transaction, so the caller
      // learns each problem at once; any failure rolls all of them back.
      const outcome o = add_one(ctx, gift, to, owner, id->text);
      element& res = ctx.resp.add_structure("ResourceResult");
      res.add("ResourceId", id->text);
      res.add("StatusCode", std::to_string(static_cast<int>(o.code)));
      std::string text(describe(o.code));
      if (!o.detail.empty()) text += ": " + o.detail;
      res.add("StatusDescription", text);
      if (first.ok() && !o.ok()) first = o;
    }
    return first;
  });
}

}  // namespace

const operation_desc& add_resource() {
  static const operation_desc d{.name = "AddResource",
                                .request = &request,
                                .response = &response,
                                .roles = role_subscriber | role_portal,
                                .acting_subscriber = &acting,
                                .handler = &handle};
  return d;
}

}  // namespace cmr::mgmt::ops
