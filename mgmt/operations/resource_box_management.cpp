// CMR-6 ResourceBoxManagement: a subscriber's boxes (ordered resources
// played randomly or in sequence). A created box enters its owner's library,
// so rules and defaults may name it; its resources must exist.
#include "mgmt/operations/common.h"
#include "mgmt/operations/operations.h"

namespace cmr::mgmt::ops {
namespace {

const structure_desc box_info{"ResourceBox",
                              {str("BoxId", 1, 1, 64), str("BoxName", 1, 1, 128),
                               enumeration("PlayMode", 1, {"random", "sequential"}),
                               str("ResourceId", 0, unbounded, 64)}};
const structure_desc request{
    "ResourceBoxManagementRequest",
    subscriber_request_fields({operation_type_field(), str("BoxId", 0, 1, 64), str("BoxName", 0, 1, 128),
                               enumeration("PlayMode", 0, {"random", "sequential"}),
                               str("ResourceId", 0, unbounded, 64)})};
const structure_desc response{"ResourceBoxManagementResponse",
                              response_fields({structure("ResourceBox", 0, unbounded, box_info)})};

void add_box(element& resp, const store::resource_box& b) {
  element& e = resp.add_structure("ResourceBox");
  e.add("BoxId", b.id);
  e.add("BoxName", b.name);
  e.add("PlayMode", b.mode == store::play_mode::random ? "random" : "sequential");
  for (const auto& r : b.resource_ids) e.add("ResourceId", r);
}

outcome fill(op_context& ctx, store::resource_box& b) {
  if (ctx.req.has("BoxName")) b.name = std::string(ctx.req.value("BoxName"));
  if (ctx.req.has("PlayMode"))
    b.mode = ctx.req.value("PlayMode") == "random" ? store::play_mode::random : store::play_mode::sequential;
  if (!ctx.req.has("ResourceId")) return {};
  b.resource_ids.clear();
  for (const element* id : ctx.req.all("ResourceId")) {
    auto r = ctx.db.resources().get(id->text);
    if (!r) {
      if (r.error().what == store::error::code::not_found)
        return fail(status::resource_not_available, id->text);
      return internal_error(r.error(), "resource");
    }
    b.resource_ids.push_back(id->text);
  }
  return {};
}

outcome handle(op_context& ctx) {
  const std::string sub(ctx.req.value("SubscriberId"));
  const std::string id(ctx.req.value("BoxId"));
  auto& boxes = ctx.db.boxes();
  const auto op = operation_type(ctx.req);
  if (op == store::operation_type::query && id.empty()) {
    auto all = boxes.list_by_owner(sub);
    if (!all) return internal_error(all.error(), "boxes");
    for (const auto& b : *all) add_box(ctx.resp, b);
    return {};
  }
  if (id.empty()) return fail(status::invalid_parameter, "BoxId missing");
  if (op == store::operation_type::create) {
    if (!ctx.req.has("BoxName")) return fail(status::invalid_parameter, "Create needs BoxName");
    return mutate(ctx, [&]() -> outcome {
      store::resource_box b{id, sub, {}, store::play_mode::random, {}};
      if (auto o = fill(ctx, b); !o.ok()) return o;
      if (auto c = boxes.create(b); !c) {
        if (c.error().what == store::error::code::already_exists)
          return fail(status::invalid_parameter, "BoxId already in use");
        return internal_error(c.error(), "box create");
      }
      store::library_entry e;
      e.subscriber_id = sub;
      e.item = {store::item_ref::kind::box, id};
      e.subscribed_at = now(ctx);
      if (auto a = ctx.db.library().add(e); !a) return internal_error(a.error(), "library add");
      add_box(ctx.resp, b);
      return {};
    });
  }
  auto current = boxes.get(id);
  if (!current) {
    if (current.error().what == store::error::code::not_found)
      return fail(status::resource_not_available, id);
    return internal_error(current.error(), "box");
  }
  if (current->owner_id != sub) return fail(status::resource_not_available, id);
  if (op == store::operation_type::query) {
    add_box(ctx.resp, *current);
    return {};
  }
  return mutate(ctx, [&]() -> outcome {
    if (op == store::operation_type::remove) {
      if (auto r = boxes.remove(id); !r) return internal_error(r.error(), "box remove");
      return {};
    }
    store::resource_box b = *current;
    if (auto o = fill(ctx, b); !o.ok()) return o;
    if (auto r = boxes.update(b); !r) return internal_error(r.error(), "box update");
    add_box(ctx.resp, b);
    return {};
  });
}

}  // namespace

const operation_desc& resource_box_management() {
  static const operation_desc d{.name = "ResourceBoxManagement",
                                .request = &request,
                                .response = &response,
                                .roles = role_subscriber | role_portal,
                                .handler = &handle};
  return d;
}

}  // namespace cmr::mgmt::ops
