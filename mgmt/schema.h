// Message descriptions: one table per CMR message (spec Tables 1-25 plus the
// operations DESIGN.md section 6 adds). The same table drives XML and JSON
// decoding and validation, response encoding and the published XSD, so the
// formats and the schema cannot drift apart.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <limits>
#include <string_view>
#include <vector>

namespace cmr::mgmt {

enum class field_type : std::uint8_t {
  string,       // xs:string, max_length code points
  integer,      // xs:int
  unsigned_int, // xs:unsignedInt (the spec's "Positive Integer", which admits 0)
  money,        // xs:decimal >= 0 with at most 4 fraction digits (money_e4)
  boolean,      // xs:boolean
  datetime,     // xs:dateTime
  enumeration,  // xs:string restricted to `values`
  structure,    // a nested element described by `nested`
};

inline constexpr std::uint32_t unbounded = std::numeric_limits<std::uint32_t>::max();

struct structure_desc;

struct field_desc {
  std::string_view name;
  field_type type = field_type::string;
  std::uint32_t min = 0;
  std::uint32_t max = 1;
  std::uint32_t max_length = 0;  // strings; 0: no limit beyond the body size
  std::vector<std::string_view> values;  // enumeration
  const structure_desc* nested = nullptr;
  // Mandatory in the schema but checked by authentication, which answers
  // 10001/10002 instead of 10007 when it is missing.
  bool auth = false;
  // JSON carries this enumeration as a number (OperationType, Action, ...).
  bool numeric_enum = false;
};

struct structure_desc {
  std::string_view name;
  std::vector<field_desc> fields;
  [[nodiscard]] const field_desc* find(std::string_view n) const;
};

// Builders that keep the tables readable.
field_desc str(std::string_view name, std::uint32_t min, std::uint32_t max, std::uint32_t max_len);
field_desc integer(std::string_view name, std::uint32_t min, std::uint32_t max = 1);
field_desc unsigned_int(std::string_view name, std::uint32_t min, std::uint32_t max = 1);
field_desc money(std::string_view name, std::uint32_t min, std::uint32_t max = 1);
field_desc boolean(std::string_view name, std::uint32_t min, std::uint32_t max = 1);
field_desc datetime(std::string_view name, std::uint32_t min, std::uint32_t max = 1);
field_desc enumeration(std::string_view name, std::uint32_t min,
                       std::initializer_list<std::string_view> values);
field_desc numeric_enumeration(std::string_view name, std::uint32_t min,
                               std::initializer_list<std::string_view> values);
field_desc structure(std::string_view name, std::uint32_t min, std::uint32_t max,
                     const structure_desc& nested);
field_desc auth_field(field_desc f);

}  // namespace cmr::mgmt
