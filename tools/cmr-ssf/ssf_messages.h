// The messages the emulated switch builds (open5gs *-build.c): the
// InitialDP that opens a call and the EventReportBCSM of an event, each as
// encoded argument bytes. The load path encodes them once: InitialDPs per
// number pair (load_driver.h), event reports per (event, leg, mode) in a
// report_cache.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "in/codec/operations.h"
#include "tools/cmr-ssf/ssf_types.h"

namespace cmr::tools::ssf {

// The InitialDP of one call: serviceKey, called party (Q.763, international,
// ISDN numbering plan), calling party (when given), ordinary subscriber
// category, the trigger's eventTypeBCSM; in CAP also an IMSI and the MSC
// address. Empty when the variant cannot encode it.
codec::bytes encode_idp(const ssf_settings& s, const std::string& called,
                        const std::string& calling);

// EventReportBCSM for `e` on `leg`: miscCallInfo request (EDP-R) or
// notification (EDP-N), receivingSideID, and the EventSpecificInformationBCSM
// alternative of the event (busy and disconnect with a Q.850 cause) when the
// variant carries it.
codec::bytes encode_event_report(protocol_variant v, codec::event_type_bcsm e, std::uint8_t leg,
                                 bool notify);

// encode_event_report() once per (event, leg, mode).
class report_cache {
public:
  explicit report_cache(protocol_variant v) : variant_(v) {}
  const codec::bytes& get(codec::event_type_bcsm e, std::uint8_t leg, bool notify);

private:
  struct entry {
    codec::event_type_bcsm event;
    std::uint8_t leg;
    bool notify;
    codec::bytes bytes;
  };
  protocol_variant variant_;
  std::vector<entry> entries_;
};

}  // namespace cmr::tools::ssf
