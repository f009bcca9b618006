#include "mgmt/element.h"

namespace cmr::mgmt {

const element* element::child(std::string_view n) const {
  for (const auto& c : children)
    if (c.name == n) return &c;
  return nullptr;
}

std::vector<const element*> element::all(std::string_view n) const {
  std::vector<const element*> out;
  for (const auto& c : children)
    if (c.name == n) out.push_back(&c);
  return out;
}

std::string_view element::value(std::string_view n) const {
  const element* c = child(n);
  return c == nullptr ? std::string_view{} : std::string_view{c->text};
}

element& element::add(std::string n, std::string t) {
  element& e = children.emplace_back();
  e.name = std::move(n);
  e.text = std::move(t);
  return e;
}

element& element::add_structure(std::string n) {
  element& e = children.emplace_back();
  e.name = std::move(n);
  e.is_structure = true;
  e.kind = json_kind::structure;
  return e;
}

}  // namespace cmr::mgmt
