#include "tools/cmr-ssf/expected_content.h"

#include <fstream>
#include <iterator>

namespace cmr::tools::ssf {

std::optional<std::vector<std::uint8_t>> read_whole_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  std::vector<std::uint8_t> b((std::istreambuf_iterator<char>(in)),
                              std::istreambuf_iterator<char>());
  if (in.bad()) return std::nullopt;
  return b;
}

}  // namespace cmr::tools::ssf
