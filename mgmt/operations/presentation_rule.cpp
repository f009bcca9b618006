// CMR-6 PresentationRule (spec Tables 16-23, the "X.X" references read as
// Table 17), per subscriber and Service (CMRBT|CMRT). Create and Update
// replace the whole rule set, as the store keeps it; Query returns it; Delete
// removes it. Each PreferenceSetting names exactly one presentation type
// (one of Group/Time/Date/Presence/Location true) and carries only the
// ResourceIdX structures of that type; conditions are checked with
// store::validate_condition, resources and boxes must exist.
#include "mgmt/lexical.h"
#include "mgmt/operations/common.h"
#include "mgmt/operations/operations.h"
#include "store/conditions.h"

namespace cmr::mgmt::ops {
namespace {

using store::presentation_type;

struct kind_info {
  presentation_type type;
  std::string_view flag;       // Table 17 boolean
  std::string_view structure;  // Tables 18-22
  std::string_view condition;  // the condition element inside it
};
constexpr kind_info k_kinds[] = {
    {presentation_type::group, "Group", "ResourceIdGroup", "GroupId"},
    {presentation_type::time, "Time", "ResourceIdTime", "Time"},
    {presentation_type::date, "Date", "ResourceIdDate", "Date"},
    {presentation_type::presence, "Presence", "ResourceIdPresence", "PresenceInfo"},
    {presentation_type::location, "Location", "ResourceIdLocation", "LocationInfo"},
};

const structure_desc by_location{"ResourceIdLocation",
                                 {str("ResourceId", 0, unbounded, 64), str("LocationInfo", 1, 1, 128)}};
const structure_desc by_group{"ResourceIdGroup", {str("ResourceId", 0, unbounded, 64), str("GroupId", 1, 1, 64)}};
const structure_desc by_time{"ResourceIdTime", {str("ResourceId", 0, unbounded, 64), str("Time", 1, 1, 64)}};
const structure_desc by_date{"ResourceIdDate", {str("ResourceId", 0, unbounded, 64), str("Date", 1, 1, 32)}};
const structure_desc by_presence{"ResourceIdPresence",
                                 {str("ResourceId", 0, unbounded, 64), str("PresenceInfo", 1, 1, 64)}};
const structure_desc setting{
    "PreferenceSetting",
    {boolean("Group", 0), boolean("Time", 0), boolean("Date", 0), boolean("Presence", 0),
     boolean("Location", 0), integer("Priority", 0),
     structure("ResourceIdLocation", 0, unbounded, by_location),
     structure("ResourceIdGroup", 0, unbounded, by_group),
     structure("ResourceIdTime", 0, unbounded, by_time),
     structure("ResourceIdDate", 0, unbounded, by_date),
     structure("ResourceIdPresence", 0, unbounded, by_presence)}};
const structure_desc request{
    "PresentationRuleRequest",
    subscriber_request_fields({enumeration("Service", 1, {"CMRBT", "CMRT"}), operation_type_field(),
                               structure("PreferenceSetting", 0, unbounded, setting),
                               str("DefaultCMRResourceId1", 0, unbounded, 64),
                               str("DefaultCMRResourceId2", 0, unbounded, 64)})};
const structure_desc response{
    "PresentationRuleResponse",
    response_fields({enumeration("Service", 0, {"CMRBT", "CMRT"}),
                     structure("PreferenceSetting", 0, unbounded, setting),
                     str("DefaultCMRResourceId1", 0, unbounded, 64),
                     str("DefaultCMRResourceId2", 0, unbounded, 64)})};

outcome items(op_context& ctx, const std::string& sub, const std::vector<const element*>& ids,
              std::vector<store::item_ref>& out) {
  for (const element* id : ids) {
    auto item = resolve_item(ctx, sub, id->text);
    if (!item) return item.error();
    out.push_back(std::move(*item));
  }
  return {};
}

outcome read_setting(op_context& ctx, const std::string& sub, const element& e, std::size_t index,
                     store::preference_setting& out) {
  const std::string where = "PreferenceSetting[" + std::to_string(index + 1) + "]";
  const kind_info* kind = nullptr;
  for (const auto& k : k_kinds) {
    if (parse_bool(e.value(k.flag)).value_or(false)) {
      if (kind != nullptr) return fail(status::invalid_parameter, where + ": more than one type");
      kind = &k;
    }
  }
  if (kind == nullptr) return fail(status::invalid_parameter, where + ": no presentation type");
  out.type = kind->type;
  out.priority = static_cast<std::int32_t>(
      parse_int(e.value("Priority"), 0, 2147483647).value_or(static_cast<std::int64_t>(index)));
  if (e.has("Priority") && !parse_int(e.value("Priority"), 0, 2147483647))
    return fail(status::invalid_parameter, where + "/Priority: negative");
  for (const auto& k : k_kinds)
    if (&k != kind && e.has(k.structure))
      return fail(status::invalid_parameter, where + ": " + std::string(k.structure) + " does not match the type");
  for (const element* rule : e.all(kind->structure)) {
    store::preference_rule r;
    r.condition = std::string(rule->value(kind->condition));
    if (auto v = store::validate_condition(kind->type, r.condition); !v)
      return fail(status::invalid_parameter, where + "/" + std::string(kind->condition) + ": " + v.error());
    if (kind->type == presentation_type::group) {
      auto g = ctx.db.groups().get_group(sub, r.condition);
      if (!g) {
        if (g.error().what == store::error::code::not_found) return fail(status::group_not_found, r.condition);
        return internal_error(g.error(), "group");
      }
    }
    if (auto o = items(ctx, sub, rule->all("ResourceId"), r.items); !o.ok()) return o;
    out.rules.push_back(std::move(r));
  }
  return {};
}

void write_rule(element& resp, const store::presentation_rule& rule) {
  resp.add("Service", rule.svc == store::service::cmrbt ? "CMRBT" : "CMRT");
  for (const auto& s : rule.settings) {
    const kind_info& kind = k_kinds[static_cast<std::size_t>(s.type)];
    element& e = resp.add_structure("PreferenceSetting");
    e.add(std::string(kind.flag), "true");
    e.add("Priority", std::to_string(s.priority));
    for (const auto& r : s.rules) {
      element& st = e.add_structure(std::string(kind.structure));
      for (const auto& item : r.items) st.add("ResourceId", item.id);
      st.add(std::string(kind.condition), r.condition);
    }
  }
  for (const auto& d : rule.default1) resp.add("DefaultCMRResourceId1", d.id);
  for (const auto& d : rule.default2) resp.add("DefaultCMRResourceId2", d.id);
}

outcome handle(op_context& ctx) {
  const std::string sub(ctx.req.value("SubscriberId"));
  const auto svc = ctx.req.value("Service") == "CMRT" ? store::service::cmrt : store::service::cmrbt;
  switch (operation_type(ctx.req)) {
    case store::operation_type::query: {
      auto rule = ctx.db.presentation_rules().get(sub, svc);
      if (!rule) return internal_error(rule.error(), "rule");
      rule->svc = svc;
      write_rule(ctx.resp, *rule);
      return {};
    }
    case store::operation_type::remove:
      return mutate(ctx, [&]() -> outcome {
        if (auto r = ctx.db.presentation_rules().remove(sub, svc); !r)
          return internal_error(r.error(), "rule remove");
        return {};
      });
    default:
      return mutate(ctx, [&]() -> outcome {
        store::presentation_rule rule;
        rule.subscriber_id = sub;
        rule.svc = svc;
        const auto settings = ctx.req.all("PreferenceSetting");
        for (std::size_t i = 0; i < settings.size(); ++i) {
          store::preference_setting s;
          if (auto o = read_setting(ctx, sub, *settings[i], i, s); !o.ok()) return o;
          rule.settings.push_back(std::move(s));
        }
        if (auto o = items(ctx, sub, ctx.req.all("DefaultCMRResourceId1"), rule.default1); !o.ok()) return o;
        if (auto o = items(ctx, sub, ctx.req.all("DefaultCMRResourceId2"), rule.default2); !o.ok()) return o;
        if (auto r = ctx.db.presentation_rules().replace(rule); !r) {
          if (r.error().what == store::error::code::not_found)
            return fail(status::resource_not_available);
          if (r.error().what == store::error::code::constraint)
            return fail(status::invalid_parameter, "rule refused by the store");
          return internal_error(r.error(), "rule replace");
        }
        write_rule(ctx.resp, rule);
        return {};
      });
  }
}

}  // namespace

const operation_desc& presentation_rule() {
  static const operation_desc d{.name = "PresentationRule",
                                .request = &request,
                                .response = &response,
                                .roles = role_subscriber | role_portal,
                                .handler = &handle};
  return d;
}

}  // namespace cmr::mgmt::ops
