// Writes the seed corpus of fuzz_mgmt_codec: for every management operation
// a request that decodes and validates, in XML and in JSON, built from the
// operation's own description (mgmt/schema.h): every field once (a repeated
// one twice), values of the field's type. The first byte of each file picks
// the operation and the format as fuzz_mgmt_codec reads it.
//
//   fuzz_mgmt_seeds <directory>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>

#include "mgmt/json_codec.h"
#include "mgmt/operation_registry.h"
#include "mgmt/validator.h"
#include "mgmt/xml_codec.h"

namespace {

using namespace cmr::mgmt;

void fill(element& e, const structure_desc& desc) {
  for (const auto& f : desc.fields) {
    const int copies = f.max > 1 ? 2 : 1;
    for (int i = 0; i < copies; ++i) {
      switch (f.type) {
        case field_type::structure: {
          element& s = e.add_structure(std::string(f.name));
          if (f.nested != nullptr) fill(s, *f.nested);
          break;
        }
        case field_type::integer:
        case field_type::unsigned_int:
          e.add(std::string(f.name), "1");
          break;
        case field_type::money:
          e.add(std::string(f.name), "1.25");
          break;
        case field_type::boolean:
          e.add(std::string(f.name), "true");
          break;
        case field_type::datetime:
          e.add(std::string(f.name), "2026-12-01T10:00:00Z");
          break;
        case field_type::enumeration:
          e.add(std::string(f.name), f.values.empty() ? "1" : std::string(f.values.front()));
          break;
        case field_type::string:
          e.add(std::string(f.name), "s-1");
          break;
      }
    }
  }
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: %s <directory>\n", argv[0]);
    return 2;
  }
  const std::filesystem::path dir = argv[1];
  std::filesystem::create_directories(dir);
  const auto ops = all_operations();
  int written = 0;
  for (std::size_t i = 0; i < ops.size(); ++i) {
    const operation_desc& op = *ops[i];
    const std::string root = std::string(op.name) + "Request";
    element msg;
    msg.is_structure = true;
    fill(msg, *op.request);
    for (const bool json : {false, true}) {
      const std::string body = json ? encode_json(msg, *op.request) : encode_xml(msg, *op.request, root);
      // Only what the decoder and the validator take is a useful seed.
      auto back = json ? decode_json(body, root) : decode_xml(body, root);
      const bool valid = back && validate(*back, *op.request);
      if (!valid) std::fprintf(stderr, "%s (%s): seed not valid, written anyway\n", root.c_str(), json ? "JSON" : "XML");
      const auto selector = static_cast<char>((i << 1U) | (json ? 1U : 0U));
      std::ofstream out(dir / (std::string(op.name) + (json ? ".json" : ".xml")), std::ios::binary);
      out.put(selector);
      out << body;
      ++written;
    }
  }
  std::printf("%d seeds in %s\n", written, dir.c_str());
  return 0;
}
