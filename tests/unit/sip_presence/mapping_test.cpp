// The configurable mapping from a PIDF document to presence and location
// labels (sip/presence/presence_mapping.h).
#include <gtest/gtest.h>

#include "sip/presence/presence_mapping.h"

namespace cmr::sip::presence {
namespace {

pidf_document doc_with(std::vector<basic_status> basics, std::vector<std::string> acts) {
  pidf_document d;
  d.tuple_basics = std::move(basics);
  d.activities = std::move(acts);
  return d;
}

TEST(Mapping, ActivityBeforeBasicInConfiguredOrder) {
  presence_mapping m;
  EXPECT_EQ(map_presence(m, doc_with({basic_status::open}, {"on-the-phone"})), "busy");
  EXPECT_EQ(map_presence(m, doc_with({basic_status::open}, {"away"})), "away");
  // Both present: the one listed first in the configuration wins, whatever
  // the document order.
  EXPECT_EQ(map_presence(m, doc_with({}, {"away", "meeting"})), "busy");
  m.remove_activity("meeting");
  EXPECT_EQ(map_presence(m, doc_with({}, {"away", "meeting"})), "away");
  // Unknown activity: basic decides; nothing at all: unchanged.
  EXPECT_EQ(map_presence(m, doc_with({basic_status::closed, basic_status::open}, {"steering"})),
            "available");
  EXPECT_EQ(map_presence(m, doc_with({basic_status::closed}, {})), "offline");
  EXPECT_EQ(map_presence(m, doc_with({}, {"steering"})), std::nullopt);
  m.set_activity("steering", "driving");
  EXPECT_EQ(map_presence(m, doc_with({}, {"steering"})), "driving");
  m.set_activity("on-the-phone", "in-call");  // replaced in place
  EXPECT_EQ(m.activities.front().value, "in-call");
  m.basic_open = "online";
  EXPECT_EQ(map_presence(m, doc_with({basic_status::open}, {})), "online");
}

location_info civic(std::map<std::string, std::string> f) {
  location_info l;
  l.civic = std::move(f);
  return l;
}

TEST(Mapping, CivicLabelNestsAndStopsAtTheFirstGap) {
  presence_mapping m;  // country A1 A3
  EXPECT_EQ(civic_label(m, civic({{"country", "DE"}, {"A1", "Bayern"}, {"A3", "Muenchen"},
                                  {"PC", "80331"}})),
            "DE/Bayern/Muenchen");
  // No A1: the label stops at the country (still a prefix of the full one).
  EXPECT_EQ(civic_label(m, civic({{"country", "DE"}, {"A3", "Muenchen"}})), "DE");
  EXPECT_EQ(civic_label(m, civic({{"A1", "Bayern"}})), "");
  // A '/' inside a value would add a level: it becomes '-'.
  EXPECT_EQ(civic_label(m, civic({{"country", "DE"}, {"A1", "Baden/Wuerttemberg"}})),
            "DE/Baden-Wuerttemberg");
  m.civic_fields = {"country", "A3", "A6", "HNO"};
  EXPECT_EQ(civic_label(m, civic({{"country", "DE"}, {"A3", "Berlin"}, {"A6", "Unter den Linden"},
                                  {"HNO", "77"}})),
            "DE/Berlin/Unter den Linden/77");
  // Never over the store's 128 characters: whole levels are dropped.
  EXPECT_EQ(civic_label(m, civic({{"country", "DE"}, {"A3", std::string(130, 'x')}})), "DE");
}

TEST(Mapping, AreasSmallestContainingWins) {
  presence_mapping m;
  m.set_area({"DE/Bayern/Muenchen", 48.137, 11.575, 15000});
  m.set_area({"DE/Bayern/Muenchen/centre", 48.137, 11.575, 2000});
  m.set_area({"DE/Berlin", 52.52, 13.405, 20000});
  EXPECT_EQ(area_of(m, {48.1372, 11.5756, 0})->label, "DE/Bayern/Muenchen/centre");
  // About 5 km north of the centre: the city, not the centre.
  EXPECT_EQ(area_of(m, {48.182, 11.575, 0})->label, "DE/Bayern/Muenchen");
  EXPECT_EQ(area_of(m, {52.5, 13.4, 0})->label, "DE/Berlin");
  EXPECT_EQ(area_of(m, {40.0, -3.7, 0}), nullptr);
  EXPECT_TRUE(m.remove_area("DE/Berlin"));
  EXPECT_EQ(area_of(m, {52.5, 13.4, 0}), nullptr);
}

TEST(Mapping, Distance) {
  // Munich - Berlin, about 504 km.
  EXPECT_NEAR(distance_m(48.137, 11.575, 52.52, 13.405), 504000, 3000);
  EXPECT_NEAR(distance_m(0, 0, 0, 0), 0, 1e-6);
}

TEST(Mapping, DocumentLocationRules) {
  presence_mapping m;
  m.set_area({"munich-centre", 48.137, 11.575, 2000});
  pidf_document d = doc_with({basic_status::open}, {});
  // No location-info: location unchanged.
  EXPECT_EQ(map_document(m, d), (mapped_state{"available", std::nullopt}));
  // Civic only.
  d.locations.push_back(civic({{"country", "DE"}, {"A1", "Bayern"}}));
  EXPECT_EQ(map_document(m, d).location, "DE/Bayern");
  // A point in a named area: geodetic preferred by default.
  location_info p;
  p.point = geodetic{48.1372, 11.5756, 0};
  d.locations.push_back(p);
  EXPECT_EQ(map_document(m, d).location, "munich-centre");
  m.prefer = location_preference::civic;
  EXPECT_EQ(map_document(m, d).location, "DE/Bayern");
  // A point in no area and no civic address: known but unnamed -> cleared.
  pidf_document far = doc_with({}, {});
  location_info q;
  q.point = geodetic{10, 10, 0};
  far.locations.push_back(q);
  EXPECT_EQ(map_document(m, far), (mapped_state{std::nullopt, std::string()}));
}

}  // namespace
}  // namespace cmr::sip::presence
