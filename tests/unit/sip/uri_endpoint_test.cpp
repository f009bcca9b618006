// URIs of configured next hops mapped to transport endpoints.
#include "sip/transport/uri_endpoint.h"

#include <gtest/gtest.h>

namespace cmr::sip {
namespace {

TEST(uri_endpoint, ip_uris_map_to_endpoints) {
  auto e = endpoint_from_uri(*parse_uri("sip:bob@192.0.2.4:5080;transport=TCP"));
  ASSERT_TRUE(e);
  EXPECT_EQ(e->to_string(), "192.0.2.4:5080/TCP");
  e = endpoint_from_uri(*parse_uri("sip:[2001:db8::1];lr"));
  ASSERT_TRUE(e);
  EXPECT_EQ(e->to_string(), "[2001:db8::1]:5060/UDP");
  e = endpoint_from_uri(*parse_uri("sip:p.example.com;maddr=192.0.2.9"));
  ASSERT_TRUE(e);
  EXPECT_EQ(e->address.to_string(), "192.0.2.9");
  EXPECT_FALSE(endpoint_from_uri(*parse_uri("sip:bob@example.com")));
  EXPECT_FALSE(endpoint_from_uri(*parse_uri("tel:+123")));
}

}  // namespace
}  // namespace cmr::sip
