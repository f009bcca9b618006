// CMR-7 PresenceUpdate and LocationUpdate (enabled applications): the
// owner's current presence / location label the ringing decision matches
// Presence and Location rules against. An empty value clears it.
#include "mgmt/operations/common.h"
#include "mgmt/operations/operations.h"
#include "mgmt/operations/presence_write.h"

namespace cmr::mgmt::ops {
namespace {

const structure_desc presence_request{"PresenceUpdateRequest",
                                      {transaction_id_field(), subscriber_id_field(), str("PresenceInfo", 1, 1, 64)}};
const structure_desc presence_response{"PresenceUpdateResponse", response_fields({})};
const structure_desc location_request{"LocationUpdateRequest",
                                      {transaction_id_field(), subscriber_id_field(), str("LocationInfo", 1, 1, 128)}};
const structure_desc location_response{"LocationUpdateResponse", response_fields({})};

bool clean(std::string_view v) {
  return v.empty() || (v.front() != ' ' && v.back() != ' ' && v.find_first_of("\t\r\n") == std::string_view::npos);
}

}  // namespace

outcome write_presence_location(store::store& db, const std::string& subscriber_id,
                                const std::optional<std::string>& presence,
                                const std::optional<std::string>& location) {
  if (presence) {
    if (auto r = db.subscribers().set_presence(subscriber_id, *presence); !r)
      return r.error().what == store::error::code::not_found
                 ? fail(status::invalid_parameter, "no subscriber " + subscriber_id)
                 : internal_error(r.error(), "presence");
  }
  if (location) {
    if (auto r = db.subscribers().set_location(subscriber_id, *location); !r)
      return r.error().what == store::error::code::not_found
                 ? fail(status::invalid_parameter, "no subscriber " + subscriber_id)
                 : internal_error(r.error(), "location");
  }
  return {};
}

namespace {

outcome update(op_context& ctx, bool presence) {
  const std::string id(ctx.req.value("SubscriberId"));
  const std::string_view v = ctx.req.value(presence ? "PresenceInfo" : "LocationInfo");
  if (!clean(v)) return fail(status::invalid_parameter, "leading/trailing blanks or line breaks");
  return mutate(ctx, [&]() -> outcome {
    const std::optional<std::string> value{std::string(v)};
    return presence ? write_presence_location(ctx.db, id, value, std::nullopt)
                    : write_presence_location(ctx.db, id, std::nullopt, value);
  });
}

outcome handle_presence(op_context& ctx) { return update(ctx, true); }
outcome handle_location(op_context& ctx) { return update(ctx, false); }

}  // namespace

const operation_desc& presence_update() {
  static const operation_desc d{.name = "PresenceUpdate",
                                .request = &presence_request,
                                .response = &presence_response,
                                .roles = role_application | role_portal,
                                .handler = &handle_presence};
  return d;
}

const operation_desc& location_update() {
  static const operation_desc d{.name = "LocationUpdate",
                                .request = &location_request,
                                .response = &location_response,
                                .roles = role_application | role_portal,
                                .handler = &handle_location};
  return d;
}

}  // namespace cmr::mgmt::ops
