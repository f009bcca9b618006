#include "sip/presence/pidf.h"

#include <charconv>
#include <cmath>
#include <pugixml.hpp>

namespace cmr::sip::presence {
namespace {

// The namespace URI of an element, from the xmlns declarations in scope
// ("" when its prefix is unbound or it has none and no default applies).
std::string_view namespace_of(pugi::xml_node n, std::string_view& local) {
  const std::string_view name = n.name();
  const auto colon = name.find(':');
  std::string attr = "xmlns";
  if (colon == std::string_view::npos) {
    local = name;
  } else {
    attr += ':';
    attr += name.substr(0, colon);
    local = name.substr(colon + 1);
  }
  for (pugi::xml_node e = n; e && e.type() == pugi::node_element; e = e.parent())
    if (const auto a = e.attribute(attr.c_str())) return a.value();
  return {};
}

bool is(pugi::xml_node n, std::string_view ns, std::string_view local) {
  if (n.type() != pugi::node_element) return false;
  std::string_view l;
  const auto u = namespace_of(n, l);
  return l == local && u == ns;
}

std::string trimmed(std::string_view s) {
  const auto b = s.find_first_not_of(" \t\r\n");
  if (b == std::string_view::npos) return {};
  const auto e = s.find_last_not_of(" \t\r\n");
  return std::string(s.substr(b, e - b + 1));
}

// The element's text: its PCDATA and CDATA children joined.
std::string text_of(pugi::xml_node n) {
  std::string t;
  for (auto c = n.first_child(); c; c = c.next_sibling())
    if (c.type() == pugi::node_pcdata || c.type() == pugi::node_cdata) t += c.value();
  return trimmed(t);
}

pugi::xml_node child(pugi::xml_node n, std::string_view ns, std::string_view local) {
  for (auto c = n.first_child(); c; c = c.next_sibling())
    if (is(c, ns, local)) return c;
  return {};
}

bool parse_double(std::string_view s, double& out) {
  const auto r = std::from_chars(s.data(), s.data() + s.size(), out);
  return r.ec == std::errc() && r.ptr == s.data() + s.size() && std::isfinite(out);
}

// "lat lon" (2D) or "lat lon alt" (3D, altitude ignored).
std::optional<geodetic> parse_pos(pugi::xml_node pos) {
  if (!pos) return std::nullopt;
  const std::string text = text_of(pos);
  std::vector<std::string_view> parts;
  std::string_view rest = text;
  while (!rest.empty()) {
    const auto b = rest.find_first_not_of(" \t\r\n");
    if (b == std::string_view::npos) break;
    rest.remove_prefix(b);
    const auto e = rest.find_first_of(" \t\r\n");
    parts.push_back(rest.substr(0, e));
    rest = e == std::string_view::npos ? std::string_view{} : rest.substr(e);
  }
  if (parts.size() != 2 && parts.size() != 3) return std::nullopt;
  geodetic g;
  if (!parse_double(parts[0], g.latitude) || !parse_double(parts[1], g.longitude)) return std::nullopt;
  if (std::fabs(g.latitude) > 90 || std::fabs(g.longitude) > 180) return std::nullopt;
  return g;
}

// A gs:Circle (RFC 5491 5.2.3; also accepted in the GML namespace): centre
// and radius, in metres (uom EPSG::9001 or none).
std::optional<geodetic> parse_circle(pugi::xml_node c) {
  auto g = parse_pos(child(c, ns_gml, "pos"));
  if (!g) return std::nullopt;
  auto radius = child(c, ns_shapes, "radius");
  if (!radius) radius = child(c, ns_gml, "radius");
  if (!radius) return std::nullopt;
  const std::string_view uom = radius.attribute("uom").value();
  if (!uom.empty() && uom != "urn:ogc:def:uom:EPSG::9001") return std::nullopt;
  double r = 0;
  if (!parse_double(text_of(radius), r) || r < 0) return std::nullopt;
  g->radius_m = r;
  return g;
}

location_info parse_location(pugi::xml_node info) {
  location_info loc;
  for (auto c = info.first_child(); c; c = c.next_sibling()) {
    if (c.type() != pugi::node_element) continue;
    if (is(c, ns_civic, "civicAddress")) {
      if (!loc.civic.empty()) continue;  // the first civic address counts
      for (auto f = c.first_child(); f; f = f.next_sibling()) {
        std::string_view local;
        if (f.type() != pugi::node_element || namespace_of(f, local) != ns_civic) continue;
        std::string v = text_of(f);
        if (!v.empty()) loc.civic.emplace(std::string(local), std::move(v));
      }
    } else if (!loc.point && is(c, ns_gml, "Point")) {
      loc.point = parse_pos(child(c, ns_gml, "pos"));
    } else if (!loc.point && (is(c, ns_shapes, "Circle") || is(c, ns_gml, "Circle"))) {
      loc.point = parse_circle(c);
    }
  }
  return loc;
}

void parse_tuple(pugi::xml_node tuple, pidf_document& doc) {
  const auto basic = child(child(tuple, ns_pidf, "status"), ns_pidf, "basic");
  if (!basic) return;
  const std::string v = text_of(basic);
  if (v == "open") doc.tuple_basics.push_back(basic_status::open);
  if (v == "closed") doc.tuple_basics.push_back(basic_status::closed);
}

void parse_activities(pugi::xml_node acts, pidf_document& doc) {
  for (auto a = acts.first_child(); a; a = a.next_sibling()) {
    std::string_view local;
    if (a.type() != pugi::node_element || namespace_of(a, local) != ns_rpid) continue;
    if (local == "note") continue;
    doc.activities.emplace_back(local);
  }
}

// Depth and size limits, checked before any namespace lookup (which walks
// up the tree): iterative, so a deep document cannot exhaust the stack.
bool within_limits(pugi::xml_node root, std::string& why) {
  std::size_t depth = 1, elements = 0;
  pugi::xml_node n = root;
  while (n) {
    if (n.type() == pugi::node_element && ++elements > k_max_elements) {
      why = "more than " + std::to_string(k_max_elements) + " elements";
      return false;
    }
    if (n.first_child()) {
      n = n.first_child();
      if (++depth > k_max_depth) {
        why = "nested deeper than " + std::to_string(k_max_depth);
        return false;
      }
      continue;
    }
    while (n && n != root && !n.next_sibling()) {
      n = n.parent();
      --depth;
    }
    if (!n || n == root) break;
    n = n.next_sibling();
  }
  return true;
}

}  // namespace

result<pidf_document, pidf_error> parse_pidf(std::string_view body, std::size_t max_size) {
  if (body.size() > max_size)
    return unexpected{pidf_error{"body of " + std::to_string(body.size()) + " bytes over the limit of " +
                                 std::to_string(max_size)}};
  pugi::xml_document xml;
  const auto r = xml.load_buffer(body.data(), body.size(), pugi::parse_default, pugi::encoding_utf8);
  if (!r) return unexpected{pidf_error{std::string("not well-formed XML: ") + r.description()}};
  const pugi::xml_node root = xml.document_element();
  if (!root) return unexpected{pidf_error{"no root element"}};
  // pugixml takes several top-level elements; XML does not.
  for (auto n = root.next_sibling(); n; n = n.next_sibling())
    if (n.type() == pugi::node_element || n.type() == pugi::node_pcdata)
      return unexpected{pidf_error{"content after the root element"}};
  std::string why;
  if (!within_limits(root, why)) return unexpected{pidf_error{why}};
  if (!is(root, ns_pidf, "presence"))
    return unexpected{pidf_error{std::string("root <") + root.name() + "> is not a PIDF presence"}};

  pidf_document doc;
  doc.entity = root.attribute("entity").value();
  // Pre-order over every element below the root.
  pugi::xml_node n = root.first_child();
  while (n) {
    bool descend = true;
    if (n.type() != pugi::node_element) {
      descend = false;
    } else if (is(n, ns_pidf, "tuple")) {
      parse_tuple(n, doc);
    } else if (is(n, ns_rpid, "activities")) {
      parse_activities(n, doc);
      descend = false;
    } else if (is(n, ns_geopriv, "location-info")) {
      doc.locations.push_back(parse_location(n));
      descend = false;
    }
    if (descend && n.first_child()) {
      n = n.first_child();
      continue;
    }
    while (n && n != root && !n.next_sibling()) n = n.parent();
    if (!n || n == root) break;
    n = n.next_sibling();
  }
  return doc;
}

}  // namespace cmr::sip::presence
