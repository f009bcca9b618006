// How a PIDF document becomes the owner's presence and location labels the
// ringing decision matches (DESIGN.md section 5, store/conditions.h), as
// configured in the "presence-watcher" node (docs/presence.md has the
// tables):
//
// presence: the first "activity NAME VALUE" line, in configuration order,
//   whose RPID activity the document has; else "basic open VALUE" when a
//   tuple is open, "basic closed VALUE" when every tuple with a status is
//   closed; else unchanged (the document says nothing about availability).
// location: the smallest configured area ("area LABEL LAT LON RADIUS")
//   containing a geodetic point or circle centre; else the civic label: the
//   configured civic fields joined with '/' (country/A1/A3 -> "DE/Bayern/
//   Muenchen"), stopping at the first field the address lacks so that labels
//   nest as conditions expect; "prefer civic" swaps the two. A document with
//   location-info that yields no label clears the location (known, but in
//   no named place); one without location-info leaves it unchanged (it may
//   come from LocationUpdate over HTTP).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "sip/presence/pidf.h"

namespace cmr::sip::presence {

struct named_area {
  std::string label;
  double latitude = 0;
  double longitude = 0;
  double radius_m = 0;
  friend bool operator==(const named_area&, const named_area&) = default;
};

struct activity_rule {
  std::string activity;  // RPID element local name: "on-the-phone"
  std::string value;     // presence value: "busy"
  friend bool operator==(const activity_rule&, const activity_rule&) = default;
};

enum class location_preference { geodetic, civic };

struct presence_mapping {
  std::vector<activity_rule> activities = {{"on-the-phone", "busy"}, {"busy", "busy"},
                                           {"meeting", "busy"},      {"away", "away"},
                                           {"vacation", "away"},     {"sleeping", "away"}};
  std::string basic_open = "available";
  std::string basic_closed = "offline";
  std::vector<std::string> civic_fields = {"country", "A1", "A3"};
  std::vector<named_area> areas;
  location_preference prefer = location_preference::geodetic;

  // Adds or replaces an activity's value (keeping its position).
  void set_activity(const std::string& activity, const std::string& value);
  bool remove_activity(const std::string& activity);
  void set_area(named_area a);
  bool remove_area(const std::string& label);
};

// What a document says: nullopt where it says nothing (state unchanged).
struct mapped_state {
  std::optional<std::string> presence;
  std::optional<std::string> location;
  friend bool operator==(const mapped_state&, const mapped_state&) = default;
};

mapped_state map_document(const presence_mapping& m, const pidf_document& doc);

// Parts of map_document, for tests.
std::optional<std::string> map_presence(const presence_mapping& m, const pidf_document& doc);
std::string civic_label(const presence_mapping& m, const location_info& loc);
// Great-circle distance in metres (haversine, mean Earth radius).
double distance_m(double lat1, double lon1, double lat2, double lon2);
const named_area* area_of(const presence_mapping& m, const geodetic& g);

// The longest location label the store takes (LocationInfo, 128).
inline constexpr std::size_t k_max_label = 128;

}  // namespace cmr::sip::presence
