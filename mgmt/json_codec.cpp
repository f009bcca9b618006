#include "mgmt/json_codec.h"

#include <nlohmann/json.hpp>

namespace cmr::mgmt {
namespace {

using json = nlohmann::json;
using ordered = nlohmann::ordered_json;
constexpr int k_max_depth = 8;

unexpected<codec_error> malformed(std::string m) { return unexpected{codec_error{true, std::move(m)}}; }
unexpected<codec_error> invalid(std::string m) { return unexpected{codec_error{false, std::move(m)}}; }

// Nesting is bounded before nlohmann builds (and later destroys) the tree.
bool depth_within(std::string_view s, int limit) {
  int depth = 0;
  bool in_string = false;
  for (std::size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    if (in_string) {
      if (c == '\\') ++i;
      else if (c == '"') in_string = false;
    } else if (c == '"') {
      in_string = true;
    } else if (c == '{' || c == '[') {
      if (++depth > limit) return false;
    } else if (c == '}' || c == ']') {
      --depth;
    }
  }
  return true;
}

result<void, codec_error> convert_value(const json& v, element& e, int depth);

result<void, codec_error> convert_object(const json& obj, element& out, int depth) {
  if (depth > k_max_depth) return invalid("nesting too deep");
  out.is_structure = true;
  out.kind = element::json_kind::structure;
  for (auto it = obj.begin(); it != obj.end(); ++it) {
    if (it.value().is_array()) {
      if (it.value().empty()) continue;  // an empty list: the element is absent
      for (const auto& item : it.value()) {
        if (item.is_array()) return invalid(it.key() + ": nested array");
        element& e = out.children.emplace_back();
        e.name = it.key();
        if (auto r = convert_value(item, e, depth + 1); !r) return r;
      }
    } else {
      element& e = out.children.emplace_back();
      e.name = it.key();
      if (auto r = convert_value(it.value(), e, depth + 1); !r) return r;
    }
  }
  return ok;
}

result<void, codec_error> convert_value(const json& v, element& e, int depth) {
  using k = element::json_kind;
  switch (v.type()) {
    case json::value_t::object:
      return convert_object(v, e, depth);
    case json::value_t::string:
      e.text = v.get<std::string>();
      e.kind = k::json_string;
      return ok;
    case json::value_t::boolean:
      e.text = v.get<bool>() ? "true" : "false";
      e.kind = k::json_boolean;
      return ok;
    case json::value_t::number_integer:
    case json::value_t::number_unsigned:
    case json::value_t::number_float:
      e.text = v.dump();
      e.kind = k::json_number;
      return ok;
    default:
      return invalid(e.name + ": null is not a value");
  }
}

void encode_object(ordered& out, const element& msg, const structure_desc& desc) {
  for (const auto& f : desc.fields) {
    std::vector<const element*> items = msg.all(f.name);
    if (items.empty()) continue;
    const auto one = [&f](const element& c) -> ordered {
      switch (f.type) {
        case field_type::structure: {
          ordered o = ordered::object();
          encode_object(o, c, *f.nested);
          return o;
        }
        case field_type::integer:
        case field_type::unsigned_int:
          return ordered::parse(c.text, nullptr, false);
        case field_type::boolean:
          return c.text == "true" || c.text == "1";
        case field_type::enumeration:
          if (f.numeric_enum) return ordered::parse(c.text, nullptr, false);
          return c.text;
        default:
          return c.text;
      }
    };
    if (f.max > 1) {
      ordered arr = ordered::array();
      for (const element* c : items) arr.push_back(one(*c));
      out[std::string(f.name)] = std::move(arr);
    } else {
      out[std::string(f.name)] = one(*items.front());
    }
  }
}

}  // namespace

result<element, codec_error> decode_json(std::string_view body, std::string_view root_name) {
  if (!depth_within(body, k_max_depth)) return malformed("JSON nested too deeply");
  json doc = json::parse(body, nullptr, /*allow_exceptions=*/false);
  if (doc.is_discarded()) return malformed("JSON: not well-formed (or invalid UTF-8)");
  if (!doc.is_object()) return malformed("JSON: the message must be an object");
  element msg;
  msg.name = std::string(root_name);
  if (auto r = convert_object(doc, msg, 1); !r) return unexpected{r.error()};
  return msg;
}

std::size_t json_first_member_at(std::string_view document) {
  const auto at = document.find('\n');
  return at == std::string_view::npos ? document.size() : at + 1;
}

std::string json_string_member_line(std::string_view name, std::string_view text) {
  ordered key(name);
  ordered value(text);
  return "  " + key.dump(-1, ' ', false, ordered::error_handler_t::replace) + ": " +
         value.dump(-1, ' ', false, ordered::error_handler_t::replace) + ",\n";
}

std::string encode_json(const element& msg, const structure_desc& desc) {
  ordered out = ordered::object();
  encode_object(out, msg, desc);
  // error_handler replace: values were validated as UTF-8 on the way in, but
  // a stored value from elsewhere must never make the encoder throw.
  return out.dump(2, ' ', false, ordered::error_handler_t::replace) + "\n";
}

}  // namespace cmr::mgmt
