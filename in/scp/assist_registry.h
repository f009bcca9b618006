// Correlation ids for temporary connections to an assisting resource
// (docs/cs-delivery.md section 4): 8 decimal digits, unique among live
// calls, shared by every mapping and dialogue of the service (the assisting
// IP's request may arrive on another SSN). How the digits travel is the
// mapping's business (in/cap/correlation.h). Single-threaded: the service's
// strand.
#pragma once

#include <cstdint>
#include <optional>
#include <random>
#include <string>
#include <unordered_map>


namespace cmr::in::scp {

class assist_registry {
public:
  explicit assist_registry(std::optional<std::uint64_t> seed = std::nullopt);

  // A fresh id for the call; empty when all 10^8 are in use.
  std::string allocate(std::uint64_t call_id);
  [[nodiscard]] std::optional<std::uint64_t> find(const std::string& correlation) const;
  void release(const std::string& correlation);
  [[nodiscard]] std::size_t size() const { return live_.size(); }


private:
  std::uint32_t next_;
  std::unordered_map<std::string, std::uint64_t> live_;
};

}  // namespace cmr::in::scp
