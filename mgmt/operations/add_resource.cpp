// CMR-1 AddResource (spec Tables 7-8): Action 1 copies resources from
// ResourceOwner's library into SubscriberId's (if the owner's privacy allows;
// the copier pays the price), Action 2 gives them to SubscriberId, paid by
// ResourceOwner (whose SessionKey authenticates the gift). All or nothing:
// one refused resource refuses the request, and the response lists a result
// per resource (the spec leaves partial results "FFS"): 0 there means "this
// one was acceptable", applied only when the overall StatusCode is 0.
// The checks and writes are copy_write.h's, shared with the on-line copy.
#include "mgmt/operations/common.h"
#include "mgmt/operations/copy_write.h"
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

outcome handle(op_context& ctx) {
  const copy_parties parties{.to = std::string(ctx.req.value("SubscriberId")),
                             .owner = std::string(ctx.req.value("ResourceOwner")),
                             .gift = ctx.req.value("Action") == "2"};
  if (auto checked = check_copy_parties(ctx.db, parties); !checked.ok()) return checked.verdict;
  return mutate(ctx, [&]() -> outcome {
    outcome first;
    for (const element* id : ctx.req.all("ResourceId")) {
      // Every resource is tried, inside the one transaction, so the caller
      // learns each problem at once; any failure rolls all of them back.
      const outcome o = add_library_item(ctx, parties, id->text).verdict;
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
