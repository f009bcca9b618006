#include "sip/presence/presence_mapping.h"

#include <algorithm>
#include <cmath>

namespace cmr::sip::presence {

void presence_mapping::set_activity(const std::string& activity, const std::string& value) {
  for (auto& r : activities)
    if (r.activity == activity) {
      r.value = value;
      return;
    }
  activities.push_back({activity, value});
}

bool presence_mapping::remove_activity(const std::string& activity) {
  return std::erase_if(activities, [&](const activity_rule& r) { return r.activity == activity; }) != 0;
}

void presence_mapping::set_area(named_area a) {
  for (auto& x : areas)
    if (x.label == a.label) {
      x = std::move(a);
      return;
    }
  areas.push_back(std::move(a));
}

bool presence_mapping::remove_area(const std::string& label) {
  return std::erase_if(areas, [&](const named_area& a) { return a.label == label; }) != 0;
}

std::optional<std::string> map_presence(const presence_mapping& m, const pidf_document& doc) {
  for (const auto& r : m.activities)
    if (std::find(doc.activities.begin(), doc.activities.end(), r.activity) != doc.activities.end())
      return r.value;
  if (doc.tuple_basics.empty()) return std::nullopt;
  const bool open = std::find(doc.tuple_basics.begin(), doc.tuple_basics.end(),
                              basic_status::open) != doc.tuple_basics.end();
  return open ? m.basic_open : m.basic_closed;
}

namespace {

// A civic value as one path element: no '/', no control characters, blanks
// collapsed at the ends (the parser trimmed them).
std::string path_element(const std::string& v) {
  std::string out;
  for (const char ch : v) {
    const auto u = static_cast<unsigned char>(ch);
    if (u < 0x20 || u == 0x7f) continue;
    out += ch == '/' ? '-' : ch;
  }
  while (!out.empty() && out.back() == ' ') out.pop_back();
  while (!out.empty() && out.front() == ' ') out.erase(out.begin());
  return out;
}

}  // namespace

std::string civic_label(const presence_mapping& m, const location_info& loc) {
  std::string label;
  for (const auto& field : m.civic_fields) {
    const auto it = loc.civic.find(field);
    if (it == loc.civic.end()) break;
    const std::string part = path_element(it->second);
    if (part.empty()) break;
    const std::size_t need = label.size() + (label.empty() ? 0 : 1) + part.size();
    if (need > k_max_label) break;  // a shorter, still nested, label
    if (!label.empty()) label += '/';
    label += part;
  }
  return label;
}

double distance_m(double lat1, double lon1, double lat2, double lon2) {
  constexpr double k_earth_radius = 6371008.8;
  constexpr double k_rad = 3.14159265358979323846 / 180.0;
  const double dlat = (lat2 - lat1) * k_rad;
  const double dlon = (lon2 - lon1) * k_rad;
  const double a = std::sin(dlat / 2) * std::sin(dlat / 2) +
                   std::cos(lat1 * k_rad) * std::cos(lat2 * k_rad) * std::sin(dlon / 2) *
                       std::sin(dlon / 2);
  return 2 * k_earth_radius * std::asin(std::min(1.0, std::sqrt(a)));
}

const named_area* area_of(const presence_mapping& m, const geodetic& g) {
  const named_area* best = nullptr;
  for (const auto& a : m.areas) {
    if (distance_m(a.latitude, a.longitude, g.latitude, g.longitude) > a.radius_m) continue;
    if (best == nullptr || a.radius_m < best->radius_m) best = &a;
  }
  return best;
}

mapped_state map_document(const presence_mapping& m, const pidf_document& doc) {
  mapped_state s;
  s.presence = map_presence(m, doc);
  if (doc.locations.empty()) return s;
  std::string civic, area;
  for (const auto& loc : doc.locations) {
    if (civic.empty()) civic = civic_label(m, loc);
    if (area.empty() && loc.point)
      if (const auto* a = area_of(m, *loc.point)) area = a->label;
  }
  if (m.prefer == location_preference::geodetic)
    s.location = !area.empty() ? area : civic;
  else
    s.location = !civic.empty() ? civic : area;
  return s;
}

}  // namespace cmr::sip::presence
