#include "in/scp/numbering.h"

namespace cmr::in::scp {
namespace {

bool starts_with(const std::string& s, const std::string& p) {
  return !p.empty() && s.size() > p.size() && s.compare(0, p.size(), p) == 0;
}

}  // namespace

std::string normalise(const numbering_plan& plan, std::uint8_t nature, const std::string& digits) {
  if (nature == nature_international) return digits;
  if (nature == nature_national) {
    if (starts_with(digits, plan.national_prefix))
      return plan.country_code + digits.substr(plan.national_prefix.size());
    return plan.country_code + digits;
  }
  if (starts_with(digits, plan.international_prefix))
    return digits.substr(plan.international_prefix.size());
  if (starts_with(digits, plan.national_prefix))
    return plan.country_code + digits.substr(plan.national_prefix.size());
  return digits;
}

}  // namespace cmr::in::scp
