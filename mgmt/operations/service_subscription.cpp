// CMR-6 ServiceSubscription: the subscriber record. The portal creates,
// updates (services, status, password, time zone, credit limit) and deletes
// subscribers; a subscriber may query itself and change its services,
// password and time zone, but not its status or credit limit (10003).
#include "mgmt/lexical.h"
#include "mgmt/operations/common.h"
#include "mgmt/operations/operations.h"
#include "mgmt/password.h"
#include "mgmt/log.h"
#include "store/time_zone_cache.h"

namespace cmr::mgmt::ops {
namespace {

const structure_desc subscription{
    "Subscription",
    {str("SubscriberId", 1, 1, 32), boolean("CMRBT", 1), boolean("CMRT", 1),
     numeric_enumeration("Status", 1, {"1", "2"}), str("TimeZone", 1, 1, 64), money("CreditLimit", 0),
     money("Charged", 1)}};
const structure_desc request{
    "ServiceSubscriptionRequest",
    subscriber_request_fields({operation_type_field(), boolean("CMRBT", 0), boolean("CMRT", 0),
                               numeric_enumeration("Status", 0, {"1", "2"}), str("Password", 0, 1, 128),
                               str("TimeZone", 0, 1, 64), money("CreditLimit", 0)})};
const structure_desc response{"ServiceSubscriptionResponse",
                              response_fields({structure("Subscription", 0, 1, subscription)})};

bool creates(const element& req) { return req.value("OperationType") == "2"; }

void add_subscription(element& resp, const store::subscriber& s) {
  element& e = resp.add_structure("Subscription");
  e.add("SubscriberId", s.id);
  e.add("CMRBT", s.cmrbt ? "true" : "false");
  e.add("CMRT", s.cmrt ? "true" : "false");
  e.add("Status", std::to_string(static_cast<int>(s.status)));
  e.add("TimeZone", s.time_zone);
  if (s.credit_limit) e.add("CreditLimit", format_money(*s.credit_limit));
  e.add("Charged", format_money(s.charged));
}

outcome apply(op_context& ctx, store::subscriber& s) {
  const element& req = ctx.req;
  if (req.has("CMRBT")) s.cmrbt = *parse_bool(req.value("CMRBT"));
  if (req.has("CMRT")) s.cmrt = *parse_bool(req.value("CMRT"));
  if (req.has("Status"))
    s.status = req.value("Status") == "2" ? store::subscriber_status::suspended
                                          : store::subscriber_status::active;
  if (req.has("TimeZone")) {
    const std::string tz(req.value("TimeZone"));
    if (!store::time_zone_cache::global().find(tz))
      return fail(status::invalid_parameter, "TimeZone: unknown zone");
    s.time_zone = tz;
  }
  if (req.has("CreditLimit")) s.credit_limit = parse_money(req.value("CreditLimit"));
  if (req.has("Password")) {
    // Derived by hash_new_password on a password worker, never here (the
    // writer thread): a password change must not stall other writes.
    if (ctx.prepared == nullptr || ctx.prepared->empty()) {
      CMR_LOG(mgmt, error, "ServiceSubscription: Password without its prepared hash");
      return fail(status::general_error);
    }
    s.password_hash = *ctx.prepared;
  }
  return {};
}

// The prepare step (dispatcher password workers): the PBKDF2 hash of a new
// Password, before the request is queued to the writer.
outcome hash_new_password(op_context& ctx) {
  if (!ctx.req.has("Password")) return {};
  const std::string_view pw = ctx.req.value("Password");
  if (pw.size() < 4) return fail(status::invalid_parameter, "Password: too short");
  auto h = hash_password(pw, ctx.options.password_iterations);
  if (!h || ctx.prepared == nullptr) return fail(status::general_error);
  *ctx.prepared = std::move(*h);
  return {};
}

outcome handle(op_context& ctx) {
  const std::string id(ctx.req.value("SubscriberId"));
  const auto op = operation_type(ctx.req);
  const bool portal = ctx.caller.who == role_portal;
  if (!portal && (op == store::operation_type::create || op == store::operation_type::remove ||
                  ctx.req.has("Status") || ctx.req.has("CreditLimit")))
    return fail(status::security_error, "portal only");
  auto& subs = ctx.db.subscribers();
  if (op == store::operation_type::create) {
    if (!e164_digits(id, 15)) return fail(status::invalid_subscriber_id, "E.164 digits expected");
    store::subscriber s;
    s.id = id;
    s.cmrbt = true;
    s.cmrt = true;
    if (auto o = apply(ctx, s); !o.ok()) return o;
    return mutate(ctx, [&]() -> outcome {
      if (auto c = subs.create(s); !c) {
        if (c.error().what == store::error::code::already_exists)
          return fail(status::invalid_parameter, "subscriber already exists");
        return internal_error(c.error(), "subscriber create");
      }
      add_subscription(ctx.resp, s);
      return {};
    });
  }
  auto current = subs.get(id);
  if (!current) {
    if (current.error().what == store::error::code::not_found) return fail(status::invalid_subscriber_id);
    return internal_error(current.error(), "subscriber");
  }
  switch (op) {
    case store::operation_type::query:
      add_subscription(ctx.resp, *current);
      return {};
    case store::operation_type::remove:
      return mutate(ctx, [&]() -> outcome {
        if (auto r = subs.remove(id); !r) return internal_error(r.error(), "subscriber remove");
        return {};
      });
    default: {
      store::subscriber s = *current;
      if (auto o = apply(ctx, s); !o.ok()) return o;
      return mutate(ctx, [&]() -> outcome {
        if (auto r = subs.update(s); !r) return internal_error(r.error(), "subscriber update");
        add_subscription(ctx.resp, s);
        return {};
      });
    }
  }
}

}  // namespace

const operation_desc& service_subscription() {
  static const operation_desc d{.name = "ServiceSubscription",
                                .request = &request,
                                .response = &response,
                                .roles = role_subscriber | role_portal,
                                .may_create_subscriber = &creates,
                                .prepare = &hash_new_password,
                                .prepare_needed = [](const element& req) { return req.has("Password"); },
                                .handler = &handle};
  return d;
}

}  // namespace cmr::mgmt::ops
