// PIDF (RFC 3863) with RPID activities (RFC 4480) and PIDF-LO location
// (RFC 4119, shapes of RFC 5491) decoded into plain values. Namespaces are
// matched by URI, never by prefix. Only what the presence mapping needs is
// kept: each tuple's basic status, the activities of every person (and of
// tuples, where older clients put them), and each location-info's civic
// address and geodetic point or circle.
//
// Untrusted input: the decoder never throws, refuses bodies over a size
// limit, documents nested deeper than k_max_depth or with more than
// k_max_elements elements, and anything that is not well-formed XML with a
// PIDF <presence> root. pugixml expands no entities but the five predefined
// ones and character references (a DOCTYPE is skipped, its entities never
// defined), so no entity expansion attack applies.
#pragma once

#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.h"

namespace cmr::sip::presence {

inline constexpr std::string_view ns_pidf = "urn:ietf:params:xml:ns:pidf";
inline constexpr std::string_view ns_data_model = "urn:ietf:params:xml:ns:pidf:data-model";
inline constexpr std::string_view ns_rpid = "urn:ietf:params:xml:ns:pidf:rpid";
inline constexpr std::string_view ns_geopriv = "urn:ietf:params:xml:ns:pidf:geopriv10";
inline constexpr std::string_view ns_civic = "urn:ietf:params:xml:ns:pidf:geopriv10:civicAddr";
inline constexpr std::string_view ns_gml = "http://www.opengis.net/gml";
inline constexpr std::string_view ns_shapes = "http://www.opengis.net/pidflo/1.0";

inline constexpr std::size_t k_max_depth = 64;
inline constexpr std::size_t k_max_elements = 10000;

enum class basic_status { open, closed };

struct geodetic {
  double latitude = 0;   // degrees, WGS 84 (EPSG 4326 order: lat lon)
  double longitude = 0;
  double radius_m = 0;   // 0 for a point
  friend bool operator==(const geodetic&, const geodetic&) = default;
};

// One <gp:location-info>.
struct location_info {
  // civicAddress elements by local name (A1, A3, PC, ...), trimmed text;
  // empty when the location has no civic address.
  std::map<std::string, std::string> civic;
  std::optional<geodetic> point;  // gml:Point or a Circle's centre and radius
};

struct pidf_document {
  std::string entity;                       // <presence entity="...">
  std::vector<basic_status> tuple_basics;   // one per tuple that has a <basic>
  std::vector<std::string> activities;      // RPID activity local names, document order
  std::vector<location_info> locations;     // document order
};

struct pidf_error {
  std::string reason;
};

result<pidf_document, pidf_error> parse_pidf(std::string_view body,
                                             std::size_t max_size = 65536);

}  // namespace cmr::sip::presence
