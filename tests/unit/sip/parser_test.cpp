// The message parser and serializer: compact forms, folding, comma lists,
// case, escaped URIs, name-addr and Via, limits, and round trips.
#include "sip/message/parser.h"

#include <gtest/gtest.h>

#include "sip/message/request_check.h"
#include "sip/message/stream_framer.h"

namespace cmr::sip {
namespace {

std::string crlf(std::string_view s) {
  std::string out;
  for (char c : s) {
    if (c == '\n')
      out += "\r\n";
    else
      out += c;
  }
  return out;
}

const char* basic_invite =
    "INVITE sip:bob@biloxi.example.com SIP/2.0\n"
    "Via: SIP/2.0/UDP pc33.atlanta.example.com;branch=z9hG4bK776asdhds\n"
    "Max-Forwards: 70\n"
    "To: Bob <sip:bob@biloxi.example.com>\n"
    "From: Alice <sip:alice@atlanta.example.com>;tag=1928301774\n"
    "Call-ID: a84b4c76e66710@pc33.atlanta.example.com\n"
    "CSeq: 314159 INVITE\n"
    "Contact: <sip:alice@pc33.atlanta.example.com>\n"
    "Content-Type: application/sdp\n"
    "Content-Length: 4\n"
    "\n"
    "v=0\n";

TEST(sip_parser, parses_a_basic_invite) {
  auto m = parse_message(crlf(basic_invite));
  ASSERT_TRUE(m) << to_string(m.error().code) << ": " << m.error().detail;
  EXPECT_TRUE(m->is_request());
  EXPECT_EQ(m->method, "INVITE");
  EXPECT_EQ(m->request_uri.user, "bob");
  EXPECT_EQ(m->request_uri.host, "biloxi.example.com");
  EXPECT_EQ(m->cseq()->number, 314159u);
  EXPECT_EQ(m->from()->tag(), "1928301774");
  EXPECT_EQ(m->from()->display_name, "Alice");
  EXPECT_EQ(m->to()->tag(), "");
  EXPECT_EQ(m->top_via()->branch(), "z9hG4bK776asdhds");
  EXPECT_TRUE(m->top_via()->rfc3261_branch());
  EXPECT_EQ(m->body, "v=0\r");  // Content-Length 4 cuts the body
}

TEST(sip_parser, compact_forms_and_case) {
  const auto text = crlf(
      "OPTIONS sip:x@example.com SIP/2.0\n"
      "v: SIP/2.0/TCP h.example.com:5070;branch=z9hG4bKa\n"
      "i: abc@h\n"
      "f: <sip:a@example.com>;tag=1\n"
      "t: sip:x@example.com\n"
      "cSeQ: 1 OPTIONS\n"
      "m: <sip:a@h.example.com>\n"
      "k: 100rel, timer\n"
      "l: 0\n"
      "s: hi\n"
      "e: gzip\n"
      "o: presence\n"
      "u: dialog\n"
      "r: <sip:c@example.com>\n"
      "b: <sip:d@example.com>\n"
      "x: 1800\n"
      "a: *;audio\n"
      "c: text/plain\n"
      "y: abc\n"
      "\n");
  auto m = parse_message(text);
  ASSERT_TRUE(m) << m.error().detail;
  EXPECT_EQ(m->call_id(), "abc@h");
  EXPECT_EQ(m->top_via()->transport, "TCP");
  EXPECT_EQ(*m->top_via()->port, 5070);
  EXPECT_EQ(m->header_count("Supported"), 2u);
  EXPECT_TRUE(m->has_option("k", "100REL"));
  EXPECT_EQ(*m->header("Subject"), "hi");
  EXPECT_EQ(*m->header("Content-Encoding"), "gzip");
  EXPECT_EQ(*m->header("Event"), "presence");
  EXPECT_EQ(*m->header("Allow-Events"), "dialog");
  EXPECT_EQ(*m->header("Refer-To"), "<sip:c@example.com>");
  EXPECT_EQ(*m->header("Referred-By"), "<sip:d@example.com>");
  EXPECT_EQ(*m->header("Session-Expires"), "1800");
  EXPECT_EQ(*m->header("Accept-Contact"), "*;audio");
  EXPECT_EQ(*m->header("content-type"), "text/plain");
  EXPECT_EQ(*m->header("Identity"), "abc");
  // Serialized with long names.
  const auto out = m->serialize();
  EXPECT_NE(out.find("Call-ID: abc@h\r\n"), std::string::npos);
  EXPECT_NE(out.find("Supported: 100rel\r\nSupported: timer\r\n"), std::string::npos);
}

TEST(sip_parser, folding_and_comma_lists) {
  const auto text = crlf(
      "REGISTER sip:example.com SIP/2.0\n"
      "Via: SIP/2.0/UDP a.example.com;branch=z9hG4bK1,\n"
      "  SIP/2.0/UDP b.example.com;branch=z9hG4bK2\n"
      "Via: SIP/2.0/UDP c.example.com;branch=z9hG4bK3\n"
      "To: <sip:u@example.com>\n"
      "From: <sip:u@example.com>;tag=9\n"
      "Call-ID: folded@x\n"
      "CSeq: 2\n"
      "\tREGISTER\n"
      "Contact: \"Doe, John\" <sip:j@a.example.com;x=1>;expires=60, <sip:k@b.example.com>\n"
      "WWW-Authenticate: Digest realm=\"a\", nonce=\"b\"\n"
      "X-Unknown: a, b, c\n"
      "Content-Length: 0\n"
      "\n");
  auto m = parse_message(text);
  ASSERT_TRUE(m) << m.error().detail;
  const auto vias = m->header_values("Via");
  ASSERT_EQ(vias.size(), 3u);
  EXPECT_EQ(parse_via(vias[1])->host, "b.example.com");
  EXPECT_EQ(m->cseq()->method, "REGISTER");
  const auto contacts = m->header_values("Contact");
  ASSERT_EQ(contacts.size(), 2u);
  auto first = parse_name_addr(contacts[0]);
  ASSERT_TRUE(first);
  EXPECT_EQ(first->display_name, "Doe, John");
  EXPECT_EQ(*first->uri.params.get("x"), "1");
  EXPECT_EQ(*first->params.get("expires"), "60");
  EXPECT_EQ(m->header_count("WWW-Authenticate"), 1u);  // never split
  EXPECT_EQ(*m->header("X-Unknown"), "a, b, c");       // unknown: forwarded untouched
}

TEST(sip_parser, escaped_and_unusual_uris) {
  auto u = parse_uri("sip:sips%3Auser%40example.com@example.net");
  ASSERT_TRUE(u);
  EXPECT_EQ(u->user, "sips:user@example.com");
  EXPECT_EQ(u->to_string(), "sip:sips%3Auser%40example.com@example.net");

  u = parse_uri("sip:null-%00-null@example.com");
  ASSERT_TRUE(u);
  EXPECT_EQ(u->user, std::string("null-\0-null", 11));

  u = parse_uri("sips:alice:secret@[2001:db8::10]:5061;transport=tcp;lr?subject=hi&x=y");
  ASSERT_TRUE(u);
  EXPECT_EQ(u->scheme, "sips");
  EXPECT_EQ(*u->password, "secret");
  EXPECT_TRUE(u->ipv6);
  EXPECT_EQ(u->host, "2001:db8::10");
  EXPECT_EQ(*u->port, 5061);
  EXPECT_TRUE(u->params.has("lr"));
  EXPECT_EQ(*u->params.get("transport"), "tcp");
  EXPECT_EQ(u->headers, "subject=hi&x=y");
  EXPECT_EQ(u->to_string(),
            "sips:alice:secret@[2001:db8::10]:5061;transport=tcp;lr?subject=hi&x=y");

  u = parse_uri("tel:+1-201-555-0123;phone-context=example.com");
  ASSERT_TRUE(u);
  EXPECT_EQ(u->user, "+1-201-555-0123");
  EXPECT_EQ(*u->params.get("phone-context"), "example.com");

  u = parse_uri("sip:user;par=u%40example.net@example.com");
  ASSERT_TRUE(u);
  EXPECT_EQ(u->user, "user;par=u@example.net");

  u = parse_uri("nobodyknowsthisscheme:totallyopaquecontent");
  ASSERT_TRUE(u);
  EXPECT_EQ(u->opaque, "totallyopaquecontent");

  EXPECT_FALSE(parse_uri("sip:user@example.com:99999"));
  EXPECT_FALSE(parse_uri("sip:user@exa mple.com"));
  EXPECT_FALSE(parse_uri("sip:user@[2001:db8::10"));
  EXPECT_FALSE(parse_uri("sip:us%4@example.com"));
  EXPECT_FALSE(parse_uri("no-colon"));
}

// Found by fuzz_sip_uri: an addr-spec "x:a@b>;tag=1" parsed, and its name-addr
// form "<x:a@b>>;tag=1" (what the AS writes into the requests it builds) did
// not. '<', '>' and '"' are no URI characters in any scheme.
TEST(sip_parser, uri_delimiters_are_refused_and_name_addrs_round_trip) {
  EXPECT_FALSE(parse_uri("ip:a@b>"));
  EXPECT_FALSE(parse_uri("tel:+49<1"));
  EXPECT_FALSE(parse_uri("sip:a@b;x=>"));
  EXPECT_FALSE(parse_uri("sip:a@b?h=\"q\""));
  EXPECT_FALSE(parse_name_addr("ip:a@b>;tag=1;expires=60"));
  for (const char* v : {"\"A \\\"B\\\"\" <sip:a@b>;tag=1", "urn:service:sos;tag=2", "<tel:+4917;x=y>"}) {
    auto na = parse_name_addr(v);
    ASSERT_TRUE(na) << v;
    auto again = parse_name_addr(na->to_string());
    ASSERT_TRUE(again) << na->to_string();
    EXPECT_EQ(again->to_string(), na->to_string());
  }
}

TEST(sip_parser, name_addr_forms) {
  auto na = parse_name_addr("\"J Rosenberg \\\\\\\"\"  <sip:jdrosen@example.com> ; tag = 98asjd8");
  ASSERT_TRUE(na);
  EXPECT_EQ(na->display_name, "J Rosenberg \\\"");
  EXPECT_EQ(na->tag(), "98asjd8");
  na = parse_name_addr("caller<sip:caller@example.com>;tag=323");
  ASSERT_TRUE(na);
  EXPECT_EQ(na->display_name, "caller");
  EXPECT_EQ(na->uri.user, "caller");
  na = parse_name_addr("sip:a@example.com;tag=x;lr");
  ASSERT_TRUE(na);
  EXPECT_EQ(na->tag(), "x");
  EXPECT_FALSE(na->uri.params.has("lr"));  // addr-spec: parameters belong to the header
  na = parse_name_addr("*");
  ASSERT_TRUE(na);
  EXPECT_TRUE(na->wildcard);
  EXPECT_FALSE(parse_name_addr("\"unterminated <sip:a@b>"));
  EXPECT_FALSE(parse_name_addr("<sip:a@b"));
}

TEST(sip_parser, via_parameters) {
  auto v = parse_via(
      "SIP  /   2.0\t/UDP    192.0.2.2:5062 ;branch=z9hG4bKx;received=10.0.0.1;rport=5070");
  ASSERT_TRUE(v);
  EXPECT_EQ(v->host, "192.0.2.2");
  EXPECT_EQ(*v->port, 5062);
  EXPECT_EQ(*v->received(), "10.0.0.1");
  EXPECT_EQ(*v->rport(), 5070);
  v = parse_via("SIP/2.0/UDP [2001:db8::9]:5060;rport;branch=z9hG4bKy");
  ASSERT_TRUE(v);
  EXPECT_TRUE(v->ipv6);
  EXPECT_TRUE(v->has_rport());
  EXPECT_FALSE(v->rport());
  EXPECT_EQ(v->to_string(), "SIP/2.0/UDP [2001:db8::9]:5060;rport;branch=z9hG4bKy");
  EXPECT_FALSE(parse_via("SIP/2.0 host"));
  EXPECT_FALSE(parse_via("SIP/2.0/UDP"));
}

TEST(sip_parser, responses) {
  auto m =
      parse_message(crlf("SIP/2.0 180 Ringing Now\n"
                         "Via: SIP/2.0/UDP a.example.com;branch=z9hG4bK1;received=192.0.2.1\n"
                         "To: <sip:b@example.com>;tag=t\n"
                         "From: <sip:a@example.com>;tag=f\n"
                         "Call-ID: r@x\n"
                         "CSeq: 5 INVITE\n"
                         "RSeq: 7\n"
                         "Require: 100rel\n"
                         "Content-Length: 0\n\n"));
  ASSERT_TRUE(m) << m.error().detail;
  EXPECT_TRUE(m->is_response());
  EXPECT_EQ(m->status, 180);
  EXPECT_EQ(m->reason, "Ringing Now");
  EXPECT_EQ(*parse_rseq(*m->header("RSeq")), 7u);
}

TEST(sip_parser, rejections_have_distinct_errors) {
  parse_limits limits;
  limits.max_message_size = 2000;
  limits.max_headers = 20;
  limits.max_header_length = 200;
  std::string big = crlf(basic_invite);
  big.insert(big.find("Max-Forwards"), "X-Pad: " + std::string(3000, 'a') + "\r\n");
  EXPECT_EQ(parse_message(big, limits).error().code, parse_error::message_too_large);

  std::string long_header = crlf(basic_invite);
  long_header.insert(long_header.find("Max-Forwards"), "X-Pad: " + std::string(300, 'a') + "\r\n");
  EXPECT_EQ(parse_message(long_header, limits).error().code, parse_error::header_too_long);
  // The other headers are read: the request can be answered 513.
  EXPECT_EQ(parse_message(long_header, limits).error().response_status(), 513);

  std::string many = crlf(basic_invite);
  for (int i = 0; i < 30; ++i) many.insert(many.find("Max-Forwards"), "X-N: 1\r\n");
  EXPECT_EQ(parse_message(many, limits).error().code, parse_error::too_many_headers);
  EXPECT_EQ(parse_message(many, limits).error().response_status(), 513);

  auto r =
      parse_message(crlf("INVITE sip:a@b SIP/3.0\nVia: SIP/2.0/UDP h;branch=z9hG4bK1\n"
                         "To: <sip:a@b>\nFrom: <sip:c@d>;tag=1\nCall-ID: v@x\n"
                         "CSeq: 1 INVITE\nContent-Length: 0\n\n"));
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, parse_error::bad_version);
  EXPECT_EQ(r.error().response_status(), 505);

  std::string truncated = crlf(basic_invite);
  truncated.replace(truncated.find("Content-Length: 4"), 17, "Content-Length: 40");
  r = parse_message(truncated);
  EXPECT_EQ(r.error().code, parse_error::body_truncated);
  EXPECT_EQ(r.error().response_status(), 400);

  std::string no_callid = crlf(basic_invite);
  no_callid.erase(no_callid.find("Call-ID"), no_callid.find("CSeq") - no_callid.find("Call-ID"));
  r = parse_message(no_callid);
  EXPECT_EQ(r.error().code, parse_error::missing_header);
  EXPECT_EQ(r.error().response_status(), 400);  // RFC 4475 3.3.1: still answered

  EXPECT_EQ(parse_message("").error().code, parse_error::empty);
  EXPECT_EQ(parse_message("\r\n\r\n").error().code, parse_error::empty);
  EXPECT_EQ(parse_message("garbage\r\n\r\n").error().code, parse_error::bad_start_line);
  EXPECT_EQ(parse_message(" INVITE sip:a@b SIP/2.0\r\n\r\n").error().code,
            parse_error::bad_start_line);

  std::string mismatch = crlf(basic_invite);
  mismatch.replace(mismatch.find("314159 INVITE"), 13, "314159 OPTIONS");
  EXPECT_EQ(parse_message(mismatch).error().code, parse_error::cseq_method_mismatch);

  std::string no_colon = crlf(basic_invite);
  no_colon.insert(no_colon.find("Max-Forwards"), "Broken header line\r\n");
  EXPECT_EQ(parse_message(no_colon).error().code, parse_error::bad_header_line);
}

TEST(sip_parser, binary_garbage_never_crashes) {
  std::string junk;
  std::uint32_t x = 12345;
  for (int round = 0; round < 2000; ++round) {
    junk.clear();
    const int n = static_cast<int>(x % 600);
    for (int i = 0; i < n; ++i) {
      x = x * 1103515245u + 12345u;
      junk.push_back(static_cast<char>((x >> 16) & 0xff));
    }
    (void)parse_message(junk);
    // Mutations of a valid message exercise deeper paths.
    std::string mutated = crlf(basic_invite);
    x = x * 1103515245u + 12345u;
    mutated[(x >> 8) % mutated.size()] = static_cast<char>(x & 0xff);
    (void)parse_message(mutated);
  }
  SUCCEED();
}

TEST(sip_serializer, round_trip) {
  auto m = parse_message(crlf(basic_invite));
  ASSERT_TRUE(m);
  const auto once = m->serialize();
  auto again = parse_message(once);
  ASSERT_TRUE(again);
  EXPECT_EQ(again->serialize(), once);
  EXPECT_EQ(again->headers.size(), m->headers.size());
  EXPECT_EQ(again->body, m->body);
  EXPECT_NE(once.find("Content-Length: 4\r\n\r\nv=0\r"), std::string::npos);
}

TEST(sip_serializer, make_response_copies_and_tags) {
  auto req = parse_message(crlf(basic_invite));
  ASSERT_TRUE(req);
  const auto rsp = make_response(*req, 486, {}, "abc");
  EXPECT_EQ(rsp.reason, "Busy Here");
  EXPECT_EQ(rsp.to()->tag(), "abc");
  EXPECT_EQ(rsp.call_id(), req->call_id());
  EXPECT_EQ(rsp.cseq()->number, 314159u);
  EXPECT_EQ(make_response(*req, 100, {}, "abc").to()->tag(), "");
  auto parsed = parse_message(rsp.serialize());
  ASSERT_TRUE(parsed) << parsed.error().detail;
  EXPECT_EQ(parsed->status, 486);
}

TEST(sip_stream_framer, frames_and_limits) {
  parse_limits limits;
  limits.max_message_size = 1000;
  stream_framer f(limits);
  auto one = crlf(basic_invite);
  one.replace(one.find("Content-Length: 4"), 17, "Content-Length: 5");
  const auto wire = "\r\n\r\n" + one + one;
  // Byte by byte: exactly two messages come out.
  int count = 0;
  for (char c : wire) {
    f.append(std::string_view(&c, 1));
    while (true) {
      auto n = f.next();
      ASSERT_TRUE(n);
      if (!n->has_value()) break;
      EXPECT_EQ(**n, one);
      ++count;
    }
  }
  EXPECT_EQ(count, 2);

  stream_framer no_length(limits);
  no_length.append("OPTIONS sip:a@b SIP/2.0\r\nVia: x\r\n\r\n");
  EXPECT_EQ(no_length.next().error().code, parse_error::bad_content_length);

  stream_framer endless(limits);
  endless.append("OPTIONS sip:a@b SIP/2.0\r\n" + std::string(2000, 'a'));
  EXPECT_EQ(endless.next().error().code, parse_error::message_too_large);

  stream_framer big_body(limits);
  big_body.append("OPTIONS sip:a@b SIP/2.0\r\nl: 5000\r\n\r\n");
  EXPECT_EQ(big_body.next().error().code, parse_error::message_too_large);
}

TEST(sip_request_check, policy_statuses) {
  auto req = parse_message(crlf(basic_invite));
  ASSERT_TRUE(req);
  EXPECT_EQ(check_request(*req).status, 0);
  auto copy = *req;
  copy.set_header("Max-Forwards", "0");
  EXPECT_EQ(check_request(copy).status, 483);
  copy = *req;
  copy.add_header("Require", "nothingKnown, 100rel");
  const auto v = check_request(copy);
  EXPECT_EQ(v.status, 420);
  ASSERT_EQ(v.unsupported.size(), 1u);
  EXPECT_EQ(v.unsupported[0], "nothingKnown");
  copy = *req;
  copy.request_uri = *parse_uri("unknown:opaque");
  EXPECT_EQ(check_request(copy).status, 416);
}

}  // namespace
}  // namespace cmr::sip
