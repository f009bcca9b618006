#include "media/playout_rendition.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cassert>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <system_error>

#include "store/content_repository.h"

namespace cmr::media {

cmr::result<playout_rendition, std::string> playout_rendition::open(const std::string& path,
                                                                    g711_law law) {
  auto fail = [&](const std::string& why) {
    return cmr::unexpected<std::string>{why + " " + path};
  };
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return fail(std::string(std::generic_category().message(errno)) + ":");
  struct stat st {};
  if (::fstat(fd, &st) != 0) {
    ::close(fd);
    return fail("cannot stat");
  }
  const auto size = static_cast<std::size_t>(st.st_size);
  if (size == 0 || size % playout_frame_bytes != 0) {
    ::close(fd);
    return fail("not a whole number of 20 ms frames:");
  }
  void* p = ::mmap(nullptr, size, PROT_READ, MAP_SHARED, fd, 0);
  ::close(fd);  // the mapping keeps the file
  if (p == MAP_FAILED) return fail("cannot map");
  return playout_rendition(static_cast<const std::uint8_t*>(p), size, law);
}

cmr::result<playout_rendition, std::string> playout_rendition::load(
    store::content_repository& contents, std::string_view resource_id, g711_law law) {
  auto rec = contents.get(resource_id, law == g711_law::alaw ? "alaw" : "ulaw");
  if (!rec) return cmr::unexpected<std::string>{rec.error().message};
  return open(rec->path, law);
}

cmr::result<playout_rendition, std::string> playout_rendition::owned(
    std::vector<std::uint8_t> bytes, g711_law law) {
  if (bytes.empty()) return cmr::unexpected{std::string("playout: empty prompt")};
  const std::size_t rest = bytes.size() % playout_frame_bytes;
  if (rest != 0)
    bytes.resize(bytes.size() + playout_frame_bytes - rest, law == g711_law::alaw ? 0xD5 : 0xFF);
  playout_rendition r(nullptr, bytes.size(), law);
  r.owned_ = std::move(bytes);
  r.data_ = r.owned_.data();
  return r;
}

playout_rendition::playout_rendition(playout_rendition&& other) noexcept
    : owned_(std::move(other.owned_)), data_(other.data_), size_(other.size_), law_(other.law_) {
  other.data_ = nullptr;
  other.size_ = 0;
}

playout_rendition& playout_rendition::operator=(playout_rendition&& other) noexcept {
  if (this != &other) {
    release();
    owned_ = std::move(other.owned_);
    data_ = other.data_;
    size_ = other.size_;
    law_ = other.law_;
    other.data_ = nullptr;
    other.size_ = 0;
  }
  return *this;
}

playout_rendition::~playout_rendition() {
  release();
}

void playout_rendition::release() {
  if (data_ != nullptr && owned_.empty()) ::munmap(const_cast<std::uint8_t*>(data_), size_);
  owned_.clear();
  data_ = nullptr;
  size_ = 0;
}

playout_rendition::frame_span playout_rendition::frame(std::size_t i) const {
  assert(i < frame_count());
  return frame_span(data_ + i * playout_frame_bytes, playout_frame_bytes);
}

}  // namespace cmr::media
