// The application contexts this node accepts in a received TC-BEGIN: the
// codec's classify_ac (CAP v2/v3/v4 gsmSSF-gsmSCF, assist-handoff and
// gsmSRF; INAP CS-1 SSP-SCP, assist and IP-SCP) narrowed by configuration.
// A context outside the table is refused with a dialogue refusal (AARE
// rejected, application-context-name-not-supported).
#pragma once

#include <optional>
#include <vector>

#include "in/codec/protocol_constants.h"

namespace cmr::in::tcap {

class ac_table {
public:
  // Everything classify_ac knows.
  static ac_table all_known();
  // Only the listed contexts (each must also be known to classify_ac).
  static ac_table only(std::vector<codec::oid> names);

  // The context's variant and role when it is supported, else nullopt.
  [[nodiscard]] std::optional<codec::ac_info> find(const codec::oid& name) const;
  [[nodiscard]] bool supported(const codec::oid& name) const { return find(name).has_value(); }
  // Whether a TC-BEGIN without a dialogue portion (no context named) is
  // accepted; INAP CS-1 peers may omit it. Default: accepted.
  bool accept_no_dialogue_portion = true;

private:
  bool restricted_ = false;
  std::vector<codec::oid> allowed_;
};

}  // namespace cmr::in::tcap
