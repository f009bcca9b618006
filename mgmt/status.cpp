#include "mgmt/status.h"

namespace cmr::mgmt {

std::string_view describe(status s) {
  switch (s) {
    case status::success: return "Success";
    case status::missing_subscriber_id: return "Lack subscriber's id";
    case status::missing_session_key: return "Lack random session key";
    case status::security_error: return "security error";
    case status::invalid_subscriber_id: return "Invalid subscribers id";
    case status::invalid_password: return "Invalid password";
    case status::invalid_session_key: return "Invalid random session key";
    case status::invalid_parameter: return "invalid parameter";
    case status::resource_not_available: return "CMR Resource not available";
    case status::resource_list_not_available: return "CMR Resource list not available";
    case status::charging_failed: return "Charging failed";
    case status::repeated_operation: return "Repeated operation";
    case status::group_not_found: return "group not found";
    case status::member_not_found: return "Member not found";
    case status::general_error: return "general error";
  }
  return "general error";
}

}  // namespace cmr::mgmt
