// CMR-6 SystemSetting (portal): the system default resources and the limits
// the management layer enforces. Only known names are accepted, each with its
// own value check, so a typo cannot silently configure nothing.
#include "mgmt/lexical.h"
#include "mgmt/operations/common.h"
#include "mgmt/operations/operations.h"

namespace cmr::mgmt::ops {
namespace {

using settings = store::system_settings;

const structure_desc setting_in{"Setting", {str("Name", 1, 1, 64), str("Value", 0, 1, 256)}};
const structure_desc setting_out{"Setting", {str("Name", 1, 1, 64), str("Value", 1, 1, 256)}};
const structure_desc request{"SystemSettingRequest",
                             {transaction_id_field(), operation_type_field(),
                              structure("Setting", 0, unbounded, setting_in)}};
const structure_desc response{"SystemSettingResponse",
                              response_fields({structure("Setting", 0, unbounded, setting_out)})};

enum class kind { resource, money, count };
struct known {
  std::string_view name;
  kind k;
};
constexpr known k_known[] = {
    {settings::k_default_resource_cmrbt, kind::resource}, {settings::k_default_resource_cmrt, kind::resource},
    {settings::k_credit_limit, kind::money},              {settings::k_session_ttl, kind::count},
    {settings::k_max_library, kind::count},               {settings::k_max_groups, kind::count},
    {settings::k_max_members, kind::count},
};

const known* find(std::string_view name) {
  for (const auto& k : k_known)
    if (k.name == name) return &k;
  return nullptr;
}

// Money is kept as 1/10000 units in the store; shown as a decimal here.
std::string shown(const known& k, const std::string& stored) {
  if (k.k != kind::money) return stored;
  auto v = parse_int(stored, 0, 999999999999999999LL);
  return v ? format_money(*v) : stored;
}

outcome set_one(op_context& ctx, const known& k, std::string_view value) {
  auto& s = ctx.db.settings();
  store::store_result<void> r = ok;
  switch (k.k) {
    case kind::resource:
      r = s.set_system_default_resource(k.name == settings::k_default_resource_cmrbt ? store::service::cmrbt
                                                                                    : store::service::cmrt,
                                        value);
      if (!r && r.error().what == store::error::code::not_found)
        return fail(status::resource_not_available, std::string(value));
      break;
    case kind::money: {
      auto m = parse_money(value);
      if (!m) return fail(status::invalid_parameter, std::string(k.name) + ": a decimal is expected");
      r = s.set(k.name, std::to_string(*m));
      break;
    }
    case kind::count:
      if (!parse_int(value, 1, 100000000))
        return fail(status::invalid_parameter, std::string(k.name) + ": a positive integer is expected");
      r = s.set(k.name, value);
      break;
  }
  if (!r) return internal_error(r.error(), "setting");
  return {};
}

outcome handle(op_context& ctx) {
  const auto items = ctx.req.all("Setting");
  const auto op = operation_type(ctx.req);
  for (const element* it : items)
    if (find(it->value("Name")) == nullptr)
      return fail(status::invalid_parameter, "unknown setting " + std::string(it->value("Name")));
  if (op == store::operation_type::query) {
    auto all = ctx.db.settings().list();
    if (!all) return internal_error(all.error(), "settings");
    for (const auto& [name, value] : *all) {
      const known* k = find(name);
      if (k == nullptr) continue;
      bool wanted = items.empty();
      for (const element* it : items) wanted = wanted || it->value("Name") == name;
      if (!wanted) continue;
      element& e = ctx.resp.add_structure("Setting");
      e.add("Name", name);
      e.add("Value", shown(*k, value));
    }
    return {};
  }
  if (items.empty()) return fail(status::invalid_parameter, "Setting missing");
  return mutate(ctx, [&]() -> outcome {
    for (const element* it : items) {
      const known& k = *find(it->value("Name"));
      if (op == store::operation_type::remove) {
        if (auto r = ctx.db.settings().remove(k.name); !r) {
          if (r.error().what == store::error::code::not_found)
            return fail(status::invalid_parameter, "not set: " + std::string(k.name));
          return internal_error(r.error(), "setting remove");
        }
        continue;
      }
      if (!it->has("Value")) return fail(status::invalid_parameter, "Setting/Value missing");
      if (auto o = set_one(ctx, k, it->value("Value")); !o.ok()) return o;
      element& e = ctx.resp.add_structure("Setting");
      e.add("Name", std::string(k.name));
      e.add("Value", std::string(it->value("Value")));
    }
    return {};
  });
}

}  // namespace

const operation_desc& system_setting() {
  static const operation_desc d{.name = "SystemSetting",
                                .request = &request,
                                .response = &response,
                                .roles = role_portal,
                                .subscriber_scoped = false,
                                .handler = &handle};
  return d;
}

}  // namespace cmr::mgmt::ops
