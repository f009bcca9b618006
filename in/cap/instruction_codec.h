// The service's instructions (in/scp/switch_ops.h) as CAP v2/v3/v4 or INAP
// CS-1 operations: opcode, encoded argument, operation timer. Arguments many
// calls share (the event set of a variant and trigger side, ConnectToResource,
// the PlayAnnouncement of an announcement) are encoded once and then copied
// (the asn1c encoders were 7-8 % of the server's CPU at 7,000 calls/s).
// Single-threaded: the service's strand.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <unordered_map>

#include "in/codec/codec_types.h"
#include "in/scp/switch_ops.h"

namespace cmr::in::cap {

struct encoded_op {
  std::int32_t opcode = 0;
  std::optional<codec::bytes> arg;  // nullopt: no parameter
  std::optional<std::chrono::milliseconds> timeout;  // default: the operation's class timer
  bool ok = true;  // false: the argument did not encode
};

class instruction_codec {
public:
  // What the protocol cannot say (call-party handling before CAP v4) is not
  // ok.
  encoded_op encode(codec::protocol_variant v, const scp::instruction& i);

  static constexpr std::size_t k_cache_size = 4096;

private:
  template <typename F>
  codec::bytes shared(const std::string& key, F&& make);
  std::unordered_map<std::string, codec::bytes> cache_;
};

}  // namespace cmr::in::cap
