// Resource content upload (CMR-5 `PUT /cmr/1/resources/<ResourceId>/content`):
// checks the bytes against the declared Format, stores them as uploaded and,
// for audio, prepares the G.711 playout renditions the RTP player streams.
//
// Order of work, so that nothing half-written is ever visible and a crash
// mid-upload leaves the previous content intact:
//   1. validate (resource exists, MediaType agrees, size, magic, decode);
//   2. write every file under a new content-addressed name (temp + fsync + rename);
//   3. one store transaction replaces the original/alaw/ulaw records;
//   4. only then remove the other files of the resource's directory (the old
//      records' files, and leftovers of an earlier crash after its commit).
// A failure before 3 removes the new files and leaves the old records alone.
#pragma once

#include <array>
#include <cstdint>
#include <functional>
#include <mutex>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "media/content_files.h"
#include "media/content_format.h"
#include "store/model.h"
#include "common/result.h"

namespace cmr::store {
class store;
}

namespace cmr::media {

struct content_limits {  // bytes per upload, by MediaType family
  std::size_t audio = 20U << 20U;
  std::size_t video = 100U << 20U;
  std::size_t image = 10U << 20U;
  std::size_t text = 1U << 20U;
  std::size_t vcard = 1U << 20U;
  std::uint32_t max_audio_seconds = 600;  // bounds the decoded size too
};

struct content_config {
  std::string root = "content";  // directory; created when missing
  content_limits limits;
};

struct content_error {
  enum class code : std::uint8_t {
    unknown_resource,  // CMR 10008
    invalid_content,   // CMR 10007: Format unsupported/mismatched, undecodable, wrong MediaType
    too_large,         // HTTP 413
    repeated,          // CMR 10011: the upload_guard's TransactionId was already applied
    internal,          // CMR 99999 (I/O, store); details only in the log
  } what = code::internal;
  std::string message;  // for the log; not for clients when internal
};

// The CMR StatusCode for an error (too_large: 10007 in a body, if one is sent).
int cmr_status_code(content_error::code c);
// 413 for too_large, 200 otherwise (CMR errors travel in a 200 response).
unsigned http_status(content_error::code c);

// The repeated-operation guard of an upload (mgmt's TransactionId): recorded
// as (principal, transaction_id) in the same store transaction as the new
// content records; already there: code::repeated and nothing is changed.
struct upload_guard {
  std::string principal;  // "portal", "provider:<id>" (mgmt::principal::key())
  std::string transaction_id;
  store::timestamp at{};  // when applied (guards are purged by age)
};

struct content_info {
  std::string resource_id;
  std::string content_type;  // what downloads will carry
  std::int64_t size = 0;
  std::string sha256;              // lowercase hex of the original
  std::size_t playout_frames = 0;  // 0 for non-audio
  std::uint32_t duration_ms = 0;   // playout duration (frames x 20 ms)
};

class content_service {
public:
  content_service(store::store& st, content_config config);

  // declared_format: the Format (MIME type, optional codecs); empty means the
  // resource's stored Format. guard: see upload_guard (nullptr: none).
  cmr::result<content_info, content_error> put_content(std::string_view resource_id,
                                                       std::string_view declared_format,
                                                       std::span<const std::uint8_t> body,
                                                       const upload_guard* guard = nullptr);

  // Deletes the records and files (call after deleting a resource; the
  // records cascade with the resource, the files do not).
  cmr::result<void, content_error> remove_content(std::string_view resource_id);

  // The byte limit for a declared Format (nullopt: unsupported Format), so
  // the HTTP server can refuse by Content-Length before reading the body.
  [[nodiscard]] std::optional<std::size_t> size_limit(std::string_view declared_format) const;
  [[nodiscard]] std::size_t max_size_limit() const;

  [[nodiscard]] const content_files& files() const { return files_; }

  // Test seam: called after the files are written and before the store
  // transaction; returning false simulates a failure (crash) at that point.
  void set_before_commit_hook(std::function<bool()> hook) { before_commit_ = std::move(hook); }

private:
  [[nodiscard]] std::size_t limit_for(format_family f) const;
  std::mutex& lock_for(std::string_view resource_id);

  store::store& store_;
  content_config config_;
  content_files files_;
  std::function<bool()> before_commit_;
  // Uploads to one resource are serialised (old-file removal must not race
  // another upload's new files); striped so different resources run in parallel.
  std::array<std::mutex, 16> locks_;
};

}  // namespace cmr::media
