#include "in/tcap/ac_table.h"

#include <algorithm>

namespace cmr::in::tcap {

ac_table ac_table::all_known() {
  return ac_table{};
}

ac_table ac_table::only(std::vector<codec::oid> names) {
  ac_table t;
  t.restricted_ = true;
  t.allowed_ = std::move(names);
  return t;
}

std::optional<codec::ac_info> ac_table::find(const codec::oid& name) const {
  if (restricted_ && std::find(allowed_.begin(), allowed_.end(), name) == allowed_.end()) {
    return std::nullopt;
  }
  return codec::classify_ac(name);
}

}  // namespace cmr::in::tcap
