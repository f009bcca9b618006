// Fuzz target: the management XML and JSON bindings (mgmt/xml_codec,
// mgmt/json_codec) and the validator, on a request body of any operation as
// the dispatcher decodes it. The first byte picks the format (low bit: XML or
// JSON) and the operation (the rest, in all_operations() order); the other
// bytes are the body. For a body that decodes and validates: it encodes in
// both formats, and each encoding decodes and validates back to the same
// element tree, up to the order of differently named children (the encoders
// write the XSD order).
#include <cstddef>
#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <string>
#include <string_view>

#include "fuzz_check.h"
#include "mgmt/json_codec.h"
#include "mgmt/operation_registry.h"
#include "mgmt/validator.h"
#include "mgmt/xml_codec.h"

namespace {

using namespace cmr::mgmt;

// Children by name, each name's elements in their order: the encoders write
// the description's order, a JSON request may name its members in any.
void sort_children(element& e) {
  std::stable_sort(e.children.begin(), e.children.end(),
                   [](const element& x, const element& y) { return x.name < y.name; });
  for (auto& c : e.children) sort_children(c);
}

// Names, texts and shape; not how a value arrived (json_kind), which differs
// between the formats by design, nor the order of differently named children.
bool same_tree_sorted(const element& a, const element& b) {
  if (a.name != b.name || a.text != b.text || a.is_structure != b.is_structure ||
      a.children.size() != b.children.size())
    return false;
  for (std::size_t i = 0; i < a.children.size(); ++i)
    if (!same_tree_sorted(a.children[i], b.children[i])) return false;
  return true;
}

bool same_tree(element a, element b) {
  sort_children(a);
  sort_children(b);
  return same_tree_sorted(a, b);
}

void check_re_encoding(const element& msg, const structure_desc& desc, const std::string& root,
                       bool json) {
  const std::string body = json ? encode_json(msg, desc) : encode_xml(msg, desc, root);
  auto back = json ? decode_json(body, root) : decode_xml(body, root);
  if (!back) std::fprintf(stderr, "re-encoded body refused: %s\n%s\n", back.error().message.c_str(), body.c_str());
  CMR_FUZZ_CHECK(back.has_value());
  auto valid = validate(*back, desc);
  if (!valid) std::fprintf(stderr, "re-encoded body invalid: %s\n%s\n", valid.error().c_str(), body.c_str());
  CMR_FUZZ_CHECK(valid.has_value());
  if (!same_tree(*back, msg)) std::fprintf(stderr, "re-encoded body differs:\n%s\n", body.c_str());
  CMR_FUZZ_CHECK(same_tree(*back, msg));
  // The response cache splices a TransactionId into cached answers there.
  const std::size_t at = json ? json_first_member_at(body) : xml_first_child_at(body);
  CMR_FUZZ_CHECK(at <= body.size());
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const auto ops = all_operations();
  const bool json = (data[0] & 1U) != 0;
  const operation_desc* op = ops[static_cast<std::size_t>(data[0] >> 1U) % ops.size()];
  const std::string root = std::string(op->name) + "Request";
  const std::string_view body(reinterpret_cast<const char*>(data) + 1, size - 1);

  auto decoded = json ? decode_json(body, root) : decode_xml(body, root);
  if (!decoded) {
    // The StatusDescription of the 10007 answer says why.
    CMR_FUZZ_CHECK(!decoded.error().message.empty());
    return 0;
  }
  element msg = std::move(*decoded);
  if (!validate(msg, *op->request)) return 0;
  check_re_encoding(msg, *op->request, root, false);
  check_re_encoding(msg, *op->request, root, true);
  return 0;
}
