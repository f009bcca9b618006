// CMR-1 GetResourceList (spec Tables 1-4): "000000" lists the lists of a
// category (0 = all); any other id lists that list's available resources.
// Answers come from the dispatcher's response cache while no resource or
// list changed (mgmt/response_cache.h).
#include "mgmt/lexical.h"
#include "mgmt/operations/common.h"
#include "mgmt/operations/operations.h"

namespace cmr::mgmt::ops {
namespace {

const structure_desc list_info{"ResourceList",
                               {str("ResourceListId", 1, 1, 64), str("ListName", 1, 1, 256),
                                unsigned_int("ListCategory", 0)}};
const structure_desc resource_info{
    "Resource",
    {str("ResourceId", 1, 1, 64), str("Name", 1, 1, 256), str("Author", 0, 1, 256),
     str("Language", 0, 1, 35), enumeration("MediaType", 1, {"Audio", "Video", "Text", "Image", "vCard"}),
     str("ContentProvider", 0, 1, 256), money("ResourcePrice", 0), datetime("ExpireDate", 0)}};
const structure_desc request{
    "GetResourceListRequest",
    subscriber_request_fields({str("ResourceListId", 1, 1, 64), unsigned_int("ResourceListCategory", 0)})};
const structure_desc response{
    "GetResourceListResponse",
    response_fields({structure("ResourceList", 0, unbounded, list_info),
                     structure("Resource", 0, unbounded, resource_info)})};

outcome handle(op_context& ctx) {
  const std::string_view id = ctx.req.value("ResourceListId");
  if (id == "000000") {
    const auto category =
        static_cast<std::uint32_t>(parse_int(ctx.req.value("ResourceListCategory"), 0, 4294967295LL).value_or(0));
    auto lists = ctx.db.resource_lists().list(category);
    if (!lists) return internal_error(lists.error(), "lists");
    for (const auto& l : *lists) {
      element& e = ctx.resp.add_structure("ResourceList");
      e.add("ResourceListId", l.id);
      e.add("ListName", l.name);
      if (l.category) e.add("ListCategory", std::to_string(*l.category));
    }
    return {};
  }
  auto members = ctx.db.resource_lists().resources_of(id);
  if (!members) {
    if (members.error().what == store::error::code::not_found)
      return fail(status::resource_list_not_available, std::string(id));
    return internal_error(members.error(), "list members");
  }
  const auto t = now(ctx);
  for (const auto& r : *members) {
    if (!usable(r, t)) continue;
    add_resource_info(ctx.resp, r);
    if (r.expires_at && ctx.fresh_until != nullptr && *r.expires_at < *ctx.fresh_until)
      *ctx.fresh_until = *r.expires_at;
  }
  return {};
}

// The answer is the same for every caller: the list (or the lists of a
// category) and what its resources are now.
std::string cache_key(const element& req) {
  const std::string_view id = req.value("ResourceListId");
  if (id == "000000")
    return "lists:" + std::to_string(parse_int(req.value("ResourceListCategory"), 0, 4294967295LL).value_or(0));
  return "list:" + std::string(id);
}

}  // namespace

const operation_desc& get_resource_list() {
  static const operation_desc d{.name = "GetResourceList",
                                .request = &request,
                                .response = &response,
                                .roles = role_subscriber | role_portal,
                                .read_only = true,
                                .cache_key = &cache_key,
                                .handler = &handle};
  return d;
}

}  // namespace cmr::mgmt::ops
