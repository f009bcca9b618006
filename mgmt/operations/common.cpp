#include "mgmt/operations/common.h"

#include "mgmt/lexical.h"

namespace cmr::mgmt::ops {

store::operation_type operation_type(const element& req) {
  const auto v = parse_int(req.value("OperationType"), 1, 4).value_or(1);
  return static_cast<store::operation_type>(v);
}

std::string_view media_type_name(store::media_type t) {
  switch (t) {
    case store::media_type::audio: return "Audio";
    case store::media_type::video: return "Video";
    case store::media_type::text: return "Text";
    case store::media_type::image: return "Image";
    case store::media_type::vcard: return "vCard";
  }
  return "Audio";
}

std::optional<store::media_type> media_type_from(std::string_view s) {
  for (auto t : {store::media_type::audio, store::media_type::video, store::media_type::text,
                 store::media_type::image, store::media_type::vcard})
    if (media_type_name(t) == s) return t;
  return std::nullopt;
}

bool usable(const store::resource& r, store::timestamp at) {
  return r.status == store::resource_status::active && (!r.expires_at || *r.expires_at > at);
}

result<store::resource, outcome> available_resource(op_context& ctx, std::string_view id) {
  auto r = ctx.db.resources().get(id);
  if (!r) {
    if (r.error().what == store::error::code::not_found)
      return unexpected{fail(status::resource_not_available, std::string(id))};
    return unexpected{internal_error(r.error(), "resource lookup")};
  }
  if (!usable(*r, now(ctx)))
    return unexpected{fail(status::resource_not_available, std::string(id) + " inactive or expired")};
  return std::move(*r);
}

result<store::money_e4, outcome> effective_price(op_context& ctx, const store::resource& r) {
  const store::money_e4 base = r.price.value_or(0);
  auto rules = ctx.db.tariffs().list();
  if (!rules) return unexpected{internal_error(rules.error(), "tariffs")};
  if (rules->empty()) return base;
  const store::timestamp t = now(ctx);
  const store::tariff_rule* by_resource = nullptr;
  const store::tariff_rule* by_category = nullptr;
  for (const auto& rule : *rules) {
    if ((rule.valid_from && t < *rule.valid_from) || (rule.valid_until && t >= *rule.valid_until))
      continue;
    if (!rule.resource_id.empty()) {
      if (rule.resource_id == r.id && by_resource == nullptr) by_resource = &rule;
    } else if (rule.list_category && by_category == nullptr) {
      auto lists = ctx.db.resource_lists().list(*rule.list_category);
      if (!lists) return unexpected{internal_error(lists.error(), "tariff lists")};
      for (const auto& l : *lists)
        for (const auto& id : l.resource_ids)
          if (id == r.id) by_category = &rule;
    }
  }
  const store::tariff_rule* rule = by_resource != nullptr ? by_resource : by_category;
  if (rule == nullptr) return base;
  if (rule->price) return *rule->price;
  if (rule->discount_percent)
    return base - base * static_cast<store::money_e4>(*rule->discount_percent) / 100;
  return base;
}

void add_resource_info(element& parent, const store::resource& r) {
  element& e = parent.add_structure("Resource");
  e.add("ResourceId", r.id);
  e.add("Name", r.name);
  if (!r.author.empty()) e.add("Author", r.author);
  if (!r.language.empty()) e.add("Language", r.language);
  e.add("MediaType", std::string(media_type_name(r.type)));
  if (!r.content_provider.empty()) e.add("ContentProvider", r.content_provider);
  if (r.price) e.add("ResourcePrice", format_money(*r.price));
  if (r.expires_at) e.add("ExpireDate", format_datetime(*r.expires_at));
}

result<store::item_ref, outcome> resolve_item(op_context& ctx, std::string_view owner,
                                              std::string_view id) {
  auto r = ctx.db.resources().get(id);
  if (r) return store::item_ref{store::item_ref::kind::resource, std::string(id)};
  if (r.error().what != store::error::code::not_found)
    return unexpected{internal_error(r.error(), "resource lookup")};
  auto b = ctx.db.boxes().get(id);
  if (b && b->owner_id == owner) return store::item_ref{store::item_ref::kind::box, std::string(id)};
  if (!b && b.error().what != store::error::code::not_found)
    return unexpected{internal_error(b.error(), "box lookup")};
  return unexpected{fail(status::resource_not_available, std::string(id))};
}

outcome charge(op_context& ctx, std::string_view kind, std::string_view beneficiary,
               std::string_view payer, const store::resource& r, store::money_e4 amount,
               std::string_view details) {
  store::charging_record rec;
  rec.at = now(ctx);
  rec.kind = std::string(kind);
  rec.subscriber_id = std::string(beneficiary);
  rec.payer_id = std::string(payer);
  rec.resource_id = r.id;
  rec.amount = amount;
  rec.transaction_id = std::string(ctx.req.value("TransactionId"));
  rec.details = std::string(details);
  auto c = ctx.db.subscribers().add_charge(rec);
  if (c) return {};
  if (c.error().what == store::error::code::credit_limit)
    return fail(status::charging_failed, "credit limit reached");
  return internal_error(c.error(), "charge");
}

bool e164_digits(std::string_view s, std::size_t max_len) {
  if (s.empty() || s.size() > max_len) return false;
  for (char c : s)
    if (c < '0' || c > '9') return false;
  return true;
}

}  // namespace cmr::mgmt::ops
