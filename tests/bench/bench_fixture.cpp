#include "tests/bench/bench_fixture.h"

#include <array>
#include <string>
#include <string_view>

namespace cmr::bench {
namespace {

using store::item_ref;
using store::presentation_type;

// `prefix` followed by `n`. Not written `"prefix" + std::to_string(n)`: GCC 12
// at -O3 inlines that into a string insert at position 0 and reports a false
// -Wrestrict overlap (GCC PR 105329), an error under -Werror.
std::string numbered(std::string_view prefix, std::uint64_t n) {
  std::string s(prefix);
  s += std::to_string(n);
  return s;
}

std::string resource_id(int i) {
  return numbered("bench-r", static_cast<std::uint64_t>(i));
}

item_ref res(int i) {
  return {item_ref::kind::resource, resource_id(i)};
}

store::store_result<void> add_one(store::bulk_loader& bulk, std::uint64_t msisdn) {
  const std::string id = std::to_string(msisdn);
  store::subscriber sub;
  sub.id = id;
  sub.cmrbt = true;
  sub.cmrt = true;
  sub.time_zone = "Europe/Berlin";
  sub.presence = "available";
  sub.location = "home";
  CMR_STORE_TRY(bulk.add_subscriber(sub));

  std::array<store::member, 20> members;
  for (int g = 1; g <= 3; ++g) {
    for (std::size_t m = 0; m < members.size(); ++m)
      members[m] = {
          std::to_string(msisdn + std::uint64_t{1000000000} * static_cast<std::uint64_t>(g) + m),
          numbered("m", m)};
    CMR_STORE_TRY(bulk.add_group(
        {id, std::to_string(g), numbered("group ", static_cast<std::uint64_t>(g))}, members));
  }
  for (int r = 0; r < k_bench_resources; ++r) {
    store::library_entry e;
    e.subscriber_id = id;
    e.item = res(r);
    e.subscribed_at = store::timestamp(std::chrono::seconds(1700000000));
    CMR_STORE_TRY(bulk.add_library_entry(e));
  }
  store::presentation_rule rule;
  rule.subscriber_id = id;
  rule.svc = store::service::cmrbt;
  rule.settings = {
      {presentation_type::group, 0, {{"1", {res(0)}}}},
      {presentation_type::time, 1, {{"08:00-18:00", {res(1)}}}},
      {presentation_type::date, 2, {{"--12-24", {res(2)}}}},
      {presentation_type::presence, 3, {{"busy", {res(3)}}}},
      {presentation_type::location, 4, {{"office", {res(4)}}}},
  };
  rule.default1 = {res(5)};
  rule.default2 = {res(6)};
  return bulk.add_presentation_rule(rule);
}

}  // namespace

store::store_result<void> ensure_bench_catalogue(store::store& s) {
  for (int i = 0; i < k_bench_resources; ++i) {
    if (s.resources().get(resource_id(i))) continue;
    store::resource r;
    r.id = resource_id(i);
    r.name = numbered("Bench tone ", static_cast<std::uint64_t>(i));
    r.type = store::media_type::audio;
    r.format = "audio/wav";
    CMR_STORE_TRY(s.resources().create(r));
  }
  return cmr::ok;
}

store::store_result<void> generate_subscribers(store::store& s, std::uint64_t first_msisdn,
                                               std::uint64_t count, std::uint64_t batch) {
  CMR_STORE_TRY(ensure_bench_catalogue(s));
  for (std::uint64_t done = 0; done < count;) {
    auto tx = s.begin();
    if (!tx) return cmr::unexpected<store::error>{tx.error()};
    const auto end = std::min(count, done + batch);
    for (; done < end; ++done) CMR_STORE_TRY(add_one(s.bulk(), first_msisdn + done));
    CMR_STORE_TRY(tx->commit());
  }
  return cmr::ok;
}

}  // namespace cmr::bench
