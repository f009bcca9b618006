// CMR status codes (spec Table 24, used as DESIGN.md section 6 says).
#pragma once

#include <string>
#include <string_view>

namespace cmr::mgmt {

enum class status : int {
  success = 0,
  missing_subscriber_id = 10001,
  missing_session_key = 10002,
  security_error = 10003,
  invalid_subscriber_id = 10004,
  invalid_password = 10005,
  invalid_session_key = 10006,
  invalid_parameter = 10007,
  resource_not_available = 10008,
  resource_list_not_available = 10009,
  charging_failed = 10010,
  repeated_operation = 10011,
  group_not_found = 20001,
  member_not_found = 20002,
  general_error = 99999,
};

// The Table 24 description ("Success", "invalid parameter", ...).
std::string_view describe(status s);

// A handler's verdict: the code plus an optional detail appended to the
// description ("invalid parameter: Price: not a decimal"). Details never
// carry internal error text (99999 has none).
struct outcome {
  status code = status::success;
  std::string detail;
  [[nodiscard]] bool ok() const { return code == status::success; }
};

inline outcome fail(status s, std::string detail = {}) { return {s, std::move(detail)}; }

}  // namespace cmr::mgmt
