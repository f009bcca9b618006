// Generic ";name=value" parameters (RFC 3261 generic-param), shared by URIs,
// name-addr header parameters and Via. Values are kept as received (quotes
// included), so re-serialization reproduces them.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace cmr::sip {

struct param {
  std::string name;
  std::optional<std::string> value;  // nullopt: a flag parameter such as ;lr
  bool operator==(const param&) const = default;
};

class param_list {
public:
  // Parses "a=1;b;c=2" (no leading ';'). Pieces are split outside quotes;
  // an empty name is an error (nullopt).
  static std::optional<param_list> parse(std::string_view s);

  // Case-insensitive lookup. Returns nullptr when absent.
  [[nodiscard]] const param* find(std::string_view name) const;
  [[nodiscard]] bool has(std::string_view name) const { return find(name) != nullptr; }
  // The value, or "" for a flag, or nullopt when absent.
  [[nodiscard]] std::optional<std::string> get(std::string_view name) const;
  void set(std::string_view name, std::optional<std::string> value);
  void erase(std::string_view name);
  [[nodiscard]] const std::vector<param>& items() const { return items_; }
  [[nodiscard]] bool empty() const { return items_.empty(); }

  // ";a=1;b" (leading ';' when not empty).
  [[nodiscard]] std::string to_string() const;
  bool operator==(const param_list&) const = default;

private:
  std::vector<param> items_;
};

}  // namespace cmr::sip
