// CMR-5 ResourceManagement (spec Table 9, OperationType 1-4): resource
// metadata. A content provider manages only resources whose ProviderId is
// its own; the portal manages every resource. The seed's "Mediatype" and
// "Fomat" are spelt MediaType and Format as everywhere else.
#include <cctype>

#include "mgmt/lexical.h"
#include "mgmt/operations/common.h"
#include "mgmt/operations/operations.h"

namespace cmr::mgmt::ops {
namespace {

std::vector<field_desc> metadata() {
  return {str("ResourceId", 1, 1, 64),
          enumeration("MediaType", 0, {"Audio", "Video", "Text", "Image", "vCard"}),
          str("Format", 0, 1, 128),
          str("Name", 0, 1, 256),
          money("Price", 0),
          str("ProviderId", 0, 1, 64),
          numeric_enumeration("Originator", 0, {"1", "2"}),
          str("CopyrightOwner", 0, 1, 256),
          datetime("ExpireDate", 0),
          numeric_enumeration("Status", 0, {"1", "2", "3"}),
          str("Author", 0, 1, 256),
          str("Language", 0, 1, 35),
          str("ContentProvider", 0, 1, 256),
          unsigned_int("AnnouncementId", 0)};
}

// Responses only: the signed download URL of the uploaded content.
const structure_desc resource_info{"ResourceInfo", [] {
                                     auto f = metadata();
                                     f.push_back(str("ContentURL", 0, 1, 2048));
                                     return f;
                                   }()};
const structure_desc request{"ResourceManagementRequest", [] {
                               std::vector<field_desc> f{transaction_id_field(),
                                                         operation_type_field()};
                               auto m = metadata();
                               f.insert(f.end(), m.begin(), m.end());
                               return f;
                             }()};
const structure_desc response{"ResourceManagementResponse",
                              response_fields({structure("ResourceInfo", 0, 1, resource_info)})};

// type/subtype[; parameters]: enough to refuse junk, RFC 4281 codecs pass.
bool plausible_mime(std::string_view s) {
  const auto slash = s.find('/');
  if (slash == std::string_view::npos || slash == 0 || slash + 1 >= s.size()) return false;
  for (char c : s.substr(0, slash))
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '.' || c == '+'))
      return false;
  return true;
}

outcome apply_fields(const element& req, store::resource& r) {
  if (req.has("MediaType")) r.type = *media_type_from(req.value("MediaType"));
  if (req.has("Format")) {
    if (!plausible_mime(req.value("Format")))
      return fail(status::invalid_parameter, "Format: not a MIME type");
    r.format = std::string(req.value("Format"));
  }
  if (req.has("Name")) r.name = std::string(req.value("Name"));
  if (req.has("Price")) r.price = parse_money(req.value("Price"));
  if (req.has("ProviderId")) r.provider_id = std::string(req.value("ProviderId"));
  if (req.has("Originator"))
    r.origin = static_cast<store::originator>(parse_int(req.value("Originator"), 1, 2).value_or(1));
  if (req.has("CopyrightOwner")) r.copyright_owner = std::string(req.value("CopyrightOwner"));
  if (req.has("ExpireDate")) r.expires_at = parse_datetime(req.value("ExpireDate"));
  if (req.has("Status"))
    r.status = static_cast<store::resource_status>(parse_int(req.value("Status"), 1, 3).value_or(1));
  if (req.has("Author")) r.author = std::string(req.value("Author"));
  if (req.has("Language")) r.language = std::string(req.value("Language"));
  if (req.has("ContentProvider")) r.content_provider = std::string(req.value("ContentProvider"));
  if (req.has("AnnouncementId"))
    r.announcement_id = parse_int(req.value("AnnouncementId"), 0, 4294967295LL).value_or(0);
  return {};
}

void add_info(op_context& ctx, const store::resource& r) {
  element& e = ctx.resp.add_structure("ResourceInfo");
  e.add("ResourceId", r.id);
  e.add("MediaType", std::string(media_type_name(r.type)));
  if (!r.format.empty()) e.add("Format", r.format);
  e.add("Name", r.name);
  if (r.price) e.add("Price", format_money(*r.price));
  if (!r.provider_id.empty()) e.add("ProviderId", r.provider_id);
  if (r.origin) e.add("Originator", std::to_string(static_cast<int>(*r.origin)));
  if (!r.copyright_owner.empty()) e.add("CopyrightOwner", r.copyright_owner);
  if (r.expires_at) e.add("ExpireDate", format_datetime(*r.expires_at));
  e.add("Status", std::to_string(static_cast<int>(r.status)));
  if (!r.author.empty()) e.add("Author", r.author);
  if (!r.language.empty()) e.add("Language", r.language);
  if (!r.content_provider.empty()) e.add("ContentProvider", r.content_provider);
  e.add("AnnouncementId", std::to_string(r.announcement_id));
  if (ctx.options.content_url)
    if (auto url = ctx.options.content_url(ctx.db, r.id); !url.empty()) e.add("ContentURL", url);
}

bool owns(const op_context& ctx, const store::resource& r) {
  return ctx.caller.who != role_provider || r.provider_id == ctx.caller.provider_id;
}

outcome handle_metadata(op_context& ctx) {
  const std::string id(ctx.req.value("ResourceId"));
  const auto op = operation_type(ctx.req);
  if (ctx.caller.who == role_provider && ctx.req.has("ProviderId") &&
      ctx.req.value("ProviderId") != ctx.caller.provider_id)
    return fail(status::security_error, "ProviderId is not yours");

  if (op == store::operation_type::create) {
    if (!ctx.req.has("Name") || !ctx.req.has("MediaType"))
      return fail(status::invalid_parameter, "Create needs Name and MediaType");
    store::resource r;
    r.id = id;
    r.origin = store::originator::content_provider;
    if (ctx.caller.who == role_provider) r.provider_id = ctx.caller.provider_id;
    if (auto o = apply_fields(ctx.req, r); !o.ok()) return o;
    return mutate(ctx, [&]() -> outcome {
      auto created = ctx.db.resources().create(r);
      if (!created) {
        if (created.error().what == store::error::code::already_exists)
          return fail(status::invalid_parameter, "ResourceId or AnnouncementId already in use");
        return internal_error(created.error(), "resource create");
      }
      add_info(ctx, *created);
      return {};
    });
  }

  auto current = ctx.db.resources().get(id);
  if (!current) {
    if (current.error().what == store::error::code::not_found)
      return fail(status::resource_not_available, id);
    return internal_error(current.error(), "resource");
  }
  if (!owns(ctx, *current)) return fail(status::security_error, "not your resource");
  switch (op) {
    case store::operation_type::query:
      add_info(ctx, *current);
      return {};
    case store::operation_type::update: {
      store::resource r = *current;
      if (auto o = apply_fields(ctx.req, r); !o.ok()) return o;
      return mutate(ctx, [&]() -> outcome {
        if (auto u = ctx.db.resources().update(r); !u) {
          if (u.error().what == store::error::code::already_exists)
            return fail(status::invalid_parameter, "AnnouncementId already in use");
          return internal_error(u.error(), "resource update");
        }
        add_info(ctx, r);
        return {};
      });
    }
    default:
      return mutate(ctx, [&]() -> outcome {
        if (auto d = ctx.db.resources().remove(id); !d) return internal_error(d.error(), "resource remove");
        return {};
      });
  }
}

// After the commit: the records cascaded with the resource, its files not
// (removed only once the removal is durable: a failed batch keeps them).
outcome handle(op_context& ctx) {
  const outcome o = handle_metadata(ctx);
  if (o.ok() && operation_type(ctx.req) == store::operation_type::remove && ctx.options.remove_content)
    after_commit(ctx, [remove = ctx.options.remove_content, id = std::string(ctx.req.value("ResourceId"))] {
      remove(id);
    });
  return o;
}

}  // namespace

const operation_desc& resource_management() {
  static const operation_desc d{.name = "ResourceManagement",
                                .request = &request,
                                .response = &response,
                                .roles = role_portal | role_provider,
                                .subscriber_scoped = false,
                                .handler = &handle};
  return d;
}

}  // namespace cmr::mgmt::ops
