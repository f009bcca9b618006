// The contract's reading of SeizeResource, shared by the IP in cmr-server
// (in/ip/win_role.cpp) and cmr-ssf's emulated IP (tools/cmr-ssf/win_ip.cpp).
#include "in/ansi41/win_operations.h"

namespace cmr::in::ansi41 {

std::string describe(const decode_error& e) {
  return e.parameter.empty() ? e.detail : e.parameter + ": " + e.detail;
}

result<std::uint32_t, seizure_refusal> read_seizure(std::span<const std::uint8_t> set) {
  auto sr = decode_seize_resource(set);
  if (!sr) {
    const auto& e = sr.error();
    seizure_refusal r;
    r.why = describe(e);
    if (e.what == decode_error::kind::malformed)
      r.reject = true;
    else
      r.error = e.what == decode_error::kind::missing ? error_code::missing_parameter()
                                                      : error_code::parameter_error();
    return unexpected{std::move(r)};
  }
  const auto& psr = sr->private_specialized_resource;
  if (!psr) return unexpected{seizure_refusal{false, error_code::missing_parameter(),
                                              "no PrivateSpecializedResource"}};
  if (psr->size() != 4)
    return unexpected{seizure_refusal{false, error_code::parameter_error(),
                                      "PrivateSpecializedResource is not 4 octets"}};
  const std::uint32_t id = static_cast<std::uint32_t>((*psr)[0]) << 24 |
                           static_cast<std::uint32_t>((*psr)[1]) << 16 |
                           static_cast<std::uint32_t>((*psr)[2]) << 8 | (*psr)[3];
  if (id == 0)
    return unexpected{
        seizure_refusal{false, error_code::unrecognized_parameter_value(), "announcement 0"}};
  return id;
}

}  // namespace cmr::in::ansi41
