#include "sip/message/params.h"

#include "sip/message/text.h"

namespace cmr::sip {

std::optional<param_list> param_list::parse(std::string_view s) {
  param_list out;
  if (text::trim(s).empty()) return out;
  for (auto piece : text::split_top_level(s, ';')) {
    if (piece.empty()) return std::nullopt;
    const auto eq = piece.find('=');
    param p;
    if (eq == std::string_view::npos) {
      p.name = std::string(text::trim(piece));
    } else {
      p.name = std::string(text::trim(piece.substr(0, eq)));
      p.value = std::string(text::trim(piece.substr(eq + 1)));
    }
    if (p.name.empty()) return std::nullopt;
    out.items_.push_back(std::move(p));
  }
  return out;
}

const param* param_list::find(std::string_view name) const {
  for (const auto& p : items_)
    if (text::iequals(p.name, name)) return &p;
  return nullptr;
}

std::optional<std::string> param_list::get(std::string_view name) const {
  const auto* p = find(name);
  if (p == nullptr) return std::nullopt;
  return p->value.value_or(std::string{});
}

void param_list::set(std::string_view name, std::optional<std::string> value) {
  for (auto& p : items_) {
    if (text::iequals(p.name, name)) {
      p.value = std::move(value);
      return;
    }
  }
  items_.push_back(param{std::string(name), std::move(value)});
}

void param_list::erase(std::string_view name) {
  std::erase_if(items_, [&](const param& p) { return text::iequals(p.name, name); });
}

std::string param_list::to_string() const {
  std::string out;
  for (const auto& p : items_) {
    out += ';';
    out += p.name;
    if (p.value) {
      out += '=';
      out += *p.value;
    }
  }
  return out;
}

}  // namespace cmr::sip
