// The "sigtran" node (sigtran/sigtran_config.h).
#include <algorithm>

#include "sigtran/sigtran_config.h"

namespace cmr::sigtran {
namespace {

#define SSN_DOC "Subsystem number (146 CAP, 241 INAP)\n"
#define IPA_CLIENT_DOC "Accept an IPA client on this instance's 'listen ipa' (stand-alone server)\n"

config::outcome add_ipa_client(sigtran_config& c, std::string_view name, std::string_view pc) {
  if (name.size() > 31) return config::refuse("IPA unit name longer than 31 characters");
  // The point code format belongs to the cs7 instance; it is parsed at start.
  if (pc.find_first_not_of("0123456789.-") != std::string_view::npos)
    return config::refuse("point code '" + std::string(pc) + "' is not like 0.23.2 or 1234");
  const auto it = std::find_if(c.ipa_clients.begin(), c.ipa_clients.end(),
                               [&](const ipa_client& cl) { return cl.name == name; });
  if (it != c.ipa_clients.end())
    it->point_code = pc;
  else
    c.ipa_clients.push_back({std::string(name), std::string(pc)});
  return ok;
}

}  // namespace

config::node sigtran_config_node(sigtran_config& c) {
  config::node n{"sigtran", "Configure the SCCP users of the CMR server\n", "sigtran"};
  n.commands = {
      config::assign("cs7-instance <0-15>",
                     "The cs7 instance the SCCP users bind on\nInstance number\n", c.cs7_instance),
      {"sccp-user ssn <2-254>", "Bind an SCCP user (TCAP: CAP/INAP)\nSubsystem number\n" SSN_DOC,
       [&c](config::args a) -> config::outcome {
         const auto ssn = config::number<std::uint8_t>(a[0]);
         if (std::find(c.ssns.begin(), c.ssns.end(), ssn) == c.ssns.end()) {
           c.ssns.push_back(ssn);
           std::sort(c.ssns.begin(), c.ssns.end());
         }
         return ok;
       }},
      {"no sccp-user ssn <2-254>",
       config::no_doc("Bind an SCCP user (TCAP: CAP/INAP)\nSubsystem number\n" SSN_DOC),
       [&c](config::args a) -> config::outcome {
         std::erase(c.ssns, config::number<std::uint8_t>(a[0]));
         return ok;
       }},
      {"ipa-client NAME point-code PC",
       IPA_CLIENT_DOC "IPA unit name of the client (its ASP name)\nPoint code of the client\n"
                      "Point code, in the cs7 instance's format\n",
       [&c](config::args a) { return add_ipa_client(c, a[0], a[1]); }},
      {"no ipa-client NAME", config::no_doc(IPA_CLIENT_DOC "IPA unit name of the client\n"),
       [&c](config::args a) -> config::outcome {
         std::erase_if(c.ipa_clients, [&](const ipa_client& cl) { return cl.name == a[0]; });
         return ok;
       }},
  };
  n.write = [&c](config::writer& w) {
    w.line("sigtran");
    w.line(" cs7-instance ", c.cs7_instance);
    // A default SSN removed is written as its removal: the file is read onto
    // the defaults, so leaving it out would bind it again at the next start.
    for (const std::uint8_t ssn : sigtran_config{}.ssns)
      if (std::find(c.ssns.begin(), c.ssns.end(), ssn) == c.ssns.end())
        w.line(" no sccp-user ssn ", ssn);
    for (const std::uint8_t ssn : c.ssns) w.line(" sccp-user ssn ", ssn);
    for (const auto& cl : c.ipa_clients)
      w.line(" ipa-client ", cl.name, " point-code ", cl.point_code);
    w.line("!");
  };
  return n;
}

config::show_command sigtran_show_command(const status_slot& slot) {
  return config::show_status(
      "show cmr sigtran",
      config::show_doc("CMR server\nSIGTRAN: ASP/AS states, routes, SCCP users and counters\n"),
      slot, "SIGTRAN is not running");
}

}  // namespace cmr::sigtran
