#include "in/cap/party_numbers.h"

#include "in/codec/address.h"

namespace cmr::in::cap {
namespace {

// 24.008 10.5.4.7 type of number -> Q.763 nature of address.
std::uint8_t nature_of_bcd(std::uint8_t type_of_number) {
  switch (type_of_number) {
    case 1:
      return nature_international;
    case 2:
      return nature_national;
    case 4:
      return nature_subscriber;
    default:
      return nature_unknown;
  }
}

}  // namespace

std::optional<party> called_party(const numbering_plan& plan, const codec::initial_dp& idp) {
  if (idp.called_party_number) {
    auto n = codec::decode_q763_number(codec::q763_kind::called, *idp.called_party_number);
    if (n && !n->digits.empty())
      return party{normalise(plan, n->nature, n->digits), *idp.called_party_number};
  }
  if (idp.called_party_bcd_number) {
    auto a = codec::decode_isdn_address(*idp.called_party_bcd_number);
    if (a && !a->digits.empty()) {
      const std::uint8_t nature = nature_of_bcd(a->nature);
      codec::q763_number q;
      q.nature = nature;
      q.plan = 1;
      q.digits = a->digits;
      // '*' and '#' have ISUP nibbles of their own (b, c).
      for (char& c : q.digits) {
        if (c == '*') c = 'b';
        if (c == '#') c = 'c';
      }
      party p{normalise(plan, nature, a->digits),
              codec::encode_q763_number(codec::q763_kind::called, q)};
      if (p.routing.empty()) return std::nullopt;
      return p;
    }
  }
  return std::nullopt;
}

std::optional<party> calling_party(const numbering_plan& plan, const codec::initial_dp& idp) {
  if (!idp.calling_party_number) return std::nullopt;
  auto n = codec::decode_q763_number(codec::q763_kind::calling, *idp.calling_party_number);
  if (!n || n->digits.empty()) return std::nullopt;
  return party{normalise(plan, n->nature, n->digits), *idp.calling_party_number};
}

}  // namespace cmr::in::cap
