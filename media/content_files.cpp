#include "media/content_files.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <system_error>

#include "media/digest.h"
#include "media/log.h"

namespace cmr::media {
namespace {

std::string errno_text(const char* what, const std::string& path) {
  return std::string(what) + " " + path + ": " + std::generic_category().message(errno);
}

// Durably records a directory entry change (create/rename) in its directory.
bool fsync_directory(const std::string& dir) {
  const int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return false;
  const bool ok = ::fsync(fd) == 0;
  ::close(fd);
  return ok;
}

bool ensure_directory(const std::string& dir, const std::string& parent) {
  if (::mkdir(dir.c_str(), 0755) == 0) return fsync_directory(parent);
  return errno == EEXIST;
}

}  // namespace

content_files::content_files(std::string root) : root_(std::move(root)) {
  while (root_.size() > 1 && root_.back() == '/') root_.pop_back();
}

bool content_files::plain_directory_name(std::string_view id) {
  if (id.empty() || id.size() > 200 || id == "." || id == "..") return false;
  if (id.find("..") != std::string_view::npos) return false;
  for (char c : id) {
    const auto u = static_cast<unsigned char>(c);
    if (c == '/' || c == '\\' || u < 0x20 || u == 0x7F) return false;
  }
  return true;
}

std::string content_files::directory_name(std::string_view id) {
  if (plain_directory_name(id)) return std::string(id);
  return "..id-" + to_hex(sha256({reinterpret_cast<const std::uint8_t*>(id.data()), id.size()}));
}

std::string content_files::directory(std::string_view resource_id) const {
  return root_ + "/" + directory_name(resource_id);
}

std::string content_files::path(std::string_view resource_id, std::string_view name) const {
  return directory(resource_id) + "/" + std::string(name);
}

cmr::result<std::string, std::string> content_files::write_atomic(
    std::string_view resource_id, std::string_view name,
    std::span<const std::uint8_t> bytes) const {
  auto fail = [](std::string m) { return cmr::unexpected<std::string>{std::move(m)}; };
  const auto dir = directory(resource_id);
  std::error_code ec;
  std::filesystem::create_directories(root_, ec);
  if (ec) return fail("cannot create " + root_ + ": " + ec.message());
  if (!ensure_directory(dir, root_)) return fail(errno_text("cannot create", dir));

  std::string tmp = dir + "/" + std::string(temp_prefix) + std::string(name) + "-XXXXXX";
  const int fd = ::mkostemp(tmp.data(), O_CLOEXEC);
  if (fd < 0) return fail(errno_text("cannot create", tmp));
  std::size_t done = 0;
  while (done < bytes.size()) {
    const auto n = ::write(fd, bytes.data() + done, bytes.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      auto m = errno_text("cannot write", tmp);
      ::close(fd);
      ::unlink(tmp.c_str());
      return fail(m);
    }
    done += static_cast<std::size_t>(n);
  }
  // fchmod: mkostemp creates 0600; the files are served, not secret.
  if (::fchmod(fd, 0644) != 0 || ::fsync(fd) != 0) {
    auto m = errno_text("cannot sync", tmp);
    ::close(fd);
    ::unlink(tmp.c_str());
    return fail(m);
  }
  ::close(fd);
  const auto final_path = dir + "/" + std::string(name);
  if (::rename(tmp.c_str(), final_path.c_str()) != 0) {
    auto m = errno_text("cannot rename to", final_path);
    ::unlink(tmp.c_str());
    return fail(m);
  }
  if (!fsync_directory(dir)) return fail(errno_text("cannot sync", dir));
  return final_path;
}

void content_files::sweep_temporaries(std::string_view resource_id) const {
  std::error_code ec;
  const auto dir = directory(resource_id);
  for (const auto& e : std::filesystem::directory_iterator(dir, ec)) {
    if (e.path().filename().string().starts_with(temp_prefix)) remove_file(e.path().string());
  }
}

void content_files::remove_unreferenced(std::string_view resource_id,
                                        std::span<const std::string> keep) const {
  std::error_code ec;
  std::vector<std::string> doomed;
  for (const auto& e : std::filesystem::directory_iterator(directory(resource_id), ec)) {
    // Compared by file name: keep holds paths as written, which may spell
    // the root differently from the iterator.
    const auto name = e.path().filename();
    const bool kept = std::any_of(keep.begin(), keep.end(), [&](const std::string& k) {
      return std::filesystem::path(k).filename() == name;
    });
    if (!kept) doomed.push_back(e.path().string());
  }
  for (const auto& p : doomed) remove_file(p);
}

void content_files::remove_file(const std::string& path) const {
  if (::unlink(path.c_str()) != 0 && errno != ENOENT)
    CMR_LOG(media, error, "cannot remove %s: %s", path.c_str(),
            std::generic_category().message(errno).c_str());
}

void content_files::remove_directory(std::string_view resource_id) const {
  std::error_code ec;
  std::filesystem::remove_all(directory(resource_id), ec);
  if (ec)
    CMR_LOG(media, error, "cannot remove %s: %s", directory(resource_id).c_str(),
            ec.message().c_str());
}

}  // namespace cmr::media
