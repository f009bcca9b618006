// CMR-6 PresentationControl (spec 5.7): a subscriber's own keys during the
// ringback (CopyKeys, SkipKeys, StopKeys) and event rules (ForwardedCall,
// NetworkAnnouncement). Query (1) answers the settings in force and where
// they come from (Source: subscriber, or system = the "presentation-control"
// config node); Update (3) stores the subscriber's own, a field left out
// keeping its value in force; Delete (4) resets to the system's. Keys are
// 0 to 4 distinct characters of 0-9 * # A-D (ringback::valid_keys); empty:
// the action has no key.
#include "mgmt/operations/common.h"
#include "mgmt/operations/operations.h"

namespace cmr::mgmt::ops {
namespace {

using ringback::announcement_policy;
using ringback::forward_policy;

std::vector<field_desc> settings_fields() {
  return {str("CopyKeys", 0, 1, 4), str("SkipKeys", 0, 1, 4), str("StopKeys", 0, 1, 4),
          enumeration("ForwardedCall", 0, {"continue", "stop", "forwarded-party"}),
          enumeration("NetworkAnnouncement", 0, {"continue", "stop"})};
}

std::vector<field_desc> response_rest() {
  std::vector<field_desc> f{enumeration("Source", 0, {"subscriber", "system"})};
  for (auto& s : settings_fields()) f.push_back(std::move(s));
  return f;
}

const structure_desc request{"PresentationControlRequest",
                             subscriber_request_fields([] {
                               std::vector<field_desc> f{operation_type_field()};
                               for (auto& s : settings_fields()) f.push_back(std::move(s));
                               return f;
                             }())};
const structure_desc response{"PresentationControlResponse", response_fields(response_rest())};

const char* forward_word(forward_policy p) { return ringback::to_string(p); }

void answer(element& resp, const ringback::controls& c) {
  resp.add("Source", c.from_subscriber ? "subscriber" : "system");
  resp.add("CopyKeys", c.copy_keys);
  resp.add("SkipKeys", c.skip_keys);
  resp.add("StopKeys", c.stop_keys);
  resp.add("ForwardedCall", forward_word(c.on_forward));
  resp.add("NetworkAnnouncement", ringback::to_string(c.on_announcement));
}

// The settings in force: the subscriber's, else the system's.
result<ringback::controls, outcome> in_force(op_context& ctx, const std::string& id) {
  auto own = ctx.db.presentation_controls().get(id);
  if (!own) {
    if (own.error().what == store::error::code::not_found)
      return unexpected{fail(status::invalid_subscriber_id, id)};
    return unexpected{internal_error(own.error(), "presentation control")};
  }
  if (*own) return std::move(**own);
  ringback::controls sys = ctx.options.presentation_defaults;
  sys.from_subscriber = false;
  return sys;
}

// The request's fields over `c`; 10007 for keys valid_keys refuses.
outcome apply(const element& req, ringback::controls& c) {
  const struct {
    const char* name;
    std::string* field;
  } keys[] = {{"CopyKeys", &c.copy_keys}, {"SkipKeys", &c.skip_keys}, {"StopKeys", &c.stop_keys}};
  for (const auto& k : keys) {
    if (!req.has(k.name)) continue;
    const std::string_view v = req.value(k.name);
    if (!ringback::valid_keys(v))
      return fail(status::invalid_parameter,
                  std::string(k.name) + ": distinct keys of 0-9 * # A-D, at most 4");
    *k.field = std::string(v);
  }
  if (req.has("ForwardedCall")) {
    const std::string_view v = req.value("ForwardedCall");
    c.on_forward = v == "continue" ? forward_policy::continue_owner
                   : v == "stop"   ? forward_policy::stop
                                   : forward_policy::forwarded_party;
  }
  if (req.has("NetworkAnnouncement"))
    c.on_announcement = req.value("NetworkAnnouncement") == "continue" ? announcement_policy::continue_ringback
                                                                       : announcement_policy::stop;
  c.from_subscriber = true;
  return {};
}

bool has_any_setting(const element& req) {
  for (const char* n : {"CopyKeys", "SkipKeys", "StopKeys", "ForwardedCall", "NetworkAnnouncement"})
    if (req.has(n)) return true;
  return false;
}

outcome handle(op_context& ctx) {
  const std::string id(ctx.req.value("SubscriberId"));
  switch (operation_type(ctx.req)) {
    case store::operation_type::query: {
      auto c = in_force(ctx, id);
      if (!c) return c.error();
      answer(ctx.resp, *c);
      return {};
    }
    case store::operation_type::update:
      if (!has_any_setting(ctx.req))
        return fail(status::invalid_parameter,
                    "Update needs CopyKeys, SkipKeys, StopKeys, ForwardedCall or NetworkAnnouncement");
      return mutate(ctx, [&]() -> outcome {
        auto c = in_force(ctx, id);
        if (!c) return c.error();
        if (auto bad = apply(ctx.req, *c); !bad.ok()) return bad;
        if (auto r = ctx.db.presentation_controls().set(id, *c); !r) {
          if (r.error().what == store::error::code::not_found) return fail(status::invalid_subscriber_id, id);
          return internal_error(r.error(), "presentation control");
        }
        answer(ctx.resp, *c);
        return {};
      });
    case store::operation_type::remove:
      return mutate(ctx, [&]() -> outcome {
        if (auto r = ctx.db.presentation_controls().remove(id); !r) {
          if (r.error().what == store::error::code::not_found) return fail(status::invalid_subscriber_id, id);
          return internal_error(r.error(), "presentation control");
        }
        auto c = in_force(ctx, id);
        if (!c) return c.error();
        answer(ctx.resp, *c);
        return {};
      });
    default:
      return fail(status::invalid_parameter, "OperationType: Query, Update or Delete");
  }
}

}  // namespace

const operation_desc& presentation_control() {
  static const operation_desc d{.name = "PresentationControl",
                                .request = &request,
                                .response = &response,
                                .roles = role_subscriber | role_portal,
                                .handler = &handle};
  return d;
}

}  // namespace cmr::mgmt::ops
