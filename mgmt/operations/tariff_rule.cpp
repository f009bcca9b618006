// CMR-6 TariffRule (portal): price rules applied when a resource is bought
// (SubscribeResource, AddResource, LibraryManagement Create). A rule applies
// to one ResourceId or to the resources of lists of one ListCategory, with
// either a fixed Price or a DiscountPercent, within [ValidFrom, ValidUntil).
#include "mgmt/lexical.h"
#include "mgmt/operations/common.h"
#include "mgmt/operations/operations.h"

namespace cmr::mgmt::ops {
namespace {

std::vector<field_desc> rule_fields(std::uint32_t id_min) {
  return {str("TariffId", id_min, 1, 64), str("Description", 0, 1, 256), unsigned_int("ListCategory", 0),
          str("ResourceId", 0, 1, 64),     money("Price", 0),                unsigned_int("DiscountPercent", 0),
          datetime("ValidFrom", 0),        datetime("ValidUntil", 0)};
}

const structure_desc tariff_info{"TariffRule", rule_fields(1)};
const structure_desc request{"TariffRuleRequest", [] {
                               std::vector<field_desc> f{transaction_id_field(), operation_type_field()};
                               auto r = rule_fields(0);
                               f.insert(f.end(), r.begin(), r.end());
                               return f;
                             }()};
const structure_desc response{"TariffRuleResponse",
                              response_fields({structure("TariffRule", 0, unbounded, tariff_info)})};

void add_rule(element& resp, const store::tariff_rule& t) {
  element& e = resp.add_structure("TariffRule");
  e.add("TariffId", t.id);
  if (!t.description.empty()) e.add("Description", t.description);
  if (t.list_category) e.add("ListCategory", std::to_string(*t.list_category));
  if (!t.resource_id.empty()) e.add("ResourceId", t.resource_id);
  if (t.price) e.add("Price", format_money(*t.price));
  if (t.discount_percent) e.add("DiscountPercent", std::to_string(*t.discount_percent));
  if (t.valid_from) e.add("ValidFrom", format_datetime(*t.valid_from));
  if (t.valid_until) e.add("ValidUntil", format_datetime(*t.valid_until));
}

outcome apply(op_context& ctx, store::tariff_rule& t) {
  const element& req = ctx.req;
  const auto u32 = [&](std::string_view n) {
    return static_cast<std::uint32_t>(parse_int(req.value(n), 0, 4294967295LL).value_or(0));
  };
  if (req.has("Description")) t.description = std::string(req.value("Description"));
  if (req.has("ListCategory")) t.list_category = u32("ListCategory");
  if (req.has("ResourceId")) {
    t.resource_id = std::string(req.value("ResourceId"));
    auto r = ctx.db.resources().get(t.resource_id);
    if (!r) return fail(status::resource_not_available, t.resource_id);
  }
  if (req.has("Price")) t.price = parse_money(req.value("Price"));
  if (req.has("DiscountPercent")) t.discount_percent = u32("DiscountPercent");
  if (req.has("ValidFrom")) t.valid_from = parse_datetime(req.value("ValidFrom"));
  if (req.has("ValidUntil")) t.valid_until = parse_datetime(req.value("ValidUntil"));
  if (t.price.has_value() == t.discount_percent.has_value())
    return fail(status::invalid_parameter, "exactly one of Price and DiscountPercent");
  if (t.discount_percent && *t.discount_percent > 100)
    return fail(status::invalid_parameter, "DiscountPercent: at most 100");
  if (t.resource_id.empty() == !t.list_category.has_value())
    return fail(status::invalid_parameter, "exactly one of ResourceId and ListCategory");
  if (t.valid_from && t.valid_until && *t.valid_until <= *t.valid_from)
    return fail(status::invalid_parameter, "ValidUntil not after ValidFrom");
  return {};
}

outcome unknown(const store::error& e, const std::string& id) {
  if (e.what == store::error::code::not_found) return fail(status::invalid_parameter, "unknown TariffId " + id);
  return internal_error(e, "tariff");
}

outcome handle(op_context& ctx) {
  const std::string id(ctx.req.value("TariffId"));
  auto& tariffs = ctx.db.tariffs();
  const auto op = operation_type(ctx.req);
  if (op == store::operation_type::query && id.empty()) {
    auto all = tariffs.list();
    if (!all) return internal_error(all.error(), "tariffs");
    for (const auto& t : *all) add_rule(ctx.resp, t);
    return {};
  }
  if (id.empty()) return fail(status::invalid_parameter, "TariffId missing");
  if (op == store::operation_type::create) {
    store::tariff_rule t;
    t.id = id;
    if (auto o = apply(ctx, t); !o.ok()) return o;
    return mutate(ctx, [&]() -> outcome {
      if (auto c = tariffs.create(t); !c) {
        if (c.error().what == store::error::code::already_exists)
          return fail(status::invalid_parameter, "TariffId already exists");
        return internal_error(c.error(), "tariff create");
      }
      add_rule(ctx.resp, t);
      return {};
    });
  }
  auto current = tariffs.get(id);
  if (!current) return unknown(current.error(), id);
  if (op == store::operation_type::query) {
    add_rule(ctx.resp, *current);
    return {};
  }
  if (op == store::operation_type::remove)
    return mutate(ctx, [&]() -> outcome {
      if (auto r = tariffs.remove(id); !r) return unknown(r.error(), id);
      return {};
    });
  store::tariff_rule t = *current;
  // A new Price replaces a discount and the other way round.
  if (ctx.req.has("Price")) t.discount_percent.reset();
  if (ctx.req.has("DiscountPercent")) t.price.reset();
  if (ctx.req.has("ResourceId")) t.list_category.reset();
  if (ctx.req.has("ListCategory")) t.resource_id.clear();
  if (auto o = apply(ctx, t); !o.ok()) return o;
  return mutate(ctx, [&]() -> outcome {
    if (auto r = tariffs.update(t); !r) return unknown(r.error(), id);
    add_rule(ctx.resp, t);
    return {};
  });
}

}  // namespace

const operation_desc& tariff_rule() {
  static const operation_desc d{.name = "TariffRule",
                                .request = &request,
                                .response = &response,
                                .roles = role_portal,
                                .subscriber_scoped = false,
                                .handler = &handle};
  return d;
}

}  // namespace cmr::mgmt::ops
