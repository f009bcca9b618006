// CMR-6 GroupManagement (spec Tables 10-12). GroupId is a string (DESIGN.md
// section 6); Create without a GroupId gets the next free number.
#include "mgmt/operations/common.h"
#include "mgmt/operations/operations.h"

namespace cmr::mgmt::ops {
namespace {

const structure_desc group_info{"GroupInfo", {str("GroupId", 1, 1, 64), str("GroupName", 1, 1, 128)}};
const structure_desc request{
    "GroupManagementRequest",
    subscriber_request_fields({operation_type_field(), str("GroupId", 0, 1, 64), str("GroupName", 0, 1, 128)})};
const structure_desc response{"GroupManagementResponse",
                              response_fields({structure("GroupInfo", 0, unbounded, group_info)})};

void add_group(element& resp, const store::group& g) {
  element& e = resp.add_structure("GroupInfo");
  e.add("GroupId", g.group_id);
  e.add("GroupName", g.name);
}

outcome not_found_or_internal(const store::error& e, std::string_view id) {
  if (e.what == store::error::code::not_found) return fail(status::group_not_found, std::string(id));
  return internal_error(e, "group");
}

outcome handle(op_context& ctx) {
  const std::string sub(ctx.req.value("SubscriberId"));
  const std::string gid(ctx.req.value("GroupId"));
  const std::string name(ctx.req.value("GroupName"));
  auto& groups = ctx.db.groups();
  switch (operation_type(ctx.req)) {
    case store::operation_type::query: {
      if (ctx.req.has("GroupId")) {
        auto g = groups.get_group(sub, gid);
        if (!g) return not_found_or_internal(g.error(), gid);
        add_group(ctx.resp, *g);
        return {};
      }
      auto all = groups.list_groups(sub);
      if (!all) return internal_error(all.error(), "groups");
      for (const auto& g : *all) add_group(ctx.resp, g);
      return {};
    }
    case store::operation_type::create:
      if (!ctx.req.has("GroupName")) return fail(status::invalid_parameter, "Create needs GroupName");
      return mutate(ctx, [&]() -> outcome {
        auto limits = ctx.db.settings().limits();
        if (!limits) return internal_error(limits.error(), "limits");
        auto all = groups.list_groups(sub);
        if (!all) return internal_error(all.error(), "groups");
        if (static_cast<std::int64_t>(all->size()) >= limits->max_groups)
          return fail(status::invalid_parameter, "too many groups");
        auto g = groups.create_group({sub, gid, name});
        if (!g) {
          if (g.error().what == store::error::code::already_exists)
            return fail(status::invalid_parameter, "GroupId already exists");
          return internal_error(g.error(), "group create");
        }
        add_group(ctx.resp, *g);
        return {};
      });
    case store::operation_type::update:
      if (!ctx.req.has("GroupId") || !ctx.req.has("GroupName"))
        return fail(status::invalid_parameter, "Update needs GroupId and GroupName");
      return mutate(ctx, [&]() -> outcome {
        if (auto r = groups.rename_group(sub, gid, name); !r) return not_found_or_internal(r.error(), gid);
        add_group(ctx.resp, {sub, gid, name});
        return {};
      });
    case store::operation_type::remove:
      if (!ctx.req.has("GroupId")) return fail(status::invalid_parameter, "Delete needs GroupId");
      return mutate(ctx, [&]() -> outcome {
        if (auto r = groups.remove_group(sub, gid); !r) return not_found_or_internal(r.error(), gid);
        return {};
      });
  }
  return fail(status::invalid_parameter);
}

}  // namespace

const operation_desc& group_management() {
  static const operation_desc d{.name = "GroupManagement",
                                .request = &request,
                                .response = &response,
                                .roles = role_subscriber | role_portal,
                                .handler = &handle};
  return d;
}

}  // namespace cmr::mgmt::ops
