// What a bearer INVITE's Request-URI asks of the IP (docs/cs-delivery.md 5):
//   play form            sip:annc@host;play=cmr:<announcement-id>[;repeat=N|forever]
//                        [;duration=MS]   (RFC 4240 2 and 3: repeat, duration in ms)
//   routing-number form  sip:<assist prefix><8-digit correlation id>@host
//   TLDN form (WIN)      sip:<tldn prefix><6 digits>@host (docs/cdma-delivery.md:
//                        the TLDN the IP gave in its SeizeResource result)
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "in/ip/ip_config.h"
#include "sip/message/uri.h"

namespace cmr::in::ip {

inline constexpr std::size_t correlation_digits = 8;
inline constexpr std::size_t tldn_digits = 6;  // after the tldn-prefix

struct play_request {
  std::uint32_t announcement_id = 0;
  std::uint32_t repeat = 1;                  // 0: until stopped ("forever")
  std::optional<std::uint32_t> duration_ms;  // the whole play lasts at most this long
  std::uint32_t delay_ms = 0;                // silence between repetitions (RFC 4240 delay)
};

struct assist_request {
  codec::protocol_variant variant = codec::protocol_variant::cap_v2;
  std::string correlation_id;  // 8 decimal digits
};

// A TLDN of the right shape; whether a seizure holds it is the WIN role's
// question (unknown: 404).
struct tldn_request {
  std::string tldn;  // prefix and the 6 digits, no '+'
};

// Why a Request-URI cannot be served, as the SIP status to answer with.
struct uri_refusal {
  int status = 404;
  std::string why;  // for the log
};

using bearer_request = std::variant<play_request, assist_request, tldn_request, uri_refusal>;

// `tldn_prefix` empty: no TLDN form (the WIN role is off).
bearer_request classify_request_uri(const sip::uri& ruri,
                                    const std::vector<assist_prefix>& prefixes,
                                    const std::string& tldn_prefix = {});

}  // namespace cmr::in::ip
