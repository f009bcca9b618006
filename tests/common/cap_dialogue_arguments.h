// The encoded arguments of one CMR user-interaction dialogue (IDP at TDP 12,
// RRBE + ConnectToResource + PlayAnnouncement, SRR, ERB), for any CAP phase:
// shared by the in-process TCAP benchmark and the tcap_peer load tool.
#pragma once

#include "in/codec/operations_codec.h"

namespace cmr::in::codec::test {

struct cap_dialogue_arguments {
  bytes idp, rrbe, ctr, pa, srr, erb;

  explicit cap_dialogue_arguments(protocol_variant v) {
    initial_dp i;
    i.service_key = 100;
    i.called_party_number =
        encode_q763_number(q763_kind::called, {4, 1, false, 0, 0, 0, "4930123456"});
    i.calling_party_number =
        encode_q763_number(q763_kind::calling, {4, 1, false, 0, 3, 0, "4917612345678"});
    i.calling_partys_category = 10;
    i.event_type = event_type_bcsm::term_attempt_authorized;
    i.imsi = bytes{0x62, 0x02, 0x10, 0x32, 0x54, 0x76, 0x98, 0xf0};
    i.msc_address = isdn_address{1, 1, "491720000001"};
    idp = encode_initial_dp(v, i);
    request_report_bcsm_event r;
    for (auto e : {event_type_bcsm::o_answer, event_type_bcsm::o_disconnect}) {
      bcsm_event be;
      be.event = e;
      be.mode = monitor_mode::notify_and_continue;
      r.events.push_back(be);
    }
    rrbe = encode_request_report_bcsm_event(v, r);
    ctr = encode_connect_to_resource(v, connect_to_resource{});
    play_announcement p;
    p.info = play_announcement::what::elementary;
    p.message_id = 4711;
    pa = encode_play_announcement(v, p);
    srr = encode_specialized_resource_report(v, specialized_resource_report{});
    event_report_bcsm e;
    e.event = event_type_bcsm::o_answer;
    erb = encode_event_report_bcsm(v, e);
  }

  // False when one of them could not be encoded for this variant.
  [[nodiscard]] bool complete() const {
    return !idp.empty() && !rrbe.empty() && !ctr.empty() && !pa.empty() && !srr.empty() &&
           !erb.empty();
  }
};

}  // namespace cmr::in::codec::test
