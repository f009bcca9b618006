// cmr-mgmt-xsd DIR: writes DIR/<Operation>.xsd for every CMR operation and
// DIR/ContentUpload.xsd (the tests compare docs/xsd with this output).
#include <cstdio>
#include <fstream>
#include <string>
#include <utility>
#include <vector>

#include "mgmt/content_routes.h"
#include "mgmt/operation_registry.h"
#include "mgmt/xsd_writer.h"

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: %s DIR\n", argv[0]);
    return 2;
  }
  std::vector<std::pair<std::string, std::string>> files;
  for (const auto* op : cmr::mgmt::all_operations())
    files.emplace_back(std::string(op->name), cmr::mgmt::write_xsd(op->request, *op->response));
  files.emplace_back("ContentUpload", cmr::mgmt::write_xsd(nullptr, cmr::mgmt::content_upload_response()));
  for (const auto& [name, text] : files) {
    const std::string path = std::string(argv[1]) + "/" + name + ".xsd";
    std::ofstream out(path, std::ios::binary);
    out << text;
    if (!out) {
      std::fprintf(stderr, "cannot write %s\n", path.c_str());
      return 1;
    }
  }
  return 0;
}
