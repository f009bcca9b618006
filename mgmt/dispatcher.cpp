#include "mgmt/dispatcher.h"

#include <algorithm>
#include <cctype>
#include <exception>

#include "mgmt/json_codec.h"
#include "mgmt/lexical.h"
#include "mgmt/operation_registry.h"
#include "mgmt/validator.h"
#include "mgmt/xml_codec.h"
#include "store/log.h"

namespace cmr::mgmt {
namespace {

std::string lower_media_type(std::string_view content_type) {
  const auto semi = content_type.find(';');
  std::string t(trim(content_type.substr(0, semi)));
  std::transform(t.begin(), t.end(), t.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return t;
}

// Echoed only when it is something we can safely put back on the wire.
std::string echo_transaction_id(const element* msg) {
  if (msg == nullptr) return {};
  const std::string_view t = msg->value("TransactionId");
  if (t.empty() || !valid_utf8(t) || has_forbidden_control(t) || utf8_length(t) > 64) return {};
  return std::string(t);
}

}  // namespace

body_format format_of(std::string_view content_type) {
  const std::string t = lower_media_type(content_type);
  if (t == "application/xml" || t == "text/xml") return body_format::xml;
  if (t == "application/json") return body_format::json;
  return body_format::unsupported;
}

dispatcher::dispatcher(store::store& db, const cmr::clock& clk, const std::vector<access_token>& tokens,
                       handler_options options)
    : db_(db), clk_(clk), options_(options) {
  for (const auto& t : tokens) tokens_.emplace(t.secret, t);
}

const access_token* dispatcher::token(std::string_view authorization) const {
  constexpr std::string_view scheme = "Bearer ";
  if (authorization.size() <= scheme.size()) return nullptr;
  std::string s(authorization.substr(0, scheme.size()));
  std::transform(s.begin(), s.end(), s.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  if (s != "bearer ") return nullptr;
  const auto it = tokens_.find(std::string(trim(authorization.substr(scheme.size()))));
  return it == tokens_.end() ? nullptr : &it->second;
}

dispatcher::auth_result dispatcher::authenticate(const operation_desc& op, const cmr_request& req,
                                                 const element& msg) const {
  auth_result a;
  if (!req.authorization.empty()) {
    const access_token* t = token(req.authorization);
    if (t == nullptr) return {fail(status::security_error, "unknown token"), {}};
    a.who.who = t->who;
    a.who.provider_id = t->provider_id;
  }
  if ((op.roles & a.who.who) == 0) return {fail(status::security_error, "not allowed for this role"), {}};
  if (op.request->find("SubscriberId") != nullptr && msg.value("SubscriberId").empty())
    return {fail(status::missing_subscriber_id), {}};
  if (!op.subscriber_scoped) return a;

  const std::string_view target = msg.value("SubscriberId");
  const bool creating = op.may_create_subscriber != nullptr && op.may_create_subscriber(msg);
  std::string_view acting = op.acting_subscriber != nullptr ? op.acting_subscriber(msg) : target;
  if (acting.empty()) acting = target;
  if (a.who.who == role_subscriber && msg.value("SessionKey").empty())
    return {fail(status::missing_session_key), {}};
  if (!creating || a.who.who == role_subscriber) {
    auto exists = db_.subscribers().exists(a.who.who == role_subscriber ? acting : target);
    if (!exists) return {internal_error(exists.error(), "authenticate"), {}};
    if (!*exists) return {fail(status::invalid_subscriber_id), {}};
  }
  if (a.who.who != role_subscriber) return a;
  auto session = db_.sessions().find(msg.value("SessionKey"), clk_.now());
  if (!session) {
    if (session.error().what == store::error::code::not_found)
      return {fail(status::invalid_session_key), {}};
    return {internal_error(session.error(), "session"), {}};
  }
  if (session->subscriber_id != acting)
    return {fail(status::security_error, "another subscriber's data"), {}};
  a.who.subscriber_id = session->subscriber_id;
  return a;
}

cmr_reply dispatcher::handle(const cmr_request& req) const {
  cmr_reply reply;
  const operation_desc* op = find_operation(req.operation);
  if (op == nullptr) {
    reply.http_status = 404;
    reply.content_type = "text/plain";
    reply.body = "unknown operation\n";
    return reply;
  }
  const body_format fmt = format_of(req.content_type);
  if (fmt == body_format::unsupported) {
    reply.http_status = 415;
    reply.content_type = "text/plain";
    reply.body = "use application/xml, text/xml or application/json\n";
    return reply;
  }
  reply.content_type = fmt == body_format::json ? "application/json" : lower_media_type(req.content_type);

  const std::string request_root = std::string(op->name) + "Request";
  const std::string response_root = std::string(op->name) + "Response";
  element resp;
  outcome verdict;
  std::string tid;
  try {
    auto decoded = fmt == body_format::json ? decode_json(req.body, request_root)
                                            : decode_xml(req.body, request_root);
    if (!decoded) {
      if (decoded.error().malformed) reply.http_status = 400;
      verdict = fail(status::invalid_parameter, decoded.error().message);
    } else {
      element& msg = *decoded;
      tid = echo_transaction_id(&msg);
      auto auth = authenticate(*op, req, msg);
      verdict = auth.verdict;
      if (verdict.ok()) {
        if (auto v = validate(msg, *op->request); !v) {
          verdict = fail(status::invalid_parameter, v.error());
        } else {
          op_context ctx{db_, clk_, auth.who, msg, resp, options_};
          verdict = op->handler(ctx);
        }
      }
    }
  } catch (const std::exception& e) {
    // Handlers report through outcome; this is the last line of defence so
    // that nothing throws into the HTTP layer (and Asio).
    CMR_LOG(mgmt, error, "%s: unexpected exception: %s", request_root.c_str(), e.what());
    verdict = fail(status::general_error);
    resp.children.clear();
  }
  if (verdict.code == status::general_error) verdict.detail.clear();

  if (!tid.empty()) resp.add("TransactionId", tid);
  resp.add("StatusCode", std::to_string(static_cast<int>(verdict.code)));
  std::string text(describe(verdict.code));
  if (!verdict.detail.empty()) text += ": " + verdict.detail;
  resp.add("StatusDescription", text);
  reply.body = fmt == body_format::json ? encode_json(resp, *op->response)
                                        : encode_xml(resp, *op->response, response_root);
  CMR_LOG(mgmt, debug, "%s -> %d", request_root.c_str(), static_cast<int>(verdict.code));
  return reply;
}

}  // namespace cmr::mgmt
