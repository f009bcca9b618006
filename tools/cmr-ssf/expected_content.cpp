#include "tools/cmr-ssf/expected_content.h"

#include <filesystem>
#include <fstream>
#include <iterator>

#include "tools/cmr-ssf/log.h"
#include "store/store.h"

namespace cmr::tools::ssf {

std::optional<std::vector<std::uint8_t>> read_whole_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  std::vector<std::uint8_t> b((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (in.bad()) return std::nullopt;
  return b;
}

cmr::result<std::unique_ptr<file_content>, std::string> file_content::open(const std::string& path) {
  const std::string ext = std::filesystem::path(path).extension().string();
  media::g711_law law;
  if (ext == ".alaw" || ext == ".pcma") law = media::g711_law::alaw;
  else if (ext == ".ulaw" || ext == ".pcmu") law = media::g711_law::ulaw;
  else return cmr::unexpected{"expected content " + path + ": extension must be .alaw or .ulaw"};
  auto b = read_whole_file(path);
  if (!b) return cmr::unexpected{"expected content " + path + ": cannot read"};
  if (b->empty()) return cmr::unexpected{"expected content " + path + ": empty file"};
  return std::unique_ptr<file_content>(
      new file_content(std::make_shared<const std::vector<std::uint8_t>>(std::move(*b)), law));
}

store_content::store_content(std::unique_ptr<store::store> s, std::string base,
                             std::optional<std::uint32_t> fixed)
    : store_(std::move(s)), base_dir_(std::move(base)), fixed_(fixed) {}

store_content::~store_content() = default;

cmr::result<std::unique_ptr<store_content>, std::string> store_content::open(
    const std::string& db_path, std::optional<std::uint32_t> fixed_announcement) {
  if (!std::filesystem::exists(db_path)) return cmr::unexpected{"store " + db_path + ": no such file"};
  auto s = store::store::open_reader(db_path);
  if (!s) return cmr::unexpected{"store " + db_path + ": " + s.error().message};
  // (No assignment of a literal to `base`: GCC 12 -O2 warns -Wrestrict on it.)
  const std::string parent = std::filesystem::path(db_path).parent_path().string();
  return std::unique_ptr<store_content>(
      new store_content(std::move(*s), parent.empty() ? std::string(".") : parent, fixed_announcement));
}

expected_bytes store_content::expected(std::optional<std::uint32_t> announcement_id, media::g711_law law) {
  if (!announcement_id) announcement_id = fixed_;
  if (!announcement_id) return nullptr;
  const auto key = std::make_pair(*announcement_id, static_cast<int>(law));
  if (auto it = cache_.find(key); it != cache_.end()) return it->second;
  expected_bytes result;
  auto r = store_->resources().find_by_announcement(*announcement_id);
  if (!r) {
    CMR_LOG(ssf, notice, "announcement %u: no resource in the store (%s)", *announcement_id,
            r.error().message.c_str());
  } else {
    auto c = store_->contents().get(r->id, law == media::g711_law::alaw ? "alaw" : "ulaw");
    if (!c) {
      CMR_LOG(ssf, notice, "resource %s: no playout rendition (%s)", r->id.c_str(), c.error().message.c_str());
    } else {
      std::filesystem::path p(c->path);
      if (p.is_relative()) p = std::filesystem::path(base_dir_) / p;
      if (auto b = read_whole_file(p.string()); b && !b->empty())
        result = std::make_shared<const std::vector<std::uint8_t>>(std::move(*b));
      else
        CMR_LOG(ssf, notice, "rendition %s unreadable", p.string().c_str());
    }
  }
  cache_[key] = result;
  return result;
}

}  // namespace cmr::tools::ssf
