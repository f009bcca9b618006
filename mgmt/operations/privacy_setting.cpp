// CMR-6 PrivacySetting: whether others may copy from this subscriber's
// library (AddResource Action 1). Query (1) and Update (3) only.
#include "mgmt/operations/common.h"
#include "mgmt/operations/operations.h"

namespace cmr::mgmt::ops {
namespace {

const structure_desc request{
    "PrivacySettingRequest",
    subscriber_request_fields({operation_type_field(), enumeration("CopyPrivacy", 0, {"allow", "deny"})})};
const structure_desc response{"PrivacySettingResponse",
                              response_fields({enumeration("CopyPrivacy", 0, {"allow", "deny"})})};

outcome handle(op_context& ctx) {
  const std::string id(ctx.req.value("SubscriberId"));
  const auto op = operation_type(ctx.req);
  if (op == store::operation_type::update) {
    if (!ctx.req.has("CopyPrivacy")) return fail(status::invalid_parameter, "CopyPrivacy missing");
    const auto p = ctx.req.value("CopyPrivacy") == "deny" ? store::copy_privacy::deny : store::copy_privacy::allow;
    return mutate(ctx, [&]() -> outcome {
      if (auto r = ctx.db.subscribers().set_privacy(id, p); !r) return internal_error(r.error(), "privacy");
      ctx.resp.add("CopyPrivacy", std::string(ctx.req.value("CopyPrivacy")));
      return {};
    });
  }
  if (op != store::operation_type::query)
    return fail(status::invalid_parameter, "OperationType: Query or Update only");
  auto s = ctx.db.subscribers().get(id);
  if (!s) return internal_error(s.error(), "subscriber");
  ctx.resp.add("CopyPrivacy", s->privacy == store::copy_privacy::deny ? "deny" : "allow");
  return {};
}

}  // namespace

const operation_desc& privacy_setting() {
  static const operation_desc d{.name = "PrivacySetting",
                                .request = &request,
                                .response = &response,
                                .roles = role_subscriber | role_portal,
                                .handler = &handle};
  return d;
}

}  // namespace cmr::mgmt::ops
