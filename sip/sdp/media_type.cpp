#include "sip/sdp/media_type.h"

#include "sip/message/text.h"

namespace cmr::sip {

bool media_type::is(std::string_view t, std::string_view s) const {
  return text::iequals(type, t) && text::iequals(subtype, s);
}

std::optional<std::string> media_type::param(std::string_view name) const {
  auto v = params.get(name);
  if (!v) return std::nullopt;
  if (v->size() >= 2 && v->front() == '"') {
    if (auto unq = text::unquote(*v)) return unq;
  }
  return v;
}

std::string media_type::to_string() const {
  return type + "/" + subtype + params.to_string();
}

std::optional<media_type> parse_media_type(std::string_view value) {
  const auto semi = text::find_top_level(value, ';');
  const auto main = text::trim(value.substr(0, semi));
  const auto slash = main.find('/');
  if (slash == std::string_view::npos) return std::nullopt;
  media_type mt;
  mt.type = text::to_lower(text::trim(main.substr(0, slash)));
  mt.subtype = text::to_lower(text::trim(main.substr(slash + 1)));
  if (!text::is_token(mt.type) || !text::is_token(mt.subtype)) return std::nullopt;
  if (semi != std::string_view::npos) {
    auto p = param_list::parse(value.substr(semi + 1));
    if (!p) return std::nullopt;
    mt.params = std::move(*p);
  }
  return mt;
}

bool content_disposition::optional_handling() const {
  const auto h = params.get("handling");
  return h && text::iequals(*h, "optional");
}

std::string content_disposition::to_string() const {
  return type + params.to_string();
}

std::optional<content_disposition> parse_content_disposition(std::string_view value) {
  const auto semi = text::find_top_level(value, ';');
  content_disposition cd;
  cd.type = text::to_lower(text::trim(value.substr(0, semi)));
  if (!text::is_token(cd.type)) return std::nullopt;
  if (semi != std::string_view::npos) {
    auto p = param_list::parse(value.substr(semi + 1));
    if (!p) return std::nullopt;
    cd.params = std::move(*p);
  }
  return cd;
}

}  // namespace cmr::sip
