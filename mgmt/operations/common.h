// Helpers shared by the operation handlers: enumerations between the wire
// and the model, the resource checks every CMR-1 operation makes, pricing.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "mgmt/element.h"
#include "mgmt/operation.h"
#include "store/model.h"

namespace cmr::mgmt::ops {

store::operation_type operation_type(const element& req);  // validated before

std::string_view media_type_name(store::media_type t);
std::optional<store::media_type> media_type_from(std::string_view s);

// Active and not expired at `at`.
bool usable(const store::resource& r, store::timestamp at);

// The resource when it exists and is usable; 10008 otherwise (or 99999).
result<store::resource, outcome> available_resource(op_context& ctx, std::string_view id);

// The price after tariff rules: a rule for the resource wins over one for a
// list category; a fixed price replaces, a discount reduces the list price.
result<store::money_e4, outcome> effective_price(op_context& ctx, const store::resource& r);

// Adds a Table 4 Resource structure.
void add_resource_info(element& parent, const store::resource& r);

// An id in a rule or the library: a resource, or a box of `owner`.
result<store::item_ref, outcome> resolve_item(op_context& ctx, std::string_view owner,
                                              std::string_view id);

// Charges `amount` for a library addition; 10010 on the credit limit.
// `details` goes into the charging record (the on-line copy's call).
outcome charge(op_context& ctx, std::string_view kind, std::string_view beneficiary,
               std::string_view payer, const store::resource& r, store::money_e4 amount,
               std::string_view details = {});

bool e164_digits(std::string_view s, std::size_t max_len);

}  // namespace cmr::mgmt::ops
