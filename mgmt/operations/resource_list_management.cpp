// CMR-5 ResourceListManagement: the lists of Table 3 and their ordered
// members (the spec has no message for it; DESIGN.md section 6). Update
// changes what it is given: ListName, ListCategory, and the whole membership
// when at least one ResourceId is present. Query of "000000" lists them all.
#include "mgmt/lexical.h"
#include "mgmt/operations/common.h"
#include "mgmt/operations/operations.h"

namespace cmr::mgmt::ops {
namespace {

const structure_desc list_info{"ResourceList",
                               {str("ResourceListId", 1, 1, 64), str("ListName", 1, 1, 256),
                                unsigned_int("ListCategory", 0),
                                str("ResourceId", 0, unbounded, 64)}};
const structure_desc request{
    "ResourceListManagementRequest",
    {transaction_id_field(), operation_type_field(), str("ResourceListId", 1, 1, 64),
     str("ListName", 0, 1, 256), unsigned_int("ListCategory", 0), str("ResourceId", 0, unbounded, 64)}};
const structure_desc response{"ResourceListManagementResponse",
                              response_fields({structure("ResourceList", 0, unbounded, list_info)})};

void add_list(element& resp, const store::resource_list& l) {
  element& e = resp.add_structure("ResourceList");
  e.add("ResourceListId", l.id);
  e.add("ListName", l.name);
  if (l.category) e.add("ListCategory", std::to_string(*l.category));
  for (const auto& r : l.resource_ids) e.add("ResourceId", r);
}

outcome members_from(op_context& ctx, store::resource_list& l) {
  l.resource_ids.clear();
  for (const element* id : ctx.req.all("ResourceId")) {
    auto r = ctx.db.resources().get(id->text);
    if (!r) {
      if (r.error().what == store::error::code::not_found)
        return fail(status::resource_not_available, id->text);
      return internal_error(r.error(), "resource");
    }
    l.resource_ids.push_back(id->text);
  }
  return {};
}

std::optional<std::uint32_t> category(const element& req) {
  if (!req.has("ListCategory")) return std::nullopt;
  return static_cast<std::uint32_t>(parse_int(req.value("ListCategory"), 0, 4294967295LL).value_or(0));
}

// GetResourceList answers are cached: a committed list change drops them.
void catalogue_changed(op_context& ctx) {
  if (ctx.options.catalogue_changed) after_commit(ctx, ctx.options.catalogue_changed);
}

outcome handle(op_context& ctx) {
  const std::string id(ctx.req.value("ResourceListId"));
  const auto op = operation_type(ctx.req);
  if (op == store::operation_type::query && id == "000000") {
    auto lists = ctx.db.resource_lists().list(category(ctx.req).value_or(0));
    if (!lists) return internal_error(lists.error(), "lists");
    for (const auto& l : *lists) add_list(ctx.resp, l);
    return {};
  }
  if (id == "000000") return fail(status::invalid_parameter, "ResourceListId 000000 is reserved");
  if (op == store::operation_type::create) {
    if (!ctx.req.has("ListName")) return fail(status::invalid_parameter, "Create needs ListName");
    return mutate(ctx, [&]() -> outcome {
      store::resource_list l{id, std::string(ctx.req.value("ListName")), category(ctx.req), {}};
      if (auto o = members_from(ctx, l); !o.ok()) return o;
      if (auto c = ctx.db.resource_lists().create(l); !c) {
        if (c.error().what == store::error::code::already_exists)
          return fail(status::invalid_parameter, "ResourceListId already exists");
        return internal_error(c.error(), "list create");
      }
      catalogue_changed(ctx);
      add_list(ctx.resp, l);
      return {};
    });
  }
  auto current = ctx.db.resource_lists().get(id);
  if (!current) {
    if (current.error().what == store::error::code::not_found)
      return fail(status::resource_list_not_available, id);
    return internal_error(current.error(), "list");
  }
  if (op == store::operation_type::query) {
    add_list(ctx.resp, *current);
    return {};
  }
  return mutate(ctx, [&]() -> outcome {
    if (op == store::operation_type::remove) {
      if (auto d = ctx.db.resource_lists().remove(id); !d) return internal_error(d.error(), "list remove");
      catalogue_changed(ctx);
      return {};
    }
    store::resource_list l = *current;
    if (ctx.req.has("ListName")) l.name = std::string(ctx.req.value("ListName"));
    if (ctx.req.has("ListCategory")) l.category = category(ctx.req);
    if (ctx.req.has("ResourceId"))
      if (auto o = members_from(ctx, l); !o.ok()) return o;
    if (auto u = ctx.db.resource_lists().update(l); !u) return internal_error(u.error(), "list update");
    catalogue_changed(ctx);
    add_list(ctx.resp, l);
    return {};
  });
}

}  // namespace

const operation_desc& resource_list_management() {
  static const operation_desc d{.name = "ResourceListManagement",
                                .request = &request,
                                .response = &response,
                                .roles = role_portal,
                                .subscriber_scoped = false,
                                .handler = &handle};
  return d;
}

}  // namespace cmr::mgmt::ops
