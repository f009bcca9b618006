#include "mgmt/schema.h"

namespace cmr::mgmt {

const field_desc* structure_desc::find(std::string_view n) const {
  for (const auto& f : fields)
    if (f.name == n) return &f;
  return nullptr;
}

namespace {
field_desc make(std::string_view name, field_type t, std::uint32_t min, std::uint32_t max) {
  field_desc f;
  f.name = name;
  f.type = t;
  f.min = min;
  f.max = max;
  return f;
}
}  // namespace

field_desc str(std::string_view name, std::uint32_t min, std::uint32_t max, std::uint32_t max_len) {
  field_desc f = make(name, field_type::string, min, max);
  f.max_length = max_len;
  return f;
}
field_desc integer(std::string_view name, std::uint32_t min, std::uint32_t max) {
  return make(name, field_type::integer, min, max);
}
field_desc unsigned_int(std::string_view name, std::uint32_t min, std::uint32_t max) {
  return make(name, field_type::unsigned_int, min, max);
}
field_desc money(std::string_view name, std::uint32_t min, std::uint32_t max) {
  return make(name, field_type::money, min, max);
}
field_desc boolean(std::string_view name, std::uint32_t min, std::uint32_t max) {
  return make(name, field_type::boolean, min, max);
}
field_desc datetime(std::string_view name, std::uint32_t min, std::uint32_t max) {
  return make(name, field_type::datetime, min, max);
}
field_desc enumeration(std::string_view name, std::uint32_t min,
                       std::initializer_list<std::string_view> values) {
  field_desc f = make(name, field_type::enumeration, min, 1);
  f.values = values;
  return f;
}
field_desc numeric_enumeration(std::string_view name, std::uint32_t min,
                               std::initializer_list<std::string_view> values) {
  field_desc f = enumeration(name, min, values);
  f.numeric_enum = true;
  return f;
}
field_desc structure(std::string_view name, std::uint32_t min, std::uint32_t max,
                     const structure_desc& nested) {
  field_desc f = make(name, field_type::structure, min, max);
  f.nested = &nested;
  return f;
}
field_desc auth_field(field_desc f) {
  f.auth = true;
  return f;
}

}  // namespace cmr::mgmt
