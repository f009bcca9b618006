// CMR-1 Login: SubscriberId + Password -> SessionKey (DESIGN.md section 6).
#include "mgmt/lexical.h"
#include "mgmt/operations/operations.h"
#include "mgmt/password.h"

namespace cmr::mgmt::ops {
namespace {

const structure_desc request{"LoginRequest",
                             {transaction_id_field(), subscriber_id_field(),
                              str("Password", 1, 1, 128)}};
const structure_desc response{
    "LoginResponse",
    response_fields({str("SessionKey", 0, 1, 64), datetime("SessionExpires", 0)})};

// On a password worker, against a reader: the PBKDF2 derivation (tens of ms
// by design) must hold up neither an io thread nor the group-commit writer.
outcome check_password(op_context& ctx) {
  auto sub = ctx.db.subscribers().get(ctx.req.value("SubscriberId"));
  if (!sub) {
    if (sub.error().what == store::error::code::not_found) return fail(status::invalid_subscriber_id);
    return internal_error(sub.error(), "login");
  }
  if (sub->password_hash.empty() || !verify_password(ctx.req.value("Password"), sub->password_hash))
    return fail(status::invalid_password);
  return {};
}

// On the writer: the session row (the subscriber may have gone since the
// check: the insert then fails on its foreign key, answered 10004).
outcome handle(op_context& ctx) {
  auto key = random_hex(16);
  if (!key) return fail(status::general_error);
  store::login_session s;
  s.key = *key;
  s.subscriber_id = std::string(ctx.req.value("SubscriberId"));
  s.created_at = now(ctx);
  std::int64_t ttl = ctx.options.session_lifetime_s;
  if (auto v = ctx.db.settings().get(store::system_settings::k_session_ttl); v && *v)
    ttl = parse_int(**v, 1, 31536000).value_or(ttl);
  s.expires_at = s.created_at + std::chrono::seconds(ttl);
  if (auto c = ctx.db.sessions().create(s); !c) {
    if (c.error().what == store::error::code::not_found) return fail(status::invalid_subscriber_id);
    return internal_error(c.error(), "session");
  }
  // Expired sessions are swept here, not on every request.
  (void)ctx.db.sessions().remove_expired(s.created_at);
  ctx.resp.add("SessionKey", s.key);
  ctx.resp.add("SessionExpires", format_datetime(s.expires_at));
  return {};
}

}  // namespace

const operation_desc& login() {
  static const operation_desc d{.name = "Login",
                                .request = &request,
                                .response = &response,
                                .roles = role_subscriber,
                                .subscriber_scoped = false,
                                .prepare = &check_password,
                                .handler = &handle};
  return d;
}

}  // namespace cmr::mgmt::ops
