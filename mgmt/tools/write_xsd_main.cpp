// cmr-mgmt-xsd DIR: writes DIR/<Operation>.xsd for every CMR operation.
#include <cstdio>
#include <fstream>
#include <string>

#include "mgmt/operation_registry.h"
#include "mgmt/xsd_writer.h"

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: %s DIR\n", argv[0]);
    return 2;
  }
  for (const auto* op : cmr::mgmt::all_operations()) {
    const std::string path = std::string(argv[1]) + "/" + std::string(op->name) + ".xsd";
    std::ofstream out(path, std::ios::binary);
    out << cmr::mgmt::write_xsd(*op->request, *op->response);
    if (!out) {
      std::fprintf(stderr, "cannot write %s\n", path.c_str());
      return 1;
    }
  }
  return 0;
}
