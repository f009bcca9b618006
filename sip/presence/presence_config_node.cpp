#include "sip/presence/presence_config_node.h"

#include <array>
#include <charconv>
#include <cmath>

namespace cmr::sip::presence {
namespace {

constexpr config::keyword<location_preference> preferences[] = {
    {"geodetic", location_preference::geodetic}, {"civic", location_preference::civic}};

bool parse_number(std::string_view s, double& out) {
  const auto r = std::from_chars(s.data(), s.data() + s.size(), out);
  return r.ec == std::errc() && r.ptr == s.data() + s.size() && std::isfinite(out);
}

std::string number_text(double v) {
  std::array<char, 32> buf{};
  const auto r = std::to_chars(buf.data(), buf.data() + buf.size(), v);
  return {buf.data(), r.ptr};
}

// A value the store takes as PresenceInfo (1-64) / LocationInfo (1-128)
// characters without control characters (a VTY word has no blanks).
config::outcome check_value(std::string_view v, std::size_t max, const char* what) {
  if (v.empty() || v.size() > max)
    return config::refuse(std::string(what) + ": 1 to " + std::to_string(max) + " characters");
  for (const char c : v)
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f)
      return config::refuse(std::string(what) + ": no control characters");
  return ok;
}

config::command seconds_command(std::string syntax, std::string doc, std::chrono::seconds& field) {
  return {std::move(syntax), std::move(doc), [&field](config::args a) -> config::outcome {
            field = std::chrono::seconds(config::number<std::uint32_t>(a[0]));
            return ok;
          }};
}

void write(config::writer& w, const presence_settings& c) {
  const auto& s = c.service;
  const auto& o = s.watcher;
  const auto& t = o.timing;
  const auto& m = o.mapping;
  w.line("presence-watcher");
  w.line(" bind ", s.address, " ", s.port);
  if (c.has_server) w.line(" server ", o.server.address.to_string(), " ", o.server.port, " udp");
  if (!o.domain.empty()) w.line(" domain ", o.domain);
  w.line(" watcher-user ", o.watcher_user);
  w.line(" expires ", t.expires.count());
  w.line(" max-subscribes-per-second ", o.max_per_second);
  w.line(" max-subscribes-in-flight ", o.max_in_flight);
  w.line(" rescan-interval ", o.rescan_interval.count());
  w.line(" retry-interval ", t.retry_base.count(), " ", t.retry_max.count());
  w.line(" probation-retry ", t.probation_retry.count());
  w.line(" rejected-retry ", t.rejected_retry.count());
  w.line(" max-body-size ", o.max_body);
  for (const auto& r : m.activities) w.line(" activity ", r.activity, " ", r.value);
  w.line(" basic open ", m.basic_open);
  w.line(" basic closed ", m.basic_closed);
  std::string fields;
  for (const auto& f : m.civic_fields) fields += " " + f;
  w.line(" location civic", fields);
  w.line(" location prefer ", config::keyword_of(preferences, m.prefer));
  for (const auto& a : m.areas)
    w.line(" location area ", a.label, " ", number_text(a.latitude), " ", number_text(a.longitude),
           " ", number_text(a.radius_m));
  w.line("!");
}

}  // namespace

config::node presence_config_node(presence_settings& c) {
  config::node n{"presence-watcher",
                 "Configure the presence watcher (SUBSCRIBE at a presence server, PIDF/RPID/PIDF-LO)\n",
                 "presence"};
  auto& s = c.service;
  auto& o = s.watcher;
  auto& t = o.timing;
  auto& m = o.mapping;
  n.on_enter = [&c] { c.entered = true; };
  n.commands = {
      config::bind("Where NOTIFYs are received (UDP)\nIPv4 address\nPort (0: any free port, logged)\n",
                   s.address, s.port),
      {"server A.B.C.D <1-65535> udp", "The presence server every SUBSCRIBE goes to\nIPv4 address\nPort\nUDP\n",
       [&c, &o](config::args a) -> config::outcome {
         boost::system::error_code ec;
         const auto address = boost::asio::ip::make_address(std::string(a[0]), ec);
         if (ec) return config::refuse("server " + std::string(a[0]) + ": " + ec.message());
         o.server = {address, config::number<std::uint16_t>(a[1]), transport_kind::udp};
         c.has_server = true;
         return ok;
       }},
      config::assign_value("no server", config::no_doc("The presence server (the watcher stops)\n"),
                           c.has_server, false),
      {"domain NAME", "Presentity URIs are sip:<subscriber>@<domain>\nDomain or host\n",
       [&o](config::args a) -> config::outcome {
         if (a[0].empty() || a[0].find_first_of("@;<>\" ") != std::string_view::npos)
           return config::refuse("domain: a host name or address");
         o.domain = a[0];
         return ok;
       }},
      {"watcher-user NAME", "User part of the watcher's From and Contact URIs\nUser\n",
       [&o](config::args a) -> config::outcome {
         if (a[0].find_first_of("@;:<>\" ") != std::string_view::npos)
           return config::refuse("watcher-user: a plain SIP user part");
         o.watcher_user = a[0];
         return ok;
       }},
      seconds_command("expires <5-86400>", "Expires asked for in each SUBSCRIBE\nSeconds\n", t.expires),
      config::assign("max-subscribes-per-second <1-100000>",
                     "SUBSCRIBEs (initial, refresh, unsubscribe) sent per second at most\nRate\n",
                     o.max_per_second),
      config::assign("max-subscribes-in-flight <1-100000>",
                     "SUBSCRIBE transactions open at once at most\nTransactions\n", o.max_in_flight),
      seconds_command("rescan-interval <1-86400>",
                      "How often the store is read for the subscribers to watch\nSeconds\n",
                      o.rescan_interval),
      {"retry-interval <1-3600> <1-86400>",
       "Back-off after failures (server unreachable): first wait, then doubling up to a cap\n"
       "First wait in seconds\nCap in seconds\n",
       [&t](config::args a) -> config::outcome {
         t.retry_base = std::chrono::seconds(config::number<std::uint32_t>(a[0]));
         t.retry_max = std::chrono::seconds(config::number<std::uint32_t>(a[1]));
         if (t.retry_max < t.retry_base) return config::refuse("retry-interval: cap below the first wait");
         return ok;
       }},
      seconds_command("probation-retry <1-86400>",
                      "Wait after terminated;reason=probation|giveup without retry-after\nSeconds\n",
                      t.probation_retry),
      seconds_command("rejected-retry <1-604800>",
                      "Wait after terminated;reason=rejected|noresource or a 403/404/489\nSeconds\n",
                      t.rejected_retry),
      config::assign("max-body-size <256-1048576>",
                     "Largest NOTIFY body taken (413 beyond)\nBytes\n", o.max_body),
      {"activity NAME VALUE",
       "Map an RPID activity to a presence value (first listed wins)\nRPID activity element name "
       "(on-the-phone, busy, away, meeting, ...)\nPresence value the rules match\n",
       [&m](config::args a) -> config::outcome {
         if (auto r = check_value(a[1], 64, "activity value"); !r) return r;
         m.set_activity(std::string(a[0]), std::string(a[1]));
         return ok;
       }},
      {"no activity NAME", config::no_doc("Map an RPID activity\nRPID activity element name\n"),
       [&m](config::args a) -> config::outcome {
         if (!m.remove_activity(std::string(a[0])))
           return config::refuse("no activity " + std::string(a[0]) + " configured");
         return ok;
       }},
      {"basic (open|closed) VALUE",
       "Presence value when no activity maps, from the tuples' basic status\nA tuple is open\n"
       "Every tuple is closed\nPresence value\n",
       [&m](config::args a) -> config::outcome {
         if (auto r = check_value(a[1], 64, "basic value"); !r) return r;
         (a[0] == "open" ? m.basic_open : m.basic_closed) = a[1];
         return ok;
       }},
      {"location civic .FIELDS",
       "Location\nCivic address fields joined with '/' into the location label, in order\n"
       "RFC 4776/5139 element names: country A1 A2 A3 A4 A5 A6 PRD POD STS HNO LOC NAM PC ...\n",
       [&m](config::args a) -> config::outcome {
         if (a.empty()) return config::refuse("location civic: at least one field");
         m.civic_fields.assign(a.begin(), a.end());
         return ok;
       }},
      {"location prefer (geodetic|civic)",
       "Location\nWhich label wins when a document has both\nA named area containing the point\n"
       "The civic label\n",
       [&m](config::args a) -> config::outcome {
         const auto p = config::parse_keyword(preferences, a[0]);
         if (!p) return config::refuse("location prefer: geodetic or civic");
         m.prefer = *p;
         return ok;
       }},
      {"location area LABEL LAT LON RADIUS",
       "Location\nA named circular area: a point inside gets LABEL (the smallest area wins)\n"
       "Location label ('/' nests: DE/Bayern/Muenchen)\nLatitude, degrees (WGS 84)\n"
       "Longitude, degrees\nRadius, metres\n",
       [&m](config::args a) -> config::outcome {
         if (auto r = check_value(a[0], k_max_label, "area label"); !r) return r;
         named_area area;
         area.label = a[0];
         if (!parse_number(a[1], area.latitude) || std::fabs(area.latitude) > 90)
           return config::refuse("location area: latitude -90..90");
         if (!parse_number(a[2], area.longitude) || std::fabs(area.longitude) > 180)
           return config::refuse("location area: longitude -180..180");
         if (!parse_number(a[3], area.radius_m) || area.radius_m <= 0)
           return config::refuse("location area: radius in metres > 0");
         m.set_area(std::move(area));
         return ok;
       }},
      {"no location area LABEL", config::no_doc("Location\nA named area\nLabel\n"),
       [&m](config::args a) -> config::outcome {
         if (!m.remove_area(std::string(a[0])))
           return config::refuse("no location area " + std::string(a[0]) + " configured");
         return ok;
       }},
  };
  n.write = [&c](config::writer& w) {
    if (c.entered || c.has_server) write(w, c);
  };
  return n;
}

config::show_command presence_show_command(const status_slot& slot) {
  return config::show_status(
      "show cmr presence",
      config::show_doc("CMR server\nPresence watcher: subscriptions by state and counters\n"), slot,
      "presence watcher not running (no presence-watcher / server)");
}

}  // namespace cmr::sip::presence
