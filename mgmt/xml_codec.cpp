#include "mgmt/xml_codec.h"

#include <pugixml.hpp>

#include "mgmt/lexical.h"

namespace cmr::mgmt {
namespace {

constexpr int k_max_depth = 8;

unexpected<codec_error> malformed(std::string m) { return unexpected{codec_error{true, std::move(m), {}}}; }
unexpected<codec_error> invalid(std::string m) { return unexpected{codec_error{false, std::move(m), {}}}; }

// Only &amp; &lt; &gt; &quot; &apos; and character references: anything else
// would be an entity the document expects someone to define.
bool only_predefined_entities(std::string_view s) {
  for (std::size_t i = s.find('&'); i != std::string_view::npos; i = s.find('&', i + 1)) {
    const auto end = s.find(';', i);
    if (end == std::string_view::npos || end - i > 12) return false;
    const std::string_view ref = s.substr(i + 1, end - i - 1);
    if (ref == "amp" || ref == "lt" || ref == "gt" || ref == "quot" || ref == "apos") continue;
    if (ref.size() >= 2 && ref[0] == '#') continue;  // pugixml checks the digits
    return false;
  }
  return true;
}

struct split_name {
  std::string_view prefix;
  std::string_view local;
};

split_name split(std::string_view qname) {
  const auto colon = qname.find(':');
  if (colon == std::string_view::npos) return {{}, qname};
  return {qname.substr(0, colon), qname.substr(colon + 1)};
}

result<void, codec_error> convert(const pugi::xml_node& node, std::string_view prefix,
                                  element& out, int depth) {
  if (depth > k_max_depth) return invalid("nesting too deep");
  if (node.first_attribute()) return invalid(std::string(node.name()) + ": attribute not allowed");
  bool has_elements = false;
  bool has_text = false;
  for (pugi::xml_node c = node.first_child(); c; c = c.next_sibling()) {
    if (c.type() == pugi::node_element) {
      has_elements = true;
      const auto [p, local] = split(c.name());
      if (p != prefix) return invalid(std::string(c.name()) + ": element from another namespace");
      element& e = out.children.emplace_back();
      e.name = std::string(local);
      if (auto r = convert(c, prefix, e, depth + 1); !r) return r;
    } else if (c.type() == pugi::node_pcdata || c.type() == pugi::node_cdata) {
      if (!trim(c.value()).empty()) has_text = true;
      out.text += c.value();
    }
  }
  if (has_elements && has_text) return invalid(out.name + ": mixed content");
  if (has_elements) {
    out.is_structure = true;
    out.text.clear();
  }
  return ok;
}

void escape_into(std::string& out, std::string_view s) {
  for (char c : s) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '\r': out += "&#13;"; break;
      default: out += c;
    }
  }
}

void encode_children(std::string& out, const element& msg, const structure_desc& desc,
                     int indent) {
  for (const auto& f : desc.fields) {
    for (const auto& c : msg.children) {
      if (c.name != f.name) continue;
      out.append(static_cast<std::size_t>(indent), ' ');
      out += '<';
      out += c.name;
      out += '>';
      if (f.type == field_type::structure) {
        out += '\n';
        encode_children(out, c, *f.nested, indent + 2);
        out.append(static_cast<std::size_t>(indent), ' ');
      } else {
        escape_into(out, c.text);
      }
      out += "</";
      out += c.name;
      out += ">\n";
    }
  }
}

}  // namespace

result<element, codec_error> decode_xml(std::string_view body, std::string_view root_name) {
  if (!valid_utf8(body)) return malformed("invalid UTF-8");
  if (body.find("<!DOCTYPE") != std::string_view::npos ||
      body.find("<!ENTITY") != std::string_view::npos)
    return malformed("DOCTYPE and entity declarations are not allowed");
  if (!only_predefined_entities(body)) return malformed("undefined entity reference");

  pugi::xml_document doc;
  // No parse_doctype (a DOCTYPE was refused above anyway), no parse_pi or
  // parse_comments: they carry nothing for us.
  const unsigned options = pugi::parse_cdata | pugi::parse_escapes | pugi::parse_eol;
  const pugi::xml_parse_result parsed =
      doc.load_buffer(body.data(), body.size(), options, pugi::encoding_utf8);
  if (!parsed) return malformed(std::string("XML: ") + parsed.description());
  const pugi::xml_node root = doc.document_element();
  if (!root) return malformed("XML: no root element");

  const auto [prefix, local] = split(root.name());
  const std::string xmlns = prefix.empty() ? "xmlns" : "xmlns:" + std::string(prefix);
  std::string_view ns;
  element msg;
  msg.name = std::string(local);
  msg.is_structure = true;
  for (pugi::xml_attribute a = root.first_attribute(); a; a = a.next_attribute()) {
    const std::string_view an = a.name();
    if (an == xmlns) {
      ns = a.value();
    } else if (an.substr(0, 5) != "xmlns") {
      return invalid(std::string(an) + ": attribute not allowed");
    }
  }
  if (ns != k_namespace) return invalid("root element not in namespace " + std::string(k_namespace));
  if (local != root_name) return invalid("root element must be " + std::string(root_name));
  for (pugi::xml_node c = root.first_child(); c; c = c.next_sibling()) {
    if (c.type() == pugi::node_pcdata && !trim(c.value()).empty())
      return invalid(msg.name + ": text not allowed here");
    if (c.type() != pugi::node_element) continue;
    const auto [p, l] = split(c.name());
    if (p != prefix) return invalid(std::string(c.name()) + ": element from another namespace");
    element& e = msg.children.emplace_back();
    e.name = std::string(l);
    if (auto r = convert(c, prefix, e, 1); !r) return unexpected{r.error()};
  }
  return msg;
}

std::size_t xml_first_child_at(std::string_view document) {
  const auto decl_end = document.find('\n');
  const auto root_end = document.find('\n', decl_end + 1);
  return root_end == std::string_view::npos ? document.size() : root_end + 1;
}

std::string xml_leaf_line(std::string_view name, std::string_view text) {
  std::string out = "  <";
  out += name;
  out += '>';
  escape_into(out, text);
  out += "</";
  out += name;
  out += ">\n";
  return out;
}

std::string encode_xml(const element& msg, const structure_desc& desc, std::string_view root_name) {
  std::string out;
  out.reserve(512);
  out += "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<";
  out += root_name;
  out += " xmlns=\"";
  out += k_namespace;
  out += "\">\n";
  encode_children(out, msg, desc, 2);
  out += "</";
  out += root_name;
  out += ">\n";
  return out;
}

}  // namespace cmr::mgmt
