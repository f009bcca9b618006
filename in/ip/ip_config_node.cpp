#include "in/ip/ip_config_node.h"

#include <algorithm>
#include <chrono>
#include <string>

#include "media/rtp/rtp_config.h"
#include "sigtran/point_code.h"

namespace cmr::in::ip {
namespace {

#define SSN_DOC "Subsystem number\n"
#define SCP_PC_DOC                                                          \
  "Where AssistRequestInstructions go\nPoint code of the SCP\nPoint code\n" \
  "SSN of the SCP's CAP user\n" SSN_DOC
#define SHUTDOWN_DOC "Do not start the intelligent peripheral\n"

// "scp point-code PC ssn N [inap-ssn M]": args PC N [M].
config::outcome set_scp_point_code(ip_settings& c, config::args a) {
  const std::string pc(a[0]);
  // The instance's own format applies at start; the default one here.
  if (!sigtran::is_point_code(pc))
    return config::refuse("scp point-code " + pc + ": not a point code");
  c.scp_point_code = pc;
  c.config.scp_cap.ssn = config::number<std::uint8_t>(a[1]);
  if (a.size() > 2) c.config.scp_inap.ssn = config::number<std::uint8_t>(a[2]);
  return ok;
}

void write(config::writer& w, const ip_settings& s) {
  if (!s.configured) return;
  const ip_config& c = s.config;
  w.line("ip");
  w.line(" bind ", c.address, " ", c.port);
  media::rtp::write_media_lines(w, c.media_address, c.rtp);
  const unsigned cap = c.scp_cap.ssn.value_or(0), inap = c.scp_inap.ssn.value_or(0);
  if (!s.scp_point_code.empty())
    w.line(" scp point-code ", s.scp_point_code, " ssn ", cap, " inap-ssn ", inap);
  else
    w.line(" scp ssn ", cap, " inap-ssn ", inap);
  w.line(" local-ssn ", s.local_ssn);
  if (s.win_ssn)
    w.line(" win-ssn ", *s.win_ssn);
  else
    w.line(" no win-ssn");
  w.line(" tldn-prefix ", c.tldn_prefix);
  w.line(" tldn-timeout ",
         std::chrono::duration_cast<std::chrono::seconds>(c.tldn_timeout).count());
  write_assist_prefixes(w, s.assist_prefix);
  w.line(" max-call-duration ",
         std::chrono::duration_cast<std::chrono::seconds>(c.max_call_duration).count());
  w.line(s.shutdown ? " shutdown" : " no shutdown");
  w.line("!");
}

}  // namespace

config::node ip_config_node(ip_settings& s) {
  config::node n{"ip", "Configure the intelligent peripheral (gsmSRF)\n", "ip"};
  ip_config& c = s.config;
  n.commands = {
      config::bind("Where bearer INVITEs are received (UDP and TCP)\nIPv4 address\n"
                   "Port (0: any free port, logged)\n",
                   c.address, c.port),
      media::rtp::media_address_command(c.media_address),
      media::rtp::rtp_ports_command(c.rtp),
      {"scp point-code POINT_CODE ssn <2-254>", SCP_PC_DOC,
       [&s](config::args a) { return set_scp_point_code(s, a); }},
      {"scp point-code POINT_CODE ssn <2-254> inap-ssn <2-254>",
       SCP_PC_DOC "SSN of the SCP's INAP user\n" SSN_DOC,
       [&s](config::args a) { return set_scp_point_code(s, a); }},
      {"scp ssn <2-254> inap-ssn <2-254>",
       "Where AssistRequestInstructions go (the cs7 instance's own point code)\n"
       "SSN of the SCP's CAP user\n" SSN_DOC "SSN of the SCP's INAP user\n" SSN_DOC,
       [&s](config::args a) -> config::outcome {
         s.scp_point_code.clear();
         s.config.scp_cap.ssn = config::number<std::uint8_t>(a[0]);
         s.config.scp_inap.ssn = config::number<std::uint8_t>(a[1]);
         return ok;
       }},
      config::assign("local-ssn <2-254>",
                     "The IP's own SCCP user (also a sigtran / sccp-user ssn)\n" SSN_DOC,
                     s.local_ssn),
      {"win-ssn <2-254>",
       "The WIN role's SCCP user: SeizeResource from the SCP over ANSI TCAP "
       "(also a sigtran / sccp-user ssn)\n" SSN_DOC,
       [&s](config::args a) -> config::outcome {
         s.win_ssn = config::number<std::uint8_t>(a[0]);
         return ok;
       }},
      {"no win-ssn", config::no_doc("The WIN role off (no ANSI-41 resource attachment)\n"),
       [&s](config::args) -> config::outcome {
         s.win_ssn.reset();
         return ok;
       }},
      {"tldn-prefix DIGITS",
       "WIN role: the TLDN of a seizure is this prefix + 6 digits\nDecimal digits\n",
       [&c](config::args a) -> config::outcome {
         const bool digits =
             std::all_of(a[0].begin(), a[0].end(), [](char ch) { return ch >= '0' && ch <= '9'; });
         // 6 digits follow; DestinationDigits and E.164 stop at 15 in all.
         if (a[0].empty() || a[0].size() > 9 || !digits)
           return config::refuse("tldn-prefix " + std::string(a[0]) + ": 1 to 9 decimal digits");
         c.tldn_prefix = a[0];
         return ok;
       }},
      {"tldn-timeout <1-600>",
       "WIN role: a seizure without bearer to its TLDN is aborted after\nSeconds\n",
       [&c](config::args a) -> config::outcome {
         c.tldn_timeout = std::chrono::seconds(config::number<std::uint32_t>(a[0]));
         return ok;
       }},
      assist_prefix_command(
          "Routing-number prefix of a protocol family (EstablishTemporaryConnection)\n"
          "CAP phase 2\nCAP phase 3\nCAP phase 4\nETSI INAP CS-1\nDecimal digits\n",
          s.assist_prefix),
      {"max-call-duration <1-86400>", "Bearers are released after\nSeconds\n",
       [&c](config::args a) -> config::outcome {
         c.max_call_duration = std::chrono::seconds(config::number<std::uint32_t>(a[0]));
         return ok;
       }},
      config::assign_value("shutdown", SHUTDOWN_DOC, s.shutdown, true),
      config::assign_value("no shutdown", config::no_doc(SHUTDOWN_DOC), s.shutdown, false),
  };
  n.write = [&s](config::writer& w) { write(w, s); };
  n.on_enter = [&s] { s.configured = true; };
  return n;
}

config::show_command ip_show_command(const status_slot& slot) {
  return config::show_status(
      "show cmr ip",
      config::show_doc("CMR server\nIntelligent peripheral counters (bearers, plays, TCAP)\n"),
      slot, "intelligent peripheral not running (no ip node, or shutdown)");
}

}  // namespace cmr::in::ip
