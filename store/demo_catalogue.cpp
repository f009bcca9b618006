#include "store/demo_catalogue.h"

#include <chrono>

namespace cmr::store {
namespace {

resource audio(const char* id, const char* name, const char* author, std::int64_t annc,
               money_e4 price) {
  resource r;
  r.id = id;
  r.name = name;
  r.author = author;
  r.language = "en";
  r.type = media_type::audio;
  r.format = "audio/wav";
  r.price = price;
  r.provider_id = "demo-cp";
  r.content_provider = "Demo Content Provider";
  r.origin = originator::content_provider;
  r.copyright_owner = "Demo Records";
  r.announcement_id = annc;
  r.alerting_pattern = 0;
  return r;
}

item_ref res(const char* id) { return {item_ref::kind::resource, id}; }

store_result<void> seed(store& s) {
  const timestamp now =
      std::chrono::time_point_cast<std::chrono::seconds>(std::chrono::system_clock::now());
  std::vector<resource> catalogue = {
      audio("demo-ringback-1", "Morning Bells", "Demo Ensemble", 1001, 5000),
      audio("demo-ringback-2", "Evening Jazz", "Demo Trio", 1002, 7500),
      audio("demo-ringback-3", "Office Hold", "Demo Ensemble", 1003, 0),
      audio("demo-system-default", "Standard Ringback", "Operator", 1000, 0),
  };
  resource video;
  video.id = "demo-video-1";
  video.name = "Beach Clip";
  video.type = media_type::video;
  video.format = "video/3gpp; codecs=\"s263, samr\"";
  video.price = 10000;
  video.provider_id = "demo-cp";
  video.announcement_id = 2001;
  catalogue.push_back(video);
  resource image;
  image.id = "demo-image-1";
  image.name = "Sunset";
  image.type = media_type::image;
  image.format = "image/jpeg";
  image.provider_id = "demo-cp";
  image.announcement_id = 3001;
  catalogue.push_back(image);
  for (const auto& r : catalogue) CMR_STORE_TRY(s.resources().create(r));

  CMR_STORE_TRY(s.resource_lists().create(
      {"demo-list-music", "Music", 1, {"demo-ringback-1", "demo-ringback-2", "demo-ringback-3"}}));
  CMR_STORE_TRY(
      s.resource_lists().create({"demo-list-multimedia", "Multimedia", 2, {"demo-video-1",
                                                                           "demo-image-1"}}));

  for (const char* id : {k_demo_subscriber_a, k_demo_subscriber_b}) {
    subscriber sub;
    sub.id = id;
    sub.cmrbt = true;
    sub.cmrt = true;
    sub.time_zone = "Europe/Berlin";
    sub.presence = "available";
    sub.location = "home";
    CMR_STORE_TRY(s.subscribers().create(sub));
    for (const char* rid : {"demo-ringback-1", "demo-ringback-2", "demo-ringback-3",
                            "demo-video-1"}) {
      library_entry e;
      e.subscriber_id = id;
      e.item = res(rid);
      e.subscribed_at = now;
      CMR_STORE_TRY(s.library().add(e));
    }
  }
  auto g = s.groups().create_group({k_demo_subscriber_a, "1", "Family"});
  if (!g) return cmr::unexpected<error>{g.error()};
  CMR_STORE_TRY(s.groups().add_member(k_demo_subscriber_a, "1", {k_demo_subscriber_b, "B"}));
  CMR_STORE_TRY(s.groups().add_member(k_demo_subscriber_a, "1", {"491700000003", "C"}));
  CMR_STORE_TRY(s.boxes().create({"demo-box-1", k_demo_subscriber_a, "Favourites",
                                  play_mode::sequential, {"demo-ringback-1", "demo-ringback-2"}}));

  for (service svc : {service::cmrbt, service::cmrt}) {
    presentation_rule rule;
    rule.subscriber_id = k_demo_subscriber_a;
    rule.svc = svc;
    rule.settings = {
        {presentation_type::group, 0, {{"1", {res("demo-ringback-2")}}}},
        {presentation_type::time, 1, {{"09:00-17:00;mon,tue,wed,thu,fri", {res("demo-ringback-3")}}}},
        {presentation_type::date, 2, {{"--12-24", {res("demo-ringback-1")}}}},
        {presentation_type::presence, 3, {{"busy", {res("demo-ringback-3")}}}},
        {presentation_type::location, 4, {{"office", {res("demo-ringback-3")}}}},
    };
    rule.default1 = {res("demo-ringback-1")};
    rule.default2 = {{item_ref::kind::box, "demo-box-1"}};
    CMR_STORE_TRY(s.presentation_rules().replace(rule));
  }
  presentation_rule b;
  b.subscriber_id = k_demo_subscriber_b;
  b.svc = service::cmrbt;
  b.default2 = {res("demo-ringback-2")};
  CMR_STORE_TRY(s.presentation_rules().replace(b));

  CMR_STORE_TRY(s.settings().set_system_default_resource(service::cmrbt, "demo-system-default"));
  CMR_STORE_TRY(s.settings().set_system_default_resource(service::cmrt, "demo-system-default"));
  return ok;
}

}  // namespace

store_result<void> seed_demo_catalogue(store& s) {
  auto tx = s.begin();
  if (!tx) return cmr::unexpected<error>{tx.error()};
  auto n = s.resources().count();
  if (!n) return cmr::unexpected<error>{n.error()};
  if (*n != 0) return ok;
  CMR_STORE_TRY(seed(s));
  return tx->commit();
}

}  // namespace cmr::store
