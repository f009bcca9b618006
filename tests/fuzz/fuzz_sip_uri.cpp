// Fuzz target: the SIP header-value parsers of sip/message and sip/sdp that
// run on received text: URIs, name-addr (From, To, Contact, Route...), Via,
// CSeq / RAck / RSeq, Content-Type, Content-Disposition, P-Early-Media and
// generic parameter lists. The first byte picks the parser, the rest is the
// value. For what a parser accepts, its text form parses back to the same
// text form (the layers above rebuild headers from the parsed values).
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "fuzz_check.h"
#include "sip/message/cseq.h"
#include "sip/message/name_addr.h"
#include "sip/message/params.h"
#include "sip/message/uri.h"
#include "sip/message/via.h"
#include "sip/sdp/media_type.h"
#include "sip/sdp/p_early_media.h"

namespace {

using namespace cmr::sip;

void fuzz_uri(std::string_view text) {
  auto u = parse_uri(text);
  if (!u) return;
  (void)u->host_port();
  (void)u->same_address(*u);
  const std::string once = u->to_string();
  auto again = parse_uri(once);
  CMR_FUZZ_CHECK(again.has_value());
  CMR_FUZZ_CHECK(again->to_string() == once);
  CMR_FUZZ_CHECK(again->scheme == u->scheme);
  CMR_FUZZ_CHECK(again->user == u->user);
  CMR_FUZZ_CHECK(again->port == u->port);
  CMR_FUZZ_CHECK(u->same_address(*again));
}

void fuzz_name_addr(std::string_view text) {
  auto na = parse_name_addr(text);
  if (!na) return;
  (void)na->tag();
  if (na->wildcard) return;
  const std::string once = na->to_string();
  auto again = parse_name_addr(once);
  CMR_FUZZ_CHECK(again.has_value());
  CMR_FUZZ_CHECK(again->to_string() == once);
  CMR_FUZZ_CHECK(again->display_name == na->display_name);
  CMR_FUZZ_CHECK(again->tag() == na->tag());
}

void fuzz_via(std::string_view text) {
  auto v = parse_via(text);
  if (!v) return;
  (void)v->sent_by();
  (void)v->rport();
  (void)v->rfc3261_branch();
  const std::string once = v->to_string();
  auto again = parse_via(once);
  CMR_FUZZ_CHECK(again.has_value());
  CMR_FUZZ_CHECK(again->to_string() == once);
  CMR_FUZZ_CHECK(again->branch() == v->branch());
}

void fuzz_cseq(std::string_view text) {
  if (auto c = parse_cseq(text)) {
    auto again = parse_cseq(c->to_string());
    CMR_FUZZ_CHECK(again.has_value());
    CMR_FUZZ_CHECK(again->number == c->number && again->method == c->method);
  }
  if (auto r = parse_rack(text)) {
    auto again = parse_rack(r->to_string());
    CMR_FUZZ_CHECK(again.has_value());
    CMR_FUZZ_CHECK(again->to_string() == r->to_string());
  }
  (void)parse_rseq(text);
}

void fuzz_media_type(std::string_view text) {
  if (auto t = parse_media_type(text)) {
    (void)t->param("boundary");
    auto again = parse_media_type(t->to_string());
    CMR_FUZZ_CHECK(again.has_value());
    CMR_FUZZ_CHECK(again->to_string() == t->to_string());
  }
  if (auto d = parse_content_disposition(text)) {
    (void)d->optional_handling();
    auto again = parse_content_disposition(d->to_string());
    CMR_FUZZ_CHECK(again.has_value());
    CMR_FUZZ_CHECK(again->to_string() == d->to_string());
  }
}

void fuzz_params(std::string_view text) {
  if (auto p = param_list::parse(text)) {
    const std::string once = p->to_string();
    // to_string() writes the leading ';' the grammar puts before each one.
    std::string_view body = once;
    if (body.starts_with(';')) body.remove_prefix(1);
    auto again = param_list::parse(body);
    CMR_FUZZ_CHECK(again.has_value());
    CMR_FUZZ_CHECK(again->items() == p->items());
  }
  (void)parse_p_early_media(text);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const std::string_view text(reinterpret_cast<const char*>(data) + 1, size - 1);
  switch (data[0] % 6) {
    case 0:
      fuzz_uri(text);
      break;
    case 1:
      fuzz_name_addr(text);
      break;
    case 2:
      fuzz_via(text);
      break;
    case 3:
      fuzz_cseq(text);
      break;
    case 4:
      fuzz_media_type(text);
      break;
    default:
      fuzz_params(text);
      break;
  }
  return 0;
}
