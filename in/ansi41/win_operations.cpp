// Encoders and decoders of the WIN operations' parameter SETs. Each decoder
// opens the SET (framing), then reads the parameters it knows: mandatory
// ones first, so that a missing one is reported before an optional one that
// cannot be read.
#include "in/ansi41/win_operations.h"

#include "in/ansi41/win_params.h"

namespace cmr::in::ansi41 {

namespace p = param;

namespace {
using err_opt = std::optional<decode_error>;

// Runs the readers in order; the first error wins.
template <typename T>
decoded<T> finish(T&& value, std::initializer_list<err_opt> errors) {
  for (const auto& e : errors)
    if (e) return unexpected{*e};
  return std::forward<T>(value);
}
}  // namespace

// --- AnalyzedInformation ---------------------------------------------------------------------

bytes encode(const analyzed_information& v) {
  bytes b;
  p::put_billing_id(b, v.billing);
  p::put_digits(b, p::digits_dialed, v.dialed);
  p::put_mscid(b, v.mscid);
  p::put_bytes(b, p::transaction_capability, v.transaction_capability);
  p::put_enumerated(b, p::trigger_type_p, v.trigger_type);
  p::put_win_capability(b, v.win);
  if (v.calling_party) p::put_digits(b, p::calling_party_digits1, *v.calling_party);
  if (v.msid) p::put_min(b, *v.msid);
  return p::wrap_set(b);
}

decoded<analyzed_information> decode_analyzed_information(std::span<const std::uint8_t> set) {
  auto s = p::set_view::open(set);
  if (!s) return unexpected{s.error()};
  analyzed_information v;
  err_opt e[8];
  e[0] = p::get_m(*s, p::billing_id_p, p::read_billing_id, v.billing);
  e[1] = p::get_m(*s, p::digits_dialed, p::read_digits, v.dialed);
  e[2] = p::get_m(*s, p::mscid_p, p::read_mscid, v.mscid);
  e[3] = p::get_m(*s, p::transaction_capability, p::read_bytes, v.transaction_capability);
  e[4] = p::get_m(*s, p::trigger_type_p, p::read_enumerated, v.trigger_type);
  e[5] = p::get_m(*s, p::win_capability_p, p::read_win_capability, v.win);
  e[6] = p::get(*s, p::calling_party_digits1, p::read_digits, v.calling_party);
  e[7] = p::get(*s, p::min_p, p::read_min, v.msid);
  return finish(std::move(v), {e[0], e[1], e[2], e[3], e[4], e[5], e[6], e[7]});
}

bytes encode(const analyzed_information_result& v) {
  bytes b;
  if (v.action_code) p::put_octet(b, p::action_code_p, *v.action_code);
  if (v.digits_dialed) p::put_digits(b, p::digits_dialed, *v.digits_dialed);
  if (v.routing_digits) p::put_digits(b, p::routing_digits, *v.routing_digits);
  if (v.termination) p::put_termination_list(b, *v.termination);
  return p::wrap_set(b);
}

decoded<analyzed_information_result> decode_analyzed_information_result(
    std::span<const std::uint8_t> set) {
  auto s = p::set_view::open(set);
  if (!s) return unexpected{s.error()};
  analyzed_information_result v;
  const err_opt e0 = p::get(*s, p::action_code_p, p::read_octet, v.action_code);
  const err_opt e1 = p::get(*s, p::digits_dialed, p::read_digits, v.digits_dialed);
  const err_opt e2 = p::get(*s, p::routing_digits, p::read_digits, v.routing_digits);
  std::optional<std::optional<digits>> termination;
  const err_opt e3 = p::get(*s, p::termination_list, p::read_termination_list, termination);
  if (termination) v.termination = std::move(*termination);
  return finish(std::move(v), {e0, e1, e2, e3});
}

// --- SeizeResource, ConnectResource ---------------------------------------------------------

bytes encode(const seize_resource& v) {
  bytes b;
  if (v.preferred_language) p::put_octet(b, p::preferred_language, *v.preferred_language);
  if (v.private_specialized_resource)
    p::put_bytes(b, p::private_specialized_resource, *v.private_specialized_resource);
  if (v.specialized_resource) p::put_bytes(b, p::specialized_resource, *v.specialized_resource);
  return p::wrap_set(b);
}

decoded<seize_resource> decode_seize_resource(std::span<const std::uint8_t> set) {
  auto s = p::set_view::open(set);
  if (!s) return unexpected{s.error()};
  seize_resource v;
  const err_opt e0 = p::get(*s, p::preferred_language, p::read_octet, v.preferred_language);
  const err_opt e1 =
      p::get(*s, p::private_specialized_resource, p::read_bytes, v.private_specialized_resource);
  const err_opt e2 = p::get(*s, p::specialized_resource, p::read_bytes, v.specialized_resource);
  return finish(std::move(v), {e0, e1, e2});
}

bytes encode(const seize_resource_result& v) {
  bytes b;
  p::put_digits(b, p::destination_digits, v.destination);
  return p::wrap_set(b);
}

decoded<seize_resource_result> decode_seize_resource_result(std::span<const std::uint8_t> set) {
  auto s = p::set_view::open(set);
  if (!s) return unexpected{s.error()};
  seize_resource_result v;
  const err_opt e0 = p::get_m(*s, p::destination_digits, p::read_digits, v.destination);
  return finish(std::move(v), {e0});
}

bytes encode(const connect_resource& v) {
  bytes b;
  p::put_digits(b, p::destination_digits, v.destination);
  return p::wrap_set(b);
}

decoded<connect_resource> decode_connect_resource(std::span<const std::uint8_t> set) {
  auto s = p::set_view::open(set);
  if (!s) return unexpected{s.error()};
  connect_resource v;
  const err_opt e0 = p::get_m(*s, p::destination_digits, p::read_digits, v.destination);
  return finish(std::move(v), {e0});
}

// --- SRFDirective -----------------------------------------------------------------------------

namespace {

bool read_digit_collection_control(ber::span v, digit_collection_control& out) {
  // Octet 1 is the least a value can carry; the others take their defaults.
  if (v.empty() || v.size() > 32) return false;
  out.break_in = (v[0] & 0x80) != 0;
  out.type_ahead = (v[0] & 0x40) != 0;
  out.maximum_collect = v[0] & 0x1f;
  if (v.size() > 1) out.minimum_collect = v[1] & 0x1f;
  if (v.size() > 2) out.maximum_interaction_time_s = v[2];
  if (v.size() > 3) out.initial_interdigit_time_s = v[3] & 0x1f;
  if (v.size() > 4) out.normal_interdigit_time_s = v[4] & 0x1f;
  if (v.size() > 5) out.rest.assign(v.begin() + 5, v.end());
  return out.maximum_collect != 0;
}

void put_digit_collection_control(bytes& out, const digit_collection_control& d) {
  bytes v{static_cast<std::uint8_t>((d.break_in ? 0x80 : 0) | (d.type_ahead ? 0x40 : 0) |
                                    (d.maximum_collect & 0x1f)),
          static_cast<std::uint8_t>(d.minimum_collect & 0x1f), d.maximum_interaction_time_s,
          static_cast<std::uint8_t>(d.initial_interdigit_time_s & 0x1f),
          static_cast<std::uint8_t>(d.normal_interdigit_time_s & 0x1f)};
  v.insert(v.end(), d.rest.begin(), d.rest.end());
  p::put_bytes(out, p::digit_collection_control_p, v);
}

}  // namespace

bytes encode(const srf_directive& v) {
  bytes b;
  if (!v.announcements.empty()) p::put_announcement_list(b, v.announcements);
  if (v.collect) put_digit_collection_control(b, *v.collect);
  return p::wrap_set(b);
}

decoded<srf_directive> decode_srf_directive(std::span<const std::uint8_t> set) {
  auto s = p::set_view::open(set);
  if (!s) return unexpected{s.error()};
  srf_directive v;
  std::optional<std::vector<announcement_code>> list;
  const err_opt e0 = p::get(*s, p::announcement_list, p::read_announcement_list, list);
  if (list) v.announcements = std::move(*list);
  const err_opt e1 =
      p::get(*s, p::digit_collection_control_p, read_digit_collection_control, v.collect);
  return finish(std::move(v), {e0, e1});
}

bytes encode(const srf_directive_result& v) {
  bytes b;
  if (v.digits_collected) p::put_digits(b, p::digits_collected, *v.digits_collected);
  return p::wrap_set(b);
}

decoded<srf_directive_result> decode_srf_directive_result(std::span<const std::uint8_t> set) {
  auto s = p::set_view::open(set);
  if (!s) return unexpected{s.error()};
  srf_directive_result v;
  const err_opt e0 = p::get(*s, p::digits_collected, p::read_digits, v.digits_collected);
  return finish(std::move(v), {e0});
}

// --- the event triggers ---------------------------------------------------------------------

bytes encode(const event_trigger& v) {
  bytes b;
  p::put_billing_id(b, v.billing);
  if (v.esn) p::put_u32(b, p::esn_p, *v.esn);
  p::put_mscid(b, v.mscid);
  if (v.msid) p::put_min(b, *v.msid);
  if (v.release_cause) p::put_enumerated(b, p::release_cause_p, *v.release_cause);
  if (v.time_date_offset) p::put_i16(b, p::time_date_offset_p, *v.time_date_offset);
  if (v.time_of_day) p::put_integer(b, p::time_of_day_p, *v.time_of_day);
  if (v.transaction_capability)
    p::put_bytes(b, p::transaction_capability, *v.transaction_capability);
  p::put_enumerated(b, p::trigger_type_p, v.trigger_type);
  if (v.win) p::put_win_capability(b, *v.win);
  return p::wrap_set(b);
}

decoded<event_trigger> decode_event_trigger(std::int32_t opcode,
                                            std::span<const std::uint8_t> set) {
  auto s = p::set_view::open(set);
  if (!s) return unexpected{s.error()};
  const bool tdisc = opcode == opcode::t_disconnect();
  const bool known = tdisc || opcode == opcode::t_busy() || opcode == opcode::t_no_answer() ||
                     opcode == opcode::t_answer() || opcode == opcode::o_disconnect();
  // What each operation adds to BillingID, MSCID and TriggerType.
  const bool need_caps = known && !tdisc;
  const bool need_time = tdisc || opcode == opcode::t_answer() || opcode == opcode::o_disconnect();
  event_trigger v;
  err_opt e[10];
  e[0] = p::get_m(*s, p::billing_id_p, p::read_billing_id, v.billing);
  e[1] = p::get_m(*s, p::mscid_p, p::read_mscid, v.mscid);
  e[2] = p::get_m(*s, p::trigger_type_p, p::read_enumerated, v.trigger_type);
  e[8] = p::get(*s, p::time_date_offset_p, p::read_i16, v.time_date_offset);
  e[9] = p::get(*s, p::esn_p, p::read_u32, v.esn);
  e[3] = p::get(*s, p::transaction_capability, p::read_bytes, v.transaction_capability, need_caps);
  e[4] = p::get(*s, p::win_capability_p, p::read_win_capability, v.win, need_caps);
  e[5] = p::get(*s, p::time_of_day_p, p::read_integer, v.time_of_day, need_time);
  e[6] = p::get(*s, p::min_p, p::read_min, v.msid);
  e[7] = p::get(*s, p::release_cause_p, p::read_enumerated, v.release_cause);
  return finish(std::move(v), {e[0], e[1], e[2], e[3], e[4], e[5], e[6], e[7], e[8], e[9]});
}

decoded<event_trigger> decode_event_trigger(std::span<const std::uint8_t> set) {
  return decode_event_trigger(0, set);
}

bytes encode(const event_trigger_result& v) {
  bytes b;
  if (v.action_code) p::put_octet(b, p::action_code_p, *v.action_code);
  return p::wrap_set(b);
}

decoded<event_trigger_result> decode_event_trigger_result(std::span<const std::uint8_t> set) {
  auto s = p::set_view::open(set);
  if (!s) return unexpected{s.error()};
  event_trigger_result v;
  const err_opt e0 = p::get(*s, p::action_code_p, p::read_octet, v.action_code);
  return finish(std::move(v), {e0});
}

// --- CallControlDirective ---------------------------------------------------------------------

bytes encode(const call_control_directive& v) {
  bytes b;
  p::put_billing_id(b, v.billing);
  p::put_mscid(b, v.mscid);
  if (v.msid) p::put_min(b, *v.msid);
  if (v.action_code) p::put_octet(b, p::action_code_p, *v.action_code);
  if (v.announcements) p::put_announcement_list(b, *v.announcements);
  return p::wrap_set(b);
}

decoded<call_control_directive> decode_call_control_directive(std::span<const std::uint8_t> set) {
  auto s = p::set_view::open(set);
  if (!s) return unexpected{s.error()};
  call_control_directive v;
  const err_opt e0 = p::get_m(*s, p::billing_id_p, p::read_billing_id, v.billing);
  const err_opt e1 = p::get_m(*s, p::mscid_p, p::read_mscid, v.mscid);
  const err_opt e2 = p::get(*s, p::min_p, p::read_min, v.msid);
  const err_opt e3 = p::get(*s, p::action_code_p, p::read_octet, v.action_code);
  const err_opt e4 = p::get(*s, p::announcement_list, p::read_announcement_list, v.announcements);
  return finish(std::move(v), {e0, e1, e2, e3, e4});
}

bytes encode(const call_control_directive_result& v) {
  bytes b;
  if (v.call_status) p::put_enumerated(b, p::call_status_p, *v.call_status);
  return p::wrap_set(b);
}

decoded<call_control_directive_result> decode_call_control_directive_result(
    std::span<const std::uint8_t> set) {
  auto s = p::set_view::open(set);
  if (!s) return unexpected{s.error()};
  call_control_directive_result v;
  const err_opt e0 = p::get(*s, p::call_status_p, p::read_enumerated, v.call_status);
  return finish(std::move(v), {e0});
}

// --- parameterless ------------------------------------------------------------------------------

bytes encode_empty() {
  return p::wrap_set({});
}

decoded<bool> decode_empty(std::span<const std::uint8_t> set) {
  auto s = p::set_view::open(set);
  if (!s) return unexpected{s.error()};
  return true;
}

}  // namespace cmr::in::ansi41
