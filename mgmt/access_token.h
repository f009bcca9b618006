// Bearer tokens of the portal, content-provider and application roles, from
// the "mgmt" configuration node (DESIGN.md section 6).
#pragma once

#include <string>

#include "mgmt/operation.h"

namespace cmr::mgmt {

struct access_token {
  std::string secret;
  role who = role_portal;
  std::string provider_id;  // role_provider only
};

}  // namespace cmr::mgmt
