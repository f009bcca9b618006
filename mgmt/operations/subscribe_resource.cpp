// CMR-1 SubscribeResource (spec Tables 5-6): adds the resource to the
// subscriber's library and charges its price (after tariff rules) in one
// transaction with the repeated-operation guard.
#include "mgmt/operations/common.h"
#include "mgmt/operations/operations.h"

namespace cmr::mgmt::ops {
namespace {

const structure_desc request{"SubscribeResourceRequest",
                             subscriber_request_fields({str("ResourceId", 1, 1, 64)})};
const structure_desc response{"SubscribeResourceResponse", response_fields({})};

outcome handle(op_context& ctx) {
  const std::string subscriber(ctx.req.value("SubscriberId"));
  return mutate(ctx, [&]() -> outcome {
    auto r = available_resource(ctx, ctx.req.value("ResourceId"));
    if (!r) return r.error();
    store::library_entry e;
    e.subscriber_id = subscriber;
    e.item = {store::item_ref::kind::resource, r->id};
    e.subscribed_at = now(ctx);
    e.origin = store::library_origin::purchase;
    if (auto added = ctx.db.library().add(e); !added) {
      if (added.error().what == store::error::code::already_exists)
        return fail(status::repeated_operation, "already in the library");
      return internal_error(added.error(), "library add");
    }
    auto price = effective_price(ctx, *r);
    if (!price) return price.error();
    return charge(ctx, "subscribe", subscriber, subscriber, *r, *price);
  });
}

}  // namespace

const operation_desc& subscribe_resource() {
  static const operation_desc d{.name = "SubscribeResource",
                                .request = &request,
                                .response = &response,
                                .roles = role_subscriber | role_portal,
                                .handler = &handle};
  return d;
}

}  // namespace cmr::mgmt::ops
