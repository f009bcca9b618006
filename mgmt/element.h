// The format-neutral form of a CMR message: a tree of named elements, leaves
// holding their lexical text. XML and JSON decode into it and encode from it,
// so an operation handler is written once for both formats.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace cmr::mgmt {

struct element {
  // How a value arrived, so that JSON "5" is refused where a number is
  // expected; XML text is always `xml`. A JSON null and an empty JSON array
  // are kept as elements of their own kind so that the validator, which knows
  // the field, refuses them (or, for a repeated field, drops the empty array)
  // with the request decoded and its TransactionId known.
  enum class json_kind : std::uint8_t {
    xml,
    json_string,
    json_number,
    json_boolean,
    structure,
    json_null,
    json_empty_array,
  };

  std::string name;
  std::string text;
  std::vector<element> children;
  json_kind kind = json_kind::xml;
  bool is_structure = false;
  // An item of a JSON array: only a repeated field may be written as one.
  bool json_array_item = false;

  [[nodiscard]] const element* child(std::string_view n) const;
  [[nodiscard]] std::vector<const element*> all(std::string_view n) const;
  [[nodiscard]] bool has(std::string_view n) const { return child(n) != nullptr; }
  // The text of the first child named n, "" when absent.
  [[nodiscard]] std::string_view value(std::string_view n) const;

  element& add(std::string n, std::string t);
  element& add_structure(std::string n);
};

}  // namespace cmr::mgmt
