// The content directory: <root>/<directory_name(resource_id)>/<file>. Files are written
// whole to a temporary name, fsync'ed, renamed into place and the directory
// fsync'ed, so a reader (or a crash) never sees half a file. Final names are
// content-addressed (<kind>-<sha256 prefix>.<ext>), so a new upload never
// overwrites the file the current store record points to.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.h"

namespace cmr::media {

class content_files {
public:
  explicit content_files(std::string root);

  // Whether a resource id can be its directory's name as it is: not empty,
  // ".", "..", nothing containing '/', '\\', ".." or control characters,
  // at most 200 bytes.
  static bool plain_directory_name(std::string_view id);
  // The directory name of any resource id: the id itself when it is plain,
  // else "..id-" and the hex SHA-256 of the id (a ResourceId may hold '/' or
  // "..": it never becomes a path of its own). No plain id contains "..", so
  // the two forms never meet.
  static std::string directory_name(std::string_view id);

  [[nodiscard]] const std::string& root() const { return root_; }
  [[nodiscard]] std::string directory(std::string_view resource_id) const;
  [[nodiscard]] std::string path(std::string_view resource_id, std::string_view name) const;

  // Atomically creates <dir>/<name> with the bytes (creating the directory
  // when needed). Returns the final path, or why it failed.
  cmr::result<std::string, std::string> write_atomic(std::string_view resource_id,
                                                     std::string_view name,
                                                     std::span<const std::uint8_t> bytes) const;

  // Removes temporaries a crash left behind in the resource's directory.
  void sweep_temporaries(std::string_view resource_id) const;
  // Removes every file of the resource's directory not in keep: the previous
  // upload's files, and any a crash between commit and clean-up left behind.
  void remove_unreferenced(std::string_view resource_id, std::span<const std::string> keep) const;
  // Best effort; a failure is logged, never fatal (the file is unreferenced).
  void remove_file(const std::string& path) const;
  void remove_directory(std::string_view resource_id) const;

  static constexpr std::string_view temp_prefix = ".tmp-";

private:
  std::string root_;
};

}  // namespace cmr::media
