#include "mgmt/json_codec.h"

#include <nlohmann/json.hpp>
#include <unordered_set>
#include <vector>

#include "mgmt/lexical.h"

namespace cmr::mgmt {
namespace {

using json = nlohmann::json;
using ordered = nlohmann::ordered_json;
// Levels of elements, the message object counting 1 (as the root element
// does in XML). An array of a repeated member is no level of its own (its
// items are the member's elements); an array inside an array is.
constexpr int k_max_depth = 8;

// Builds the element tree from nlohmann's SAX events instead of a DOM, so
// that what a DOM would hide is seen: a member name given twice (the DOM
// keeps the last one silently), and nesting beyond the limit (the subtree
// is skipped, never built). Problems of a well-formed document are recorded
// and the parse goes on to the end, so that its well-formedness is still
// checked and its TransactionId read whatever else is wrong.
class tree_builder {
public:
  explicit tree_builder(element& root) : root_(root) {}

  bool null() { return value(element::json_kind::json_null, {}); }
  bool boolean(bool v) { return value(element::json_kind::json_boolean, v ? "true" : "false"); }
  bool number_integer(json::number_integer_t v) {
    return value(element::json_kind::json_number, std::to_string(v));
  }
  bool number_unsigned(json::number_unsigned_t v) {
    return value(element::json_kind::json_number, std::to_string(v));
  }
  // The lexeme as written: "1.50" stays "1.50", a huge integer is not rounded.
  bool number_float(json::number_float_t, const std::string& lexeme) {
    return value(element::json_kind::json_number, lexeme);
  }
  bool string(std::string& v) {
    if (skip_ == 0 && frames_.size() == 1 && !frames_.back().array &&
        frames_.back().key == "TransactionId" && !tid_seen_) {
      tid_seen_ = true;
      tid_ = v;
    }
    return value(element::json_kind::json_string, std::move(v));
  }
  // Never called for JSON text (binary values come from CBOR and the like).
  bool binary(json::binary_t&) { return value(element::json_kind::json_null, {}); }

  bool start_object(std::size_t) {
    if (frames_.empty()) {
      if (started_) return false;
      started_ = true;
      root_.is_structure = true;
      root_.kind = element::json_kind::structure;
      frames_.push_back({&root_, false, {}, {}, false});
      depth_ = 1;
      return true;
    }
    if (open_skipped()) return true;
    if (depth_ + 1 > k_max_depth) {
      too_deep_ = true;
      skip_ = 1;
      return true;
    }
    element& e = place();
    e.is_structure = true;
    e.kind = element::json_kind::structure;
    frames_.push_back({&e, false, {}, {}, false});
    ++depth_;
    return true;
  }
  bool key(std::string& k) {
    if (skip_ > 0) return true;
    frame& f = frames_.back();
    if (!f.seen.insert(k).second) note("duplicate member " + k);
    f.key = std::move(k);
    return true;
  }
  bool end_object() {
    if (close_skipped()) return true;
    frames_.pop_back();
    --depth_;
    return true;
  }
  bool start_array(std::size_t) {
    if (frames_.empty()) return false;  // the message must be an object
    if (open_skipped()) return true;
    frame& f = frames_.back();
    if (f.array) {
      // An array item that is an array: no element form; skipped, and
      // counted as a level so that a deep one is refused as too deep.
      note(f.key + ": nested array");
      skip_ = 1;
      if (depth_ + 1 > k_max_depth) too_deep_ = true;
      return true;
    }
    frames_.push_back({f.node, true, f.key, {}, false});
    return true;
  }
  bool end_array() {
    if (close_skipped()) return true;
    const frame f = std::move(frames_.back());
    frames_.pop_back();
    if (!f.had_item) {
      // Kept so that the validator can tell "[]" for a single-valued member
      // (a wrong type) from an empty repeated one (absent).
      element& e = f.node->children.emplace_back();
      e.name = f.key;
      e.kind = element::json_kind::json_empty_array;
      e.json_array_item = true;
    }
    return true;
  }
  bool parse_error(std::size_t, const std::string&, const nlohmann::detail::exception&) {
    return false;
  }

  [[nodiscard]] bool started() const { return started_; }
  [[nodiscard]] bool too_deep() const { return too_deep_; }
  [[nodiscard]] const std::string& problem() const { return problem_; }
  [[nodiscard]] const std::string& transaction_id() const { return tid_; }

private:
  struct frame {
    element* node;  // the object (an array frame: the object holding the member)
    bool array;
    std::string key;                       // the member being read
    std::unordered_set<std::string> seen;  // member names of this object
    bool had_item;                         // an array frame: at least one item
  };

  void note(std::string why) {
    if (problem_.empty()) problem_ = std::move(why);
  }
  // Inside a skipped subtree (too deep, or a nested array): only counted.
  bool open_skipped() {
    if (skip_ == 0) return false;
    ++skip_;
    if (depth_ + skip_ > k_max_depth) too_deep_ = true;
    return true;
  }
  bool close_skipped() {
    if (skip_ == 0) return false;
    --skip_;
    return true;
  }
  // The element a value of the current member goes to.
  element& place() {
    frame& f = frames_.back();
    element& e = f.node->children.emplace_back();
    e.name = f.key;
    if (f.array) {
      e.json_array_item = true;
      f.had_item = true;
    }
    return e;
  }
  bool value(element::json_kind kind, std::string text) {
    if (frames_.empty()) return false;  // a scalar message
    if (skip_ > 0) return true;
    element& e = place();
    e.kind = kind;
    e.text = std::move(text);
    return true;
  }

  element& root_;
  std::vector<frame> frames_;
  int depth_ = 0;
  int skip_ = 0;
  bool started_ = false;
  bool too_deep_ = false;
  bool tid_seen_ = false;
  std::string tid_;
  std::string problem_;
};

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
        case field_type::unsigned_int: {
          // A number from its value, never the text as JSON: text that is
          // no JSON number would make the whole document invalid.
          const auto v = parse_int(c.text, -4294967295LL, 4294967295LL);
          if (v) return *v;
          return c.text;
        }
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
  element msg;
  msg.name = std::string(root_name);
  tree_builder builder(msg);
  if (!json::sax_parse(body.data(), body.data() + body.size(), &builder)) {
    if (!builder.started())
      return unexpected{codec_error{true, "JSON: the message must be an object", {}}};
    return unexpected{codec_error{true, "JSON: not well-formed (or invalid UTF-8)", {}}};
  }
  if (builder.too_deep())
    return unexpected{codec_error{true, "JSON nested too deeply", builder.transaction_id()}};
  if (!builder.problem().empty())
    return unexpected{codec_error{false, builder.problem(), builder.transaction_id()}};
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
