// The 49 RFC 4475 torture messages: each file parses or is rejected the way
// the RFC's section describes (tests/vectors/rfc4475/README.md lists them).
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "sip/message/parser.h"
#include "sip/message/request_check.h"
#include "sip/message/stream_framer.h"
#include "sip/transaction/transaction_key.h"

namespace cmr::sip {
namespace {

enum class outcome {
  valid,   // parses; a UAS/proxy has nothing to object to
  reject,  // parse fails; answered with `status` (0: dropped)
  policy,  // parses; check_request() answers with `status`
};

struct vector_case {
  const char* file;
  outcome expect;
  int status;
  parse_error error = parse_error::empty;  // for reject
};

const vector_case cases[] = {
    {"3.1.1.1_wsinv", outcome::valid, 0},
    {"3.1.1.2_intmeth", outcome::valid, 0},
    {"3.1.1.3_esc01", outcome::valid, 0},
    {"3.1.1.4_escnull", outcome::valid, 0},
    {"3.1.1.5_esc02", outcome::valid, 0},
    {"3.1.1.6_lwsdisp", outcome::valid, 0},
    {"3.1.1.7_longreq", outcome::valid, 0},
    {"3.1.1.8_dblreq", outcome::valid, 0},
    {"3.1.1.9_semiuri", outcome::valid, 0},
    {"3.1.1.10_transports", outcome::valid, 0},
    {"3.1.1.11_mpart01", outcome::valid, 0},
    {"3.1.1.12_unreason", outcome::valid, 0},
    {"3.1.1.13_noreason", outcome::valid, 0},
    {"3.1.2.1_badinv01", outcome::reject, 400, parse_error::bad_via},
    {"3.1.2.2_clerr", outcome::reject, 400, parse_error::body_truncated},
    {"3.1.2.3_ncl", outcome::reject, 400, parse_error::bad_content_length},
    {"3.1.2.4_scalar02", outcome::reject, 400, parse_error::bad_cseq},
    {"3.1.2.5_scalarlg", outcome::reject, 0, parse_error::bad_cseq},
    {"3.1.2.6_quotbal", outcome::reject, 400, parse_error::bad_from_to},
    {"3.1.2.7_ltgtruri", outcome::reject, 400, parse_error::bad_request_uri},
    {"3.1.2.8_lwsruri", outcome::reject, 400, parse_error::bad_start_line},
    {"3.1.2.9_lwsstart", outcome::reject, 400, parse_error::bad_start_line},
    {"3.1.2.10_trws", outcome::reject, 400, parse_error::bad_start_line},
    {"3.1.2.11_escruri", outcome::reject, 400, parse_error::bad_request_uri},
    {"3.1.2.12_baddate", outcome::reject, 400, parse_error::bad_header_value},
    {"3.1.2.13_regbadct", outcome::reject, 400, parse_error::bad_header_value},
    {"3.1.2.14_badaspec", outcome::reject, 400, parse_error::bad_from_to},
    {"3.1.2.15_baddn", outcome::reject, 400, parse_error::bad_from_to},
    {"3.1.2.16_badvers", outcome::reject, 505, parse_error::bad_version},
    {"3.1.2.17_mismatch01", outcome::reject, 400, parse_error::cseq_method_mismatch},
    {"3.1.2.18_mismatch02", outcome::reject, 501, parse_error::cseq_method_mismatch},
    {"3.1.2.19_bigcode", outcome::reject, 0, parse_error::bad_start_line},
    {"3.2.1_badbranch", outcome::valid, 0},
    {"3.3.1_insuf", outcome::reject, 400, parse_error::missing_header},
    {"3.3.2_unkscm", outcome::policy, 416},
    {"3.3.3_novelsc", outcome::policy, 416},
    {"3.3.4_unksm2", outcome::valid, 0},
    {"3.3.5_bext01", outcome::policy, 420},
    {"3.3.6_invut", outcome::policy, 415},
    {"3.3.7_regaut01", outcome::valid, 0},
    {"3.3.8_multi01", outcome::reject, 400, parse_error::duplicate_header},
    {"3.3.9_mcl01", outcome::reject, 400, parse_error::duplicate_header},
    {"3.3.10_bcast", outcome::valid, 0},
    {"3.3.11_zeromf", outcome::policy, 483},
    {"3.3.12_cparam01", outcome::valid, 0},
    {"3.3.13_cparam02", outcome::valid, 0},
    {"3.3.14_regescrt", outcome::valid, 0},
    {"3.3.15_sdp01", outcome::policy, 406},
    {"3.4.1_inv2543", outcome::valid, 0},
};

std::string load(const std::string& name) {
  std::ifstream f(std::string(CMR_SOURCE_DIR) + "/tests/vectors/rfc4475/" + name + ".sip",
                  std::ios::binary);
  std::stringstream ss;
  ss << f.rdbuf();
  return ss.str();
}

message parsed(const std::string& name) {
  auto m = parse_message(load(name));
  EXPECT_TRUE(m) << name;
  return m ? std::move(*m) : message{};
}

TEST(rfc4475, all_49_vectors_are_present) {
  std::size_t n = 0;
  for (const auto& e :
       std::filesystem::directory_iterator(std::string(CMR_SOURCE_DIR) + "/tests/vectors/rfc4475"))
    if (e.path().extension() == ".sip") ++n;
  EXPECT_EQ(n, 49u);
  EXPECT_EQ(std::size(cases), 49u);
}

class rfc4475_vector : public ::testing::TestWithParam<vector_case> {};

TEST_P(rfc4475_vector, outcome_matches_the_rfc) {
  const auto& c = GetParam();
  const auto bytes = load(c.file);
  ASSERT_FALSE(bytes.empty()) << c.file;
  auto m = parse_message(bytes);
  switch (c.expect) {
    case outcome::valid:
      ASSERT_TRUE(m) << to_string(m.error().code) << ": " << m.error().detail;
      if (m->is_request()) {
        request_policy uas;
        uas.forwarding = false;
        EXPECT_EQ(check_request(*m, uas).status, 0);
      }
      // Serialization and re-parsing keep every header.
      {
        auto again = parse_message(m->serialize());
        ASSERT_TRUE(again) << to_string(again.error().code) << ": " << again.error().detail;
        // The serializer always writes Content-Length (inv2543 had none).
        EXPECT_EQ(again->headers.size() - again->header_count("Content-Length"),
                  m->headers.size() - m->header_count("Content-Length"));
        EXPECT_EQ(again->body, m->body);
      }
      break;
    case outcome::reject:
      ASSERT_FALSE(m) << "accepted " << c.file;
      EXPECT_EQ(m.error().code, c.error) << to_string(m.error().code) << ": " << m.error().detail;
      EXPECT_EQ(m.error().response_status(), c.status);
      break;
    case outcome::policy:
      ASSERT_TRUE(m) << to_string(m.error().code) << ": " << m.error().detail;
      EXPECT_EQ(check_request(*m).status, c.status);
      break;
  }
}

INSTANTIATE_TEST_SUITE_P(sip, rfc4475_vector, ::testing::ValuesIn(cases), [](const auto& p) {
  std::string name = p.param.file;
  for (auto& ch : name)
    if (ch == '.') ch = '_';
  return name;
});

TEST(rfc4475, wsinv_fields) {
  const auto m = parsed("3.1.1.1_wsinv");
  EXPECT_EQ(m.to()->tag(), "1918181833n");
  EXPECT_EQ(m.from()->display_name, "J Rosenberg \\\"");
  EXPECT_EQ(m.from()->tag(), "98asjd8");
  EXPECT_EQ(*m.header("Max-Forwards"), "0068");
  EXPECT_EQ(m.cseq()->number, 9u);
  EXPECT_EQ(m.header_count("Via"), 3u);
  const auto vias = m.header_values("Via");
  EXPECT_EQ(parse_via(vias[1])->transport, "TCP");
  EXPECT_EQ(parse_via(vias[2])->branch(), "z9hG4bK30239");
  EXPECT_EQ(*m.header("Subject"), "");
  EXPECT_EQ(*m.header("NewFangledHeader"), "newfangled value continued newfangled value");
  EXPECT_EQ(*m.header("UnknownHeaderWithUnusualValue"), ";;,,;;,;");
  const auto contact = parse_name_addr(*m.header("Contact"));
  ASSERT_TRUE(contact);
  EXPECT_EQ(*contact->params.get("newparam"), "newvalue");
  EXPECT_TRUE(contact->params.has("secondparam"));
  EXPECT_EQ(*contact->params.get("q"), "0.33");
  EXPECT_EQ(m.body.size(), 150u);
  EXPECT_TRUE(m.request_uri.params.has("unknownparam"));
}

TEST(rfc4475, escapes_and_unusual_characters) {
  const auto esc01 = parsed("3.1.1.3_esc01");
  EXPECT_EQ(esc01.request_uri.user, "sips:user@example.com");
  const auto escnull = parsed("3.1.1.4_escnull");
  EXPECT_EQ(escnull.to()->uri.user, std::string("null-\0-null", 11));
  const auto esc02 = parsed("3.1.1.5_esc02");
  EXPECT_EQ(esc02.method, "RE%47IST%45R");  // % is no escape in a method
  const auto intmeth = parsed("3.1.1.2_intmeth");
  EXPECT_EQ(intmeth.method, "!interesting-Method0123456789_*+`.%indeed'~");
  EXPECT_EQ(intmeth.cseq()->method, intmeth.method);
  EXPECT_EQ(intmeth.call_id(), "intmeth.word%ZK-!.*_+'@word`~)(><:\\/\"][?}{");
  const auto semiuri = parsed("3.1.1.9_semiuri");
  EXPECT_EQ(semiuri.request_uri.user, "user;par=u@example.net");
  const auto lwsdisp = parsed("3.1.1.6_lwsdisp");
  EXPECT_EQ(lwsdisp.from()->display_name, "caller");
}

TEST(rfc4475, framing_cases) {
  // dblreq: octets after Content-Length 0 in a datagram are dropped.
  const auto dbl = parsed("3.1.1.8_dblreq");
  EXPECT_EQ(dbl.method, "REGISTER");
  EXPECT_TRUE(dbl.body.empty());
  // mpart01: a binary body part with NULs and bare LFs, framed by Content-Length.
  const auto mpart = parsed("3.1.1.11_mpart01");
  EXPECT_EQ(mpart.body.size(), 553u);
  EXPECT_NE(mpart.body.find('\0'), std::string::npos);
  // inv2543: no Content-Length over UDP: the rest of the datagram is the body.
  const auto old = parsed("3.4.1_inv2543");
  EXPECT_FALSE(old.body.empty());
  EXPECT_FALSE(old.top_via()->rfc3261_branch());
  // On a stream, two Content-Length values (mcl01) cannot be framed: close.
  stream_framer f;
  f.append(load("3.3.9_mcl01"));
  EXPECT_FALSE(f.next());
  // clerr on a stream: wait for more data (the idle timer closes it later).
  stream_framer g;
  g.append(load("3.1.2.2_clerr"));
  auto n = g.next();
  ASSERT_TRUE(n);
  EXPECT_FALSE(n->has_value());
}

TEST(rfc4475, parameters_land_where_the_rfc_says) {
  const auto c1 = parsed("3.3.12_cparam01");
  const auto a = parse_name_addr(*c1.header("Contact"));
  EXPECT_TRUE(a->params.has("unknownparam"));  // contact-param
  EXPECT_FALSE(a->uri.params.has("unknownparam"));
  const auto c2 = parsed("3.3.13_cparam02");
  const auto b = parse_name_addr(*c2.header("Contact"));
  EXPECT_TRUE(b->uri.params.has("unknownparam"));  // url-param
  const auto esc = parsed("3.3.14_regescrt");
  EXPECT_EQ(parse_name_addr(*esc.header("Contact"))->uri.headers,
            "Route=%3Csip:sip.example.com%3E");
  const auto aut = parsed("3.3.7_regaut01");
  EXPECT_EQ(aut.header_count("Authorization"), 1u);
  EXPECT_EQ(*aut.header("Authorization"), "NoOneKnowsThisScheme opaque-data=here");
  const auto bext = parsed("3.3.5_bext01");
  const auto verdict = check_request(bext);
  EXPECT_FALSE(verdict.unsupported.empty());
  const auto unk = parsed("3.3.4_unksm2");
  EXPECT_EQ(unk.to()->uri.scheme, "isbn");
  EXPECT_EQ(unk.from()->uri.scheme, "http");
}

TEST(rfc4475, badbranch_falls_back_to_rfc2543_matching) {
  const auto m = parsed("3.2.1_badbranch");
  EXPECT_EQ(m.top_via()->branch(), "z9hG4bK");
  EXPECT_FALSE(m.top_via()->rfc3261_branch());
  EXPECT_TRUE(server_key(m)->starts_with("2543|"));
}

TEST(rfc4475, unknown_methods_get_501_at_an_endpoint) {
  request_policy uas;
  uas.forwarding = false;
  uas.allowed_methods = {"INVITE", "ACK", "BYE", "CANCEL", "OPTIONS", "PRACK", "UPDATE"};
  EXPECT_EQ(check_request(parsed("3.1.1.2_intmeth"), uas).status, 501);
  EXPECT_EQ(check_request(parsed("3.1.1.5_esc02"), uas).status, 501);
  EXPECT_EQ(check_request(parsed("3.1.1.4_escnull"), uas).status, 405);  // REGISTER
  EXPECT_EQ(check_request(parsed("3.1.1.1_wsinv"), uas).status, 0);
}

TEST(rfc4475, zero_max_forwards_is_fine_for_an_endpoint) {
  request_policy uas;
  uas.forwarding = false;
  EXPECT_EQ(check_request(parsed("3.3.11_zeromf"), uas).status, 0);
}

}  // namespace
}  // namespace cmr::sip
