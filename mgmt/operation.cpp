#include "mgmt/operation.h"

#include "mgmt/log.h"

namespace cmr::mgmt {

std::string principal::key() const {
  switch (who) {
    case role_subscriber: return "subscriber:" + subscriber_id;
    case role_portal: return "portal";
    case role_provider: return "provider:" + provider_id;
    case role_application: return "application";
  }
  return "unknown";
}

field_desc transaction_id_field() { return str("TransactionId", 0, 1, 64); }
field_desc subscriber_id_field() { return auth_field(str("SubscriberId", 1, 1, 32)); }
field_desc session_key_field() { return str("SessionKey", 0, 1, 64); }
field_desc operation_type_field() {
  return numeric_enumeration("OperationType", 1, {"1", "2", "3", "4"});
}

std::vector<field_desc> response_fields(std::vector<field_desc> rest) {
  std::vector<field_desc> f{transaction_id_field(), integer("StatusCode", 1),
                            str("StatusDescription", 0, 1, 0)};
  f.insert(f.end(), rest.begin(), rest.end());
  return f;
}

std::vector<field_desc> subscriber_request_fields(std::vector<field_desc> rest) {
  std::vector<field_desc> f{transaction_id_field(), subscriber_id_field(), session_key_field()};
  f.insert(f.end(), rest.begin(), rest.end());
  return f;
}

store::timestamp now(const op_context& ctx) { return ctx.clk.now(); }

outcome internal_error(const store::error& e, std::string_view what) {
  CMR_LOG(mgmt, error, "%.*s: store error %s: %s", static_cast<int>(what.size()), what.data(),
          store::to_string(e.what), e.message.c_str());
  return fail(status::general_error);
}

void after_commit(op_context& ctx, std::function<void()> f) {
  if (ctx.after_commit != nullptr)
    ctx.after_commit->push_back(std::move(f));
  else
    f();
}

outcome mutate(op_context& ctx, const std::function<outcome()>& body) {
  auto tx = ctx.db.begin();
  if (!tx) return internal_error(tx.error(), "begin");
  const std::string_view tid = ctx.req.value("TransactionId");
  if (!tid.empty()) {
    auto fresh = ctx.db.applied().insert_if_absent(ctx.caller.key(), tid, now(ctx));
    if (!fresh) return internal_error(fresh.error(), "transaction guard");
    if (!*fresh) return fail(status::repeated_operation, "TransactionId already applied");
  }
  outcome r = body();
  if (!r.ok()) return r;  // the transaction rolls back, the guard with it
  if (auto c = tx->commit(); !c) return internal_error(c.error(), "commit");
  return r;
}

}  // namespace cmr::mgmt
