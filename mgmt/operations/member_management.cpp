// CMR-6 MemberManagement (spec Tables 13-15): members of one group. Create,
// Update and Delete take one or more MemberInfo and apply all or none;
// NickName (mandatory in Table 14) is required for Create and Update only.
#include "mgmt/operations/common.h"
#include "mgmt/operations/operations.h"

namespace cmr::mgmt::ops {
namespace {

const structure_desc member_in{"MemberInfo", {str("MemberId", 1, 1, 32), str("NickName", 0, 1, 64)}};
const structure_desc member_out{"MemberInfo", {str("MemberId", 1, 1, 32), str("NickName", 1, 1, 64)}};
const structure_desc request{
    "MemberManagementRequest",
    subscriber_request_fields({operation_type_field(), str("GroupId", 1, 1, 64),
                               structure("MemberInfo", 0, unbounded, member_in)})};
const structure_desc response{"MemberManagementResponse",
                              response_fields({structure("MemberInfo", 0, unbounded, member_out)})};

outcome map_error(const store::error& e, std::string_view what) {
  if (e.what == store::error::code::not_found) {
    // The group is checked first, so not_found here names the member.
    return fail(status::member_not_found, std::string(what));
  }
  if (e.what == store::error::code::already_exists)
    return fail(status::invalid_parameter, "member already in the group: " + std::string(what));
  return internal_error(e, "member");
}

outcome handle(op_context& ctx) {
  const std::string sub(ctx.req.value("SubscriberId"));
  const std::string gid(ctx.req.value("GroupId"));
  auto& groups = ctx.db.groups();
  if (auto g = groups.get_group(sub, gid); !g) {
    if (g.error().what == store::error::code::not_found) return fail(status::group_not_found, gid);
    return internal_error(g.error(), "group");
  }
  const auto op = operation_type(ctx.req);
  const auto infos = ctx.req.all("MemberInfo");
  if (op == store::operation_type::query) {
    auto members = groups.list_members(sub, gid);
    if (!members) return internal_error(members.error(), "members");
    for (const auto& m : *members) {
      element& e = ctx.resp.add_structure("MemberInfo");
      e.add("MemberId", m.member_id);
      e.add("NickName", m.nickname);
    }
    return {};
  }
  if (infos.empty()) return fail(status::invalid_parameter, "MemberInfo missing");
  for (const element* m : infos) {
    if (!e164_digits(m->value("MemberId"), 32))
      return fail(status::invalid_parameter, "MemberId: digits expected");
    if (op != store::operation_type::remove && !m->has("NickName"))
      return fail(status::invalid_parameter, "MemberInfo/NickName missing");
  }
  return mutate(ctx, [&]() -> outcome {
    auto limits = ctx.db.settings().limits();
    if (!limits) return internal_error(limits.error(), "limits");
    for (const element* m : infos) {
      const store::member mem{std::string(m->value("MemberId")), std::string(m->value("NickName"))};
      store::store_result<void> r = ok;
      if (op == store::operation_type::create) {
        auto n = groups.list_members(sub, gid);
        if (!n) return internal_error(n.error(), "members");
        if (static_cast<std::int64_t>(n->size()) >= limits->max_members_per_group)
          return fail(status::invalid_parameter, "too many members");
        r = groups.add_member(sub, gid, mem);
      } else if (op == store::operation_type::update) {
        r = groups.update_member(sub, gid, mem);
      } else {
        r = groups.remove_member(sub, gid, mem.member_id);
      }
      if (!r) return map_error(r.error(), mem.member_id);
    }
    return {};
  });
}

}  // namespace

const operation_desc& member_management() {
  static const operation_desc d{.name = "MemberManagement",
                                .request = &request,
                                .response = &response,
                                .roles = role_subscriber | role_portal,
                                .handler = &handle};
  return d;
}

}  // namespace cmr::mgmt::ops
