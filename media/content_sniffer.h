// Checks that uploaded bytes are what their declared Format says, by magic
// numbers and (for text and vCard) by structure. Audio is further proven by
// decoding it (audio_decoder); this is the cheap first gate for every type.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "media/content_format.h"

namespace cmr::media {

// nullopt when the bytes fit the family; otherwise why not (for the log and
// the StatusDescription-free error detail).
std::optional<std::string> sniff_mismatch(format_family family,
                                          std::span<const std::uint8_t> bytes);

// Strict UTF-8: no overlong forms, no surrogates, nothing above U+10FFFF.
bool is_valid_utf8(std::string_view s);

}  // namespace cmr::media
