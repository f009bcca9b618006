#include "mgmt/validator.h"

#include "mgmt/lexical.h"

namespace cmr::mgmt {
namespace {

using verdict = result<void, std::string>;

verdict bad(std::string_view path, std::string_view why) {
  return unexpected{std::string(path) + ": " + std::string(why)};
}

verdict check_value(element& e, const field_desc& f, const std::string& path) {
  if (e.is_structure) return bad(path, "a value is expected, not a structure");
  using k = element::json_kind;
  const bool number_expected =
      f.type == field_type::integer || f.type == field_type::unsigned_int ||
      (f.type == field_type::enumeration && f.numeric_enum);
  // JSON carries the type in the value: "5" is not a number, 5 not a string.
  const bool boolean_expected = f.type == field_type::boolean;
  if (e.kind == k::json_number && !number_expected) return bad(path, "wrong type (a number)");
  if (e.kind == k::json_boolean && !boolean_expected) return bad(path, "wrong type (a boolean)");
  if (e.kind == k::json_string && (number_expected || boolean_expected))
    return bad(path, "wrong type (a string)");
  if (f.type != field_type::string) e.text = std::string(trim(e.text));
  switch (f.type) {
    case field_type::string:
      if (f.max_length != 0 && utf8_length(e.text) > f.max_length)
        return bad(path, "longer than " + std::to_string(f.max_length) + " characters");
      return ok;
    // Integers in their canonical form ("06", "+6" and "6" are one xs:int):
    // the JSON encoder writes the text as a JSON number, which admits no
    // leading zero or plus sign, and handlers compare and store the text.
    case field_type::integer: {
      const auto v = parse_int(e.text, -2147483648LL, 2147483647LL);
      if (!v) return bad(path, "not an integer");
      e.text = std::to_string(*v);
      return ok;
    }
    case field_type::unsigned_int: {
      const auto v = parse_int(e.text, 0, 4294967295LL);
      if (!v) return bad(path, "not a non-negative integer");
      e.text = std::to_string(*v);
      return ok;
    }
    case field_type::money:
      if (!parse_money(e.text))
        return bad(path, "not a non-negative decimal with at most 4 fraction digits");
      return ok;
    case field_type::boolean:
      if (!parse_bool(e.text)) return bad(path, "not a boolean");
      return ok;
    case field_type::datetime:
      if (!parse_datetime(e.text)) return bad(path, "not an xs:dateTime");
      return ok;
    case field_type::enumeration:
      for (auto v : f.values)
        if (e.text == v) return ok;
      return bad(path, "not one of the allowed values");
    case field_type::structure:
      break;
  }
  return bad(path, "unexpected type");
}

// Every present element is checked for its type before anything reads it
// (authentication included): a value of the wrong type is 10007 whichever
// parameter it is, never taken for an absent one.
verdict check(element& msg, const structure_desc& desc, const std::string& prefix) {
  using k = element::json_kind;
  for (auto& c : msg.children) {
    const std::string path = prefix + c.name;
    const field_desc* f = desc.find(c.name);
    if (f == nullptr) return bad(path, "unknown element");
    // JSON: only a repeated element may be an array ("[]" is then absent).
    if (c.json_array_item && f->max <= 1) return bad(path, "wrong type (an array)");
    if (c.kind == k::json_empty_array) continue;
    if (c.kind == k::json_null) return bad(path, "wrong type (null)");
    if (!valid_utf8(c.text)) return bad(path, "invalid UTF-8");
    if (has_non_xml_char(c.text))
      return bad(path, "character outside XML Char (a control character, U+FFFE, U+FFFF)");
    if (f->type == field_type::structure) {
      // XML <X/> is an empty structure; JSON must say so with an object.
      if (!c.is_structure && (c.kind != k::xml || !trim(c.text).empty()))
        return bad(path, "a structure is expected, not a value");
      c.is_structure = true;
      c.text.clear();
      if (auto r = check(c, *f->nested, path + "/"); !r) return r;
    } else if (auto r = check_value(c, *f, path); !r) {
      return r;
    }
  }
  std::erase_if(msg.children, [](const element& c) { return c.kind == k::json_empty_array; });
  for (const auto& f : desc.fields) {
    std::uint32_t n = 0;
    for (const auto& c : msg.children)
      if (c.name == f.name) ++n;
    if (n < f.min && !f.auth) return bad(prefix + std::string(f.name), "missing");
    if (n > f.max) return bad(prefix + std::string(f.name), "repeated too often");
  }
  return ok;
}

}  // namespace

result<void, std::string> validate(element& msg, const structure_desc& desc) {
  return check(msg, desc, "");
}

}  // namespace cmr::mgmt
