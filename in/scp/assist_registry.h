// Correlation ids for EstablishTemporaryConnection (docs/cs-delivery.md
// section 4): 8 decimal digits, unique among live calls, shared by every
// TCAP layer of the service (the assisting IP's ARI may arrive on either
// SSN). Single-threaded: the service's strand.
#pragma once

#include <cstdint>
#include <optional>
#include <random>
#include <string>
#include <unordered_map>

#include "in/codec/codec_types.h"

namespace cmr::in::scp {

class assist_registry {
public:
  explicit assist_registry(std::optional<std::uint64_t> seed = std::nullopt);

  // A fresh id for the call; empty when all 10^8 are in use.
  std::string allocate(std::uint64_t call_id);
  [[nodiscard]] std::optional<std::uint64_t> find(const std::string& correlation) const;
  void release(const std::string& correlation);
  [[nodiscard]] std::size_t size() const { return live_.size(); }

  // Q.763 Generic Digits (BCD, type of digits 0) of an id, and the digits
  // back from an ARI's correlationID (Generic Digits, or a Generic Number);
  // empty when neither reading gives digits.
  static codec::bytes encode_generic_digits(const std::string& digits);
  static std::string decode_correlation(const codec::bytes& in);

private:
  std::uint32_t next_;
  std::unordered_map<std::string, std::uint64_t> live_;
};

}  // namespace cmr::in::scp
