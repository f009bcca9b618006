#include "tools/cmr-ssf/ssf_messages.h"

#include <optional>
#include <utility>

#include "in/codec/address.h"
#include "in/codec/operations_codec.h"

namespace cmr::tools::ssf {
namespace {

using codec::event_type_bcsm;

// EventSpecificInformationBCSM alternative and cause of a report.
std::optional<codec::event_specific_info> info_of(event_type_bcsm e) {
  codec::event_specific_info i;
  switch (e) {
    case event_type_bcsm::o_called_party_busy:
      i.alternative = 3;
      i.cause = codec::bytes{0x80, 0x91};
      break;
    case event_type_bcsm::o_no_answer:
      i.alternative = 4;
      break;
    case event_type_bcsm::o_answer:
      i.alternative = 5;
      break;
    case event_type_bcsm::o_disconnect:
      i.alternative = 7;
      i.cause = codec::bytes{0x80, 0x90};
      break;
    case event_type_bcsm::t_busy:
      i.alternative = 8;
      i.cause = codec::bytes{0x80, 0x91};
      break;
    case event_type_bcsm::t_no_answer:
      i.alternative = 9;
      break;
    case event_type_bcsm::t_answer:
      i.alternative = 10;
      break;
    case event_type_bcsm::t_disconnect:
      i.alternative = 12;
      i.cause = codec::bytes{0x80, 0x90};
      break;
    default:
      return std::nullopt;
  }
  return i;
}

}  // namespace

codec::bytes encode_idp(const ssf_settings& s, const std::string& called,
                        const std::string& calling) {
  codec::initial_dp i;
  i.service_key = s.service_key;
  i.called_party_number =
      codec::encode_q763_number(codec::q763_kind::called, {4, 1, false, 0, 0, 0, called});
  if (!calling.empty())
    i.calling_party_number =
        codec::encode_q763_number(codec::q763_kind::calling, {4, 1, false, 0, 3, 0, calling});
  i.calling_partys_category = 10;  // ordinary subscriber
  i.event_type = s.trigger;
  if (codec::is_cap(s.variant)) {
    i.imsi = codec::bytes{0x62, 0x02, 0x10, 0x32, 0x54, 0x76, 0x98, 0xf0};
    i.msc_address = codec::isdn_address{1, 1, "491720000001"};
  }
  return codec::encode_initial_dp(s.variant, i);
}

codec::bytes encode_event_report(protocol_variant v, event_type_bcsm e, std::uint8_t leg,
                                 bool notify) {
  codec::event_report_bcsm erb;
  erb.event = e;
  erb.info = info_of(e);
  erb.leg = codec::leg_id{false, leg};
  erb.misc = codec::misc_call_info{notify, std::nullopt};
  codec::bytes b = codec::encode_event_report_bcsm(v, erb);
  if (b.empty()) {  // the variant has no EventSpecificInformationBCSM for it
    erb.info.reset();
    b = codec::encode_event_report_bcsm(v, erb);
  }
  return b;
}

const codec::bytes& report_cache::get(event_type_bcsm e, std::uint8_t leg, bool notify) {
  for (const auto& r : entries_)
    if (r.event == e && r.leg == leg && r.notify == notify) return r.bytes;
  entries_.push_back({e, leg, notify, encode_event_report(variant_, e, leg, notify)});
  return entries_.back().bytes;
}

}  // namespace cmr::tools::ssf
