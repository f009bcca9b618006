#include "tools/cmr-ssf/g711_file_content.h"

#include <filesystem>

namespace cmr::tools::ssf {

cmr::result<std::unique_ptr<g711_file_content>, std::string> g711_file_content::open(
    const std::string& path) {
  const std::string ext = std::filesystem::path(path).extension().string();
  media::g711_law law;
  if (ext == ".alaw" || ext == ".pcma")
    law = media::g711_law::alaw;
  else if (ext == ".ulaw" || ext == ".pcmu")
    law = media::g711_law::ulaw;
  else
    return cmr::unexpected{"expected content " + path + ": extension must be .alaw or .ulaw"};
  auto b = read_whole_file(path);
  if (!b) return cmr::unexpected{"expected content " + path + ": cannot read"};
  if (b->empty()) return cmr::unexpected{"expected content " + path + ": empty file"};
  return std::unique_ptr<g711_file_content>(
      new g711_file_content(std::make_shared<const std::vector<std::uint8_t>>(std::move(*b)), law));
}

}  // namespace cmr::tools::ssf
