// name-addr / addr-spec with header parameters (From, To, Contact, Route,
// Record-Route, Refer-To...; RFC 3261 20.10 and 25.1).
#pragma once

#include <string>
#include <string_view>

#include "sip/message/params.h"
#include "sip/message/uri.h"
#include "common/result.h"

namespace cmr::sip {

struct name_addr {
  std::string display_name;  // unquoted, quoted-pairs resolved
  bool quoted_display = false;
  sip::uri uri;
  param_list params;      // header parameters (tag, expires, q, lr on Route URIs stay in uri)
  bool wildcard = false;  // "Contact: *"

  [[nodiscard]] std::string tag() const { return params.get("tag").value_or(""); }
  [[nodiscard]] std::string to_string() const;  // always <...> form
};

struct name_addr_error {
  std::string reason;
};

result<name_addr, name_addr_error> parse_name_addr(std::string_view value);

}  // namespace cmr::sip
