// Settings of the CMR SIP application server (the "sip" config node fills
// them: sip/as/sip_settings.h, sip/as/sip_config_node.h).
#pragma once

#include <boost/asio/ip/address.hpp>
#include <chrono>
#include <string>

#include "common/config_node.h"
#include "sip/transport/endpoint.h"

namespace cmr::sip::as {

// How a service's resource reaches the client (spec 6.1). Gateway mode is
// defined for CMRBT only (6.1.3), and so is forking (the TS 24.182 A.3
// forking model: the AS's own forked early dialog toward the caller); off
// passes the service's calls through.
enum class delivery_mode { off, http, application_server, gateway, forking };
// Their configuration keywords ("sip / mode"), also what the logs print.
inline constexpr config::keyword<delivery_mode> delivery_modes[] = {
    {"http", delivery_mode::http},
    {"application-server", delivery_mode::application_server},
    {"gateway", delivery_mode::gateway},
    {"forking", delivery_mode::forking},
    {"off", delivery_mode::off}};
inline const char* to_string(delivery_mode m) {
  return config::keyword_of(delivery_modes, m).data();
}

// Where the owner (the called CMR subscriber) and the other party (the
// caller) are read from.
enum class identity_source { request_uri, to, p_asserted_identity, from };
// Their configuration keywords ("sip / owner", "sip / other-party").
inline constexpr config::keyword<identity_source> identity_sources[] = {
    {"request-uri", identity_source::request_uri},
    {"to", identity_source::to},
    {"p-asserted-identity", identity_source::p_asserted_identity},
    {"from", identity_source::from}};
inline const char* to_string(identity_source s) {
  return config::keyword_of(identity_sources, s).data();
}

// What a call no resource applies to becomes (docs/ims.md): forwarded as a
// stateful proxy would (no Record-Route: the dialog runs without this
// server), or taken through the B2BUA untouched (the behaviour before ISC).
enum class unserved_handling { proxy, b2bua };
inline constexpr config::keyword<unserved_handling> unserved_handlings[] = {
    {"proxy", unserved_handling::proxy}, {"b2bua", unserved_handling::b2bua}};
inline const char* to_string(unserved_handling u) {
  return config::keyword_of(unserved_handlings, u).data();
}

struct as_config {
  endpoint next_hop;  // where every initial INVITE toward the callee goes
  delivery_mode cmrbt_mode = delivery_mode::http;
  delivery_mode cmrt_mode = delivery_mode::http;
  identity_source owner = identity_source::request_uri;
  identity_source other_party = identity_source::p_asserted_identity;
  // RTP source address, also written into the SDP this server offers.
  boost::asio::ip::address media_address = boost::asio::ip::make_address("127.0.0.1");
  // The callee neither answers nor fails: CANCEL it and answer 408 upstream
  // (Timer C is a proxy timer; a B2BUA needs its own bound).
  std::chrono::seconds ring_timeout{120};
  // An answered call without BYE is ended (no session timer support yet).
  std::chrono::seconds max_call_duration{7200};
  // route-via-platform (docs/cs-delivery.md section 7): a call whose
  // Request-URI user starts with this prefix was routed here by the SCP
  // (Connect / RoutingDigits to prefix + called number). The owner is the
  // number behind the prefix, the other party the caller; its ringback is
  // served in Gateway mode whatever "mode cmrbt" says, and the leg toward the
  // callee goes out without the prefix. Empty: no such calls.
  std::string platform_prefix = "49609";
  // A call no resource applies to (both services off, or nothing decided).
  unserved_handling unserved = unserved_handling::proxy;
  // ISC, originating session case: the served (calling) user's own ringback
  // (caller-side CMRBT, DESIGN.md section 7); off: originating calls are
  // only continued.
  bool originating_cmrbt = true;
};

}  // namespace cmr::sip::as
