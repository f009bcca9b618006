// Runs every example of docs/management.md against a fresh demo server, the
// XML examples and the JSON examples each in document order, and compares the
// documented responses with the real ones, so the manual cannot drift.
// CMR_UPDATE_DOCS=1 rewrites the response blocks instead.
#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <set>
#include <sstream>

#include "mgmt/json_codec.h"
#include "mgmt/xml_codec.h"
#include "tests/integration/mgmt/mgmt_harness.h"

namespace cmr::test {
namespace {

const std::string doc_path = std::string(CMR_SOURCE_DIR) + "/docs/management.md";

struct block {
  std::string info;  // "xml request Login token=demo-portal"
  std::size_t begin = 0, end = 0;  // text offsets of the content
  std::string text;
};

std::vector<block> blocks(const std::string& doc) {
  std::vector<block> out;
  std::size_t pos = 0;
  while ((pos = doc.find("\n```", pos)) != std::string::npos) {
    const std::size_t info_end = doc.find('\n', pos + 4);
    block b;
    b.info = doc.substr(pos + 4, info_end - pos - 4);
    b.begin = info_end + 1;
    const std::size_t close = doc.find("\n```", info_end);
    b.end = close + 1;
    b.text = doc.substr(b.begin, b.end - b.begin);
    pos = close + 4;
    if (b.info.find(" request ") != std::string::npos || b.info.find(" upload ") != std::string::npos ||
        b.info.find(" response") != std::string::npos)
      out.push_back(b);
  }
  return out;
}

std::string base64_decode(const std::string& in) {
  static const std::string abc = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  unsigned acc = 0;
  int bits = 0;
  for (char c : in) {
    const auto v = abc.find(c);
    if (v == std::string::npos) continue;  // whitespace, '='
    acc = (acc << 6U) | static_cast<unsigned>(v);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out.push_back(static_cast<char>((acc >> static_cast<unsigned>(bits)) & 0xFFU));
    }
  }
  return out;
}

const std::set<std::string> volatile_fields = {"SessionKey", "SessionExpires", "SubscribedAt"};

bool same(const mgmt::element& a, const mgmt::element& b, std::string& why) {
  if (a.name != b.name) return why = a.name + " vs " + b.name, false;
  if (volatile_fields.count(a.name)) return true;
  if (a.children.size() != b.children.size()) return why = a.name + ": child count", false;
  if (a.children.empty() && a.text != b.text) return why = a.name + ": '" + a.text + "' vs '" + b.text + "'", false;
  for (std::size_t i = 0; i < a.children.size(); ++i)
    if (!same(a.children[i], b.children[i], why)) return false;
  return true;
}

void run(wire_format fmt) {
  std::ifstream in(doc_path);
  std::stringstream ss;
  ss << in.rdbuf();
  std::string doc = ss.str();
  const bool update = std::getenv("CMR_UPDATE_DOCS") != nullptr;
  const std::string prefix = name_of(fmt);
  mgmt_server srv;
  auto all = blocks(doc);
  std::vector<std::pair<block, std::string>> replacements;
  int examples = 0;
  int uploads = 0;
  for (std::size_t i = 0; i < all.size(); ++i) {
    std::istringstream info(all[i].info);
    std::string format, kind, op, token_arg;
    info >> format >> kind >> op >> token_arg;
    if (format == prefix && kind == "upload") {
      // "xml upload <ResourceId> <Content-Type> token=<t>": the content in base64.
      std::string token_u;
      info >> token_u;
      ++uploads;
      std::vector<std::pair<std::string, std::string>> h{{"Authorization", "Bearer " + token_u.substr(6)}};
      if (fmt == wire_format::json) h.emplace_back("Accept", "application/json");
      auto r = srv.client().send("PUT", "/cmr/1/resources/" + op + "/content", token_arg, base64_decode(all[i].text), h);
      ASSERT_TRUE(i + 1 < all.size() && all[i + 1].info == prefix + " response") << "upload: no response block";
      const block& expected = all[i + 1];
      if (update) {
        replacements.emplace_back(expected, r.body);
        continue;
      }
      if (fmt == wire_format::xml) {
        EXPECT_EQ(xsd_check("ContentUpload", r.body), "") << r.body;
      }
      auto got = fmt == wire_format::xml ? mgmt::decode_xml(r.body, "ContentUploadResponse")
                                         : mgmt::decode_json(r.body, "ContentUploadResponse");
      auto documented = fmt == wire_format::xml ? mgmt::decode_xml(expected.text, "ContentUploadResponse")
                                                : mgmt::decode_json(expected.text, "ContentUploadResponse");
      ASSERT_TRUE(got) << r.body;
      ASSERT_TRUE(documented) << expected.text;
      std::string why;
      EXPECT_TRUE(same(*documented, *got, why)) << prefix << " upload: " << why << "\nserver said:\n" << r.body;
      continue;
    }
    if (format != prefix || kind != "request") continue;
    ++examples;
    const std::string token = token_arg.rfind("token=", 0) == 0 ? token_arg.substr(6) : "";
    auto reply = srv.raw(op, fmt == wire_format::xml ? "application/xml" : "application/json", all[i].text, token);
    ASSERT_TRUE(i + 1 < all.size() && all[i + 1].info == prefix + " response") << op << ": no response block";
    const block& expected = all[i + 1];
    if (update) {
      replacements.emplace_back(expected, reply.http.body);
      continue;
    }
    auto documented = fmt == wire_format::xml ? mgmt::decode_xml(expected.text, op + "Response")
                                              : mgmt::decode_json(expected.text, op + "Response");
    ASSERT_TRUE(documented) << op << ": documented response not decodable:\n" << expected.text;
    std::string why;
    EXPECT_TRUE(same(*documented, reply.msg, why)) << prefix << " " << op << ": " << why << "\nserver said:\n" << reply.http.body;
  }
  EXPECT_GE(examples, 17);
  EXPECT_EQ(uploads, 1);
  if (update) {
    for (auto it = replacements.rbegin(); it != replacements.rend(); ++it)
      doc.replace(it->first.begin, it->first.end - it->first.begin, it->second);
    std::ofstream(doc_path, std::ios::binary) << doc;
  }
}

TEST(mgmt_docs, xml_examples_match_the_server) { run(wire_format::xml); }
TEST(mgmt_docs, json_examples_match_the_server) { run(wire_format::json); }

}  // namespace
}  // namespace cmr::test
