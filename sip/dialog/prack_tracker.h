// UAC side of RFC 3262 for one dialog: decides which reliable provisional
// responses to PRACK (the first RSeq seen, then strictly the next one) and
// which are retransmissions or out of order (section 4).
#pragma once

#include <cstdint>
#include <optional>

#include "sip/message/message.h"

namespace cmr::sip {

class prack_tracker {
public:
  enum class verdict { not_reliable, prack, retransmission, out_of_order };

  verdict on_provisional(const message& rsp);
  [[nodiscard]] std::optional<std::uint32_t> last_rseq() const { return last_; }

private:
  std::optional<std::uint32_t> last_;
};

}  // namespace cmr::sip
