// One CMR request from body to body, without HTTP: format by content type,
// decode, authenticate (SessionKey or bearer token), validate against the
// operation's description, run the handler, encode the response with
// TransactionId echo, StatusCode and StatusDescription (DESIGN.md section 6).
#pragma once

#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "mgmt/access_token.h"
#include "mgmt/operation.h"

namespace cmr::mgmt {

struct cmr_request {
  std::string_view operation;
  std::string_view content_type;
  std::string_view authorization;  // the Authorization header, "" when absent
  std::string_view body;
};

struct cmr_reply {
  unsigned http_status = 200;
  std::string content_type;
  std::string body;
};

enum class body_format { xml, json, unsupported };
body_format format_of(std::string_view content_type);

class dispatcher {
public:
  dispatcher(store::store& db, const cmr::clock& clk, const std::vector<access_token>& tokens,
             handler_options options);

  cmr_reply handle(const cmr_request& req) const;
  // Authentication only, for routes outside the CMR messages (content
  // upload): the bearer token's principal, nullptr when unknown.
  const access_token* token(std::string_view authorization) const;
  store::store& store_ref() const { return db_; }

private:
  struct auth_result {
    outcome verdict;
    principal who;
  };
  auth_result authenticate(const operation_desc& op, const cmr_request& req, const element& msg) const;

  store::store& db_;
  const cmr::clock& clk_;
  std::unordered_map<std::string, access_token> tokens_;
  handler_options options_;
};

}  // namespace cmr::mgmt
