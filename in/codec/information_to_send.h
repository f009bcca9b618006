// Internal to in/codec: InformationToSend (inbandInfo, tone, display) is the
// same CHOICE in PlayAnnouncement and PromptAndCollectUserInformation; one
// converter pair serves both (codec_ui.cpp). Only the play_announcement
// fields of the information itself are read and written (info, message ids,
// text, variable parts, repetitions, duration, interval).
#pragma once

#include <optional>

#include "in/codec/operations.h"

struct IN_InformationToSend;

namespace cmr::in::codec::detail {

std::optional<decode_error> information_from_asn(protocol_variant v, const IN_InformationToSend& its,
                                                 play_announcement& a);
bool information_to_asn(protocol_variant v, const play_announcement& a, IN_InformationToSend& its);

}  // namespace cmr::in::codec::detail
