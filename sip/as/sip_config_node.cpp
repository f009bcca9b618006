#include "sip/as/sip_config_node.h"

#include <algorithm>
#include <chrono>
#include <string>

#include "media/rtp/rtp_config.h"

namespace cmr::sip::as {
namespace {

constexpr config::keyword<transport_kind> transports[] = {{"udp", transport_kind::udp},
                                                          {"tcp", transport_kind::tcp}};

#define IDENT_DOC                                                                  \
  "Request-URI user part\nTo header URI\nP-Asserted-Identity (From when absent)\n" \
  "From header URI\n"
#define NEXT_HOP_DOC "Where initial INVITEs toward the callee go\n"

config::outcome set_next_hop(sip_settings& c, config::args a) {
  boost::system::error_code ec;
  const auto address = boost::asio::ip::make_address(std::string(a[0]), ec);
  if (ec) return config::refuse("next-hop " + std::string(a[0]) + ": " + ec.message());
  const auto kind = config::parse_keyword(transports, a[2]);
  if (!kind) return config::refuse("next-hop: udp or tcp");
  c.server.as.next_hop = {address, config::number<std::uint16_t>(a[1]), *kind};
  c.has_next_hop = true;
  return ok;
}

config::outcome set_mode(as_config& c, config::args a) {
  const bool cmrt = a[0] == "cmrt";
  const auto mode = config::parse_keyword(delivery_modes, a[1]);
  if (!mode) return config::refuse("mode " + std::string(a[1]) + ": unknown delivery mode");
  // Spec 6.1.3 defines Gateway mode for CMRBT only.
  if (cmrt && *mode == delivery_mode::gateway)
    return config::refuse("gateway mode is defined for cmrbt only (spec 6.1.3)");
  // The forking model plays ringback to the caller (TS 24.182 A.3).
  if (cmrt && *mode == delivery_mode::forking)
    return config::refuse("forking mode is defined for cmrbt only (TS 24.182 A.3)");
  (cmrt ? c.cmrt_mode : c.cmrbt_mode) = *mode;
  return ok;
}

// "owner (...)" and "other-party (...)".
config::command identity(std::string syntax, std::string doc, identity_source& field) {
  return {std::move(syntax), std::move(doc), [&field](config::args a) -> config::outcome {
            const auto source = config::parse_keyword(identity_sources, a[0]);
            if (!source) return config::refuse(std::string(a[0]) + ": unknown identity source");
            field = *source;
            return ok;
          }};
}

// A command setting a duration in seconds the syntax range-checked.
config::command seconds(std::string syntax, std::string doc, std::chrono::seconds& field) {
  return {std::move(syntax), std::move(doc), [&field](config::args a) -> config::outcome {
            field = std::chrono::seconds(config::number<std::uint32_t>(a[0]));
            return ok;
          }};
}

void write(config::writer& w, const sip_settings& c) {
  const server_options& s = c.server;
  w.line("sip");
  w.line(" bind ", s.address, " ", s.port);
  if (c.has_next_hop)
    w.line(" next-hop ", s.as.next_hop.address.to_string(), " ", s.as.next_hop.port, " ",
           config::keyword_of(transports, s.as.next_hop.kind));
  w.line(" mode cmrbt ", to_string(s.as.cmrbt_mode));
  w.line(" mode cmrt ", to_string(s.as.cmrt_mode));
  w.line(" owner ", to_string(s.as.owner));
  w.line(" other-party ", to_string(s.as.other_party));
  media::rtp::write_media_lines(w, s.as.media_address, s.rtp);
  w.line(" ring-timeout ", s.as.ring_timeout.count());
  w.line(" max-call-duration ", s.as.max_call_duration.count());
  w.line(" url-lifetime ", c.url_lifetime_s);
  if (!c.content_url_base.empty()) w.line(" content-url-base ", c.content_url_base);
  if (s.as.platform_prefix.empty())
    w.line(" no platform-prefix");
  else
    w.line(" platform-prefix ", s.as.platform_prefix);
  w.line(" unserved ", to_string(s.as.unserved));
  w.line(" originating cmrbt ", s.as.originating_cmrbt ? "on" : "off");
  if (!c.charging_records.empty()) w.line(" charging-records ", c.charging_records);
  w.line("!");
}

}  // namespace

config::node sip_config_node(sip_settings& c) {
  config::node n{"sip", "Configure the CMR SIP application server (B2BUA)\n", "sip"};
  as_config& as = c.server.as;
  n.commands = {
      config::bind(
          "Where SIP is received (UDP and TCP)\nIPv4 address\nPort (0: any free port, logged)\n",
          c.server.address, c.server.port),
      {"next-hop A.B.C.D <1-65535> (udp|tcp)", NEXT_HOP_DOC "IPv4 address\nPort\nUDP\nTCP\n",
       [&c](config::args a) { return set_next_hop(c, a); }},
      config::assign_value("no next-hop", config::no_doc(NEXT_HOP_DOC), c.has_next_hop, false),
      {"mode (cmrbt|cmrt) (http|application-server|gateway|forking|off)",
       "How a service's resource is delivered (spec 6.1)\nRingback (caller side)\n"
       "Ringtone (callee side)\nURL in Alert-Info (6.1.1)\nEarly-session SDP and RTP (6.1.2)\n"
       "P-Early-Media SDP answer and RTP (6.1.3, cmrbt only)\nPass the calls through\n",
       [&as](config::args a) { return set_mode(as, a); }},
      identity("owner (request-uri|to|p-asserted-identity|from)",
               "Where the owner (called CMR subscriber) is read from\n" IDENT_DOC, as.owner),
      identity("other-party (request-uri|to|p-asserted-identity|from)",
               "Where the other party (caller) is read from\n" IDENT_DOC, as.other_party),
      media::rtp::media_address_command(as.media_address),
      media::rtp::rtp_ports_command(c.server.rtp),
      seconds("ring-timeout <1-3600>",
              "Time the callee may ring before the call is cancelled (408)\nSeconds\n",
              as.ring_timeout),
      seconds("max-call-duration <1-604800>", "Answered calls are ended after\nSeconds\n",
              as.max_call_duration),
      config::assign("url-lifetime <1-604800>",
                     "Validity of the HTTP-mode download URLs\nSeconds\n", c.url_lifetime_s),
      {"platform-prefix DIGITS",
       "Request-URI prefix of calls the SCP routed here (route-via-platform; scp / "
       "platform-prefix)\nDigits\n",
       [&as](config::args a) -> config::outcome {
         const bool digits =
             std::all_of(a[0].begin(), a[0].end(), [](char ch) { return ch >= '0' && ch <= '9'; });
         if (a[0].empty() || a[0].size() > 16 || !digits)
           return config::refuse("platform-prefix: 1 to 16 digits");
         as.platform_prefix = a[0];
         return ok;
       }},
      config::assign_value(
          "no platform-prefix",
          config::no_doc("Request-URI prefix of calls the SCP routed here (route-via-platform)\n"),
          as.platform_prefix, std::string()),
      {"unserved (proxy|b2bua)",
       "What a call no resource applies to becomes\n"
       "Forwarded as a stateful proxy (no Record-Route: the dialog runs without this server)\n"
       "Taken through the B2BUA untouched\n",
       [&as](config::args a) -> config::outcome {
         const auto u = config::parse_keyword(unserved_handlings, a[0]);
         if (!u) return config::refuse("unserved: proxy or b2bua");
         as.unserved = *u;
         return ok;
       }},
      {"originating cmrbt (on|off)",
       "ISC originating session case (P-Served-User sescase=orig, or the orig route marker)\n"
       "The served (calling) user's own ringback\nServe it\nOnly continue the call\n",
       [&as](config::args a) -> config::outcome {
         as.originating_cmrbt = a[0] == "on";
         return ok;
       }},
      {"charging-records PATH",
       "Append one JSON charging record per SIP call (besides the NOTICE log line)\nFile\n",
       [&c](config::args a) -> config::outcome {
         c.charging_records = a[0];
         return ok;
       }},
      config::assign_value("no charging-records",
                           config::no_doc("Append one JSON charging record per SIP call\n"),
                           c.charging_records, std::string()),
      {"content-url-base URL",
       "Prefix of HTTP-mode download URLs\nhttp://host:port/cmr/1/content/\n",
       [&c](config::args a) -> config::outcome {
         if (!a[0].starts_with("http://") && !a[0].starts_with("https://"))
           return config::refuse("content-url-base must be an http:// or https:// URL");
         c.content_url_base = a[0];
         return ok;
       }},
  };
  n.write = [&c](config::writer& w) { write(w, c); };
  return n;
}

config::show_command sip_show_command(const status_slot& slot) {
  return config::show_status(
      "show cmr sip",
      config::show_doc("CMR server\n"
                       "SIP application server counters (calls, transactions, transports, RTP)\n"),
      slot, "SIP application server not running (no sip / next-hop)");
}

}  // namespace cmr::sip::as
