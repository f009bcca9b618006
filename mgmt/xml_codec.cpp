#include "mgmt/xml_codec.h"

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <optional>
#include <pugixml.hpp>

#include "mgmt/lexical.h"

namespace cmr::mgmt {
namespace {

// Levels of elements, the root counting 1 (as the message object does in
// JSON).
constexpr int k_max_depth = 8;

unexpected<codec_error> malformed(std::string m, std::string tid = {}) {
  return unexpected{codec_error{true, std::move(m), std::move(tid)}};
}

void append_utf8(std::string& out, std::uint32_t cp) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

// The value of a character reference's digits ("#65", "#x41"), nullopt when
// they are not digits of their base; anything beyond U+10FFFF is 0x110000.
std::optional<std::uint32_t> reference_value(std::string_view ref) {
  const bool hex = ref.size() > 1 && ref[1] == 'x';
  const std::string_view digits = ref.substr(hex ? 2 : 1);
  if (digits.empty()) return std::nullopt;
  std::uint32_t v = 0;
  for (char c : digits) {
    int d = -1;
    if (c >= '0' && c <= '9')
      d = c - '0';
    else if (hex && c >= 'a' && c <= 'f')
      d = c - 'a' + 10;
    else if (hex && c >= 'A' && c <= 'F')
      d = c - 'A' + 10;
    if (d < 0) return std::nullopt;
    v = v * (hex ? 16U : 10U) + static_cast<std::uint32_t>(d);
    if (v > 0x10FFFF) v = 0x110000;  // stays out of range, never wraps
  }
  return v;
}

// Character data as the XML 1.0 rules say (pugixml parses without
// parse_escapes, so that every reference is seen here rather than decoded
// into a C string, where &#0; would silently end the value): the five
// predefined entities and character references to a Char; anything else is
// not well-formed (an undefined entity, a bare '&', &#0;, &#xD800;, &#xFFFE;,
// &#x110000;).
result<void, std::string> append_character_data(std::string& out, std::string_view raw) {
  for (std::size_t i = 0; i < raw.size();) {
    const auto amp = raw.find('&', i);
    out.append(raw.substr(i, amp - i));
    if (amp == std::string_view::npos) break;
    // A reference is '&', a name or '#' and digits, ';' (names here are
    // ASCII: the only ones allowed are the five below).
    std::size_t end = amp + 1;
    while (end < raw.size() &&
           (std::isalnum(static_cast<unsigned char>(raw[end])) != 0 || raw[end] == '#'))
      ++end;
    if (end >= raw.size() || raw[end] != ';')
      return unexpected{std::string("'&' that starts no reference")};
    const std::string_view ref = raw.substr(amp + 1, end - amp - 1);
    if (ref == "amp")
      out += '&';
    else if (ref == "lt")
      out += '<';
    else if (ref == "gt")
      out += '>';
    else if (ref == "quot")
      out += '"';
    else if (ref == "apos")
      out += '\'';
    else if (!ref.empty() && ref[0] == '#') {
      const auto cp = reference_value(ref);
      if (!cp) return unexpected{"malformed character reference &" + std::string(ref) + ";"};
      if (!is_xml_char(*cp))
        return unexpected{"character reference &" + std::string(ref) + "; is not an XML character"};
      append_utf8(out, *cp);
    } else {
      return unexpected{"undefined entity reference &" + std::string(ref) + ";"};
    }
    i = end + 1;
  }
  return ok;
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

// The text of a leaf element, references decoded; false when it has child
// elements or bad character data.
bool leaf_text(const pugi::xml_node& node, std::string& out) {
  for (pugi::xml_node c = node.first_child(); c; c = c.next_sibling()) {
    if (c.type() == pugi::node_element) return false;
    if (c.type() == pugi::node_cdata) out += c.value();
    if (c.type() == pugi::node_pcdata && !append_character_data(out, c.value())) return false;
  }
  return true;
}

// The root's first TransactionId child, read before anything else is
// checked so that every refusal of a parsed document can echo it.
std::string transaction_id_of(const pugi::xml_document& doc) {
  const pugi::xml_node root = doc.document_element();
  const std::string_view prefix = split(root.name()).prefix;
  for (pugi::xml_node c = root.first_child(); c; c = c.next_sibling()) {
    if (c.type() != pugi::node_element) continue;
    const auto [p, local] = split(c.name());
    if (p != prefix || local != "TransactionId") continue;
    std::string text;
    return leaf_text(c, text) ? text : std::string();
  }
  return {};
}

// Attribute values are character data too, and a name may appear once (WFC:
// Unique Att Spec): "" when the node's attributes are well-formed.
std::string attribute_problem(const pugi::xml_node& node) {
  for (pugi::xml_attribute a = node.first_attribute(); a; a = a.next_attribute()) {
    const std::string_view an = a.name();
    for (pugi::xml_attribute b = a.next_attribute(); b; b = b.next_attribute())
      if (an == b.name()) return "XML: attribute " + std::string(an) + " repeated";
    std::string scratch;
    if (auto r = append_character_data(scratch, a.value()); !r) return "XML: " + r.error();
  }
  return {};
}

// Converts one element. A well-formedness problem (too deep, a bad
// reference) is returned at once: the whole document is refused with HTTP
// 400. A validity problem is kept in `invalid` (the first one) and the walk
// goes on, so that a later well-formedness problem still wins.
result<void, codec_error> convert(const pugi::xml_node& node, std::string_view prefix, element& out,
                                  int depth, std::optional<codec_error>& invalid) {
  if (depth > k_max_depth) return malformed("XML nested too deeply");
  if (std::string why = attribute_problem(node); !why.empty()) return malformed(std::move(why));
  const auto note = [&invalid](std::string why) {
    if (!invalid) invalid = codec_error{false, std::move(why), {}};
  };
  if (node.first_attribute()) note(std::string(node.name()) + ": attribute not allowed");
  bool has_elements = false;
  bool has_text = false;
  for (pugi::xml_node c = node.first_child(); c; c = c.next_sibling()) {
    if (c.type() == pugi::node_element) {
      has_elements = true;
      const auto [p, local] = split(c.name());
      if (p != prefix) note(std::string(c.name()) + ": element from another namespace");
      element& e = out.children.emplace_back();
      e.name = std::string(local);
      if (auto r = convert(c, prefix, e, depth + 1, invalid); !r) return r;
    } else if (c.type() == pugi::node_pcdata) {
      if (!trim(c.value()).empty()) has_text = true;
      if (auto r = append_character_data(out.text, c.value()); !r)
        return malformed("XML: " + r.error());
    } else if (c.type() == pugi::node_cdata) {
      if (!trim(c.value()).empty()) has_text = true;
      out.text += c.value();
    }
  }
  if (has_elements && has_text) note(out.name + ": mixed content");
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
  // Refused unread: no DTD processing of any kind, so its TransactionId is
  // not looked for either.
  if (body.find("<!DOCTYPE") != std::string_view::npos ||
      body.find("<!ENTITY") != std::string_view::npos)
    return malformed("DOCTYPE and entity declarations are not allowed");

  pugi::xml_document doc;
  // No parse_escapes (references are decoded by append_character_data), no
  // parse_doctype (refused above anyway), no parse_pi or parse_comments:
  // they carry nothing for us.
  const unsigned options = pugi::parse_cdata | pugi::parse_eol;
  // pugixml takes a NUL for the end of the data: parsed with another
  // character outside Char in its place, so that the document is still read
  // for its TransactionId (which cannot then be echoed if it held the NUL).
  std::string without_nul;
  std::string_view text = body;
  if (body.find('\0') != std::string_view::npos) {
    without_nul.assign(body);
    std::replace(without_nul.begin(), without_nul.end(), '\0', '\x01');
    text = without_nul;
  }
  const pugi::xml_parse_result parsed =
      doc.load_buffer(text.data(), text.size(), options, pugi::encoding_utf8);
  const pugi::xml_node root = doc.document_element();
  // Everything below refuses a parsed document: its TransactionId is echoed.
  std::string tid = parsed && root ? transaction_id_of(doc) : std::string();
  // Not well-formed XML 1.0 either (production Char), though pugixml takes
  // them: checked on the whole body, comments and CDATA sections included.
  if (!valid_utf8(body)) return malformed("invalid UTF-8", std::move(tid));
  if (has_non_xml_char(body))
    return malformed("a character outside XML Char (control character, U+FFFE, U+FFFF)",
                     std::move(tid));
  if (!parsed) return malformed(std::string("XML: ") + parsed.description());
  if (!root) return malformed("XML: no root element");

  const auto [prefix, local] = split(root.name());
  const std::string xmlns = prefix.empty() ? "xmlns" : "xmlns:" + std::string(prefix);
  std::string ns;
  element msg;
  msg.name = std::string(local);
  msg.is_structure = true;
  const auto refuse = [&tid](codec_error e) {
    e.transaction_id = std::move(tid);
    return unexpected{std::move(e)};
  };
  // Well-formedness problems refuse at once (HTTP 400); the first validity
  // problem is kept until the whole document was seen to be well-formed.
  std::optional<codec_error> first_invalid;
  if (std::string why = attribute_problem(root); !why.empty())
    return malformed(std::move(why), std::move(tid));
  for (pugi::xml_attribute a = root.first_attribute(); a; a = a.next_attribute()) {
    const std::string_view an = a.name();
    if (an == xmlns) {
      (void)append_character_data(ns, a.value());  // checked by attribute_problem
    } else if (an.substr(0, 5) != "xmlns" && !first_invalid) {
      first_invalid = codec_error{false, std::string(an) + ": attribute not allowed", {}};
    }
  }
  for (pugi::xml_node c = root.first_child(); c; c = c.next_sibling()) {
    if (c.type() == pugi::node_pcdata && !trim(c.value()).empty()) {
      std::string scratch;
      if (auto r = append_character_data(scratch, c.value()); !r)
        return malformed("XML: " + r.error(), std::move(tid));
      if (!first_invalid)
        first_invalid = codec_error{false, msg.name + ": text not allowed here", {}};
      continue;
    }
    if (c.type() != pugi::node_element) continue;
    const auto [p, l] = split(c.name());
    if (p != prefix && !first_invalid)
      first_invalid =
          codec_error{false, std::string(c.name()) + ": element from another namespace", {}};
    element& e = msg.children.emplace_back();
    e.name = std::string(l);
    if (auto r = convert(c, prefix, e, 2, first_invalid); !r) return refuse(r.error());
  }
  if (first_invalid) return refuse(std::move(*first_invalid));
  if (ns != k_namespace)
    return refuse({false, "root element not in namespace " + std::string(k_namespace), {}});
  if (local != root_name)
    return refuse({false, "root element must be " + std::string(root_name), {}});
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
