#include "media/content_service.h"

#include <algorithm>
#include <utility>
#include <vector>

#include "media/audio_decoder.h"
#include "media/content_sniffer.h"
#include "media/digest.h"
#include "media/playout_encoder.h"
#include "media/log.h"
#include "store/store.h"

namespace cmr::media {
namespace {

using code = content_error::code;

cmr::unexpected<content_error> fail(code c, std::string message) {
  return cmr::unexpected<content_error>{content_error{c, std::move(message)}};
}

// One file to write and record.
struct planned_file {
  std::string kind;
  std::string name;
  std::string content_type;
  std::span<const std::uint8_t> bytes;
  std::string sha256;
  std::string path;  // set once written
};

planned_file plan(std::string kind, std::string_view ext, std::string content_type,
                  std::span<const std::uint8_t> bytes) {
  planned_file f;
  f.kind = std::move(kind);
  f.sha256 = to_hex(sha256(bytes));
  // 16 hex digits (64 bits) tell uploads of one resource apart; the full
  // digest is in the record.
  f.name = f.kind + "-" + f.sha256.substr(0, 16) + "." + std::string(ext);
  f.content_type = std::move(content_type);
  f.bytes = bytes;
  return f;
}

}  // namespace

int cmr_status_code(content_error::code c) {
  switch (c) {
    case code::unknown_resource:
      return 10008;
    case code::invalid_content:
    case code::too_large:
      return 10007;
    case code::repeated:
      return 10011;
    case code::internal:
      return 99999;
  }
  return 99999;
}

unsigned http_status(content_error::code c) {
  return c == code::too_large ? 413U : 200U;
}

content_service::content_service(store::store& st, content_config config)
    : store_(st), config_(std::move(config)), files_(config_.root) {}

std::size_t content_service::limit_for(format_family f) const {
  switch (content_format{f, {}, {}}.media_type()) {
    case store::media_type::audio:
      return config_.limits.audio;
    case store::media_type::video:
      return config_.limits.video;
    case store::media_type::image:
      return config_.limits.image;
    case store::media_type::text:
      return config_.limits.text;
    case store::media_type::vcard:
      return config_.limits.vcard;
  }
  return 0;
}

std::optional<std::size_t> content_service::size_limit(std::string_view declared_format) const {
  const auto f = parse_format(declared_format);
  if (!f) return std::nullopt;
  return limit_for(f->family);
}

std::size_t content_service::max_size_limit() const {
  const auto& l = config_.limits;
  return std::max({l.audio, l.video, l.image, l.text, l.vcard});
}

std::mutex& content_service::lock_for(std::string_view resource_id) {
  return locks_[std::hash<std::string_view>{}(resource_id) % locks_.size()];
}

cmr::result<content_info, content_error> content_service::put_content(
    std::string_view resource_id, std::string_view declared_format,
    std::span<const std::uint8_t> body, const upload_guard* guard) {
  auto res = store_.resources().get(resource_id);
  if (!res) {
    if (res.error().what == store::error::code::not_found)
      return fail(code::unknown_resource, "unknown resource");
    return fail(code::internal, "resource lookup: " + res.error().message);
  }
  if (declared_format.empty()) declared_format = res->format;
  const auto fmt = parse_format(declared_format);
  if (!fmt) return fail(code::invalid_content, "unsupported Format");
  if (fmt->media_type() != res->type)
    return fail(code::invalid_content, "Format does not match the resource's MediaType");
  if (body.size() > limit_for(fmt->family))
    return fail(code::too_large, "content larger than " + std::to_string(limit_for(fmt->family)));
  if (auto why = sniff_mismatch(fmt->family, body)) return fail(code::invalid_content, *why);

  std::vector<planned_file> files;
  files.push_back(plan("original", fmt->extension(), fmt->content_type(), body));
  playout_audio playout;
  if (is_audio(fmt->family)) {
    auto decoded = decode_audio(*fmt, body, config_.limits.max_audio_seconds);
    if (!decoded)
      return fail(decoded.error().what == decode_error::code::too_long ? code::too_large
                                                                       : code::invalid_content,
                  decoded.error().message);
    playout = make_playout(*decoded);
    files.push_back(plan("alaw", "alaw", "audio/PCMA", playout.alaw));
    files.push_back(plan("ulaw", "ulaw", "audio/PCMU", playout.ulaw));
  }

  std::lock_guard serialised(lock_for(resource_id));
  files_.sweep_temporaries(resource_id);
  auto old = store_.contents().list(resource_id);
  if (!old) return fail(code::internal, "content lookup: " + old.error().message);
  auto was_referenced = [&](const std::string& path) {
    return std::any_of(old->begin(), old->end(), [&](const auto& c) { return c.path == path; });
  };
  // Undo for a failure before the commit: remove what this upload added,
  // never a file an old record still names (same bytes uploaded again).
  auto discard_new = [&] {
    for (const auto& f : files)
      if (!f.path.empty() && !was_referenced(f.path)) files_.remove_file(f.path);
  };

  for (auto& f : files) {
    auto written = files_.write_atomic(resource_id, f.name, f.bytes);
    if (!written) {
      discard_new();
      return fail(code::internal, written.error());
    }
    f.path = std::move(*written);
  }
  if (before_commit_ && !before_commit_()) {
    discard_new();
    return fail(code::internal, "upload interrupted before commit");
  }

  // false: the guard's TransactionId was already applied (rolled back).
  auto committed = [&]() -> store::store_result<bool> {
    auto tx = store_.begin();
    if (!tx) return cmr::unexpected<store::error>{tx.error()};
    if (guard != nullptr && !guard->transaction_id.empty()) {
      auto fresh = store_.applied().insert_if_absent(guard->principal, guard->transaction_id, guard->at);
      if (!fresh) return cmr::unexpected<store::error>{fresh.error()};
      if (!*fresh) return false;
    }
    for (const auto& f : files) {
      CMR_STORE_TRY(store_.contents().put(store::resource_content{
          std::string(resource_id), f.kind, f.path, static_cast<std::int64_t>(f.bytes.size()),
          f.sha256, f.content_type}));
    }
    for (const auto& c : *old) {  // a rendition of earlier audio content goes with it
      const bool kept =
          std::any_of(files.begin(), files.end(), [&](const auto& f) { return f.kind == c.kind; });
      if (!kept) CMR_STORE_TRY(store_.contents().remove(resource_id, c.kind));
    }
    CMR_STORE_TRY(tx->commit());
    return true;
  }();
  if (!committed) {
    discard_new();
    if (committed.error().what == store::error::code::not_found)
      return fail(code::unknown_resource, "resource deleted during upload");
    return fail(code::internal, "content records: " + committed.error().message);
  }
  if (!*committed) {
    discard_new();
    return fail(code::repeated, "TransactionId already applied");
  }

  std::vector<std::string> keep;
  keep.reserve(files.size());
  for (const auto& f : files) keep.push_back(f.path);
  files_.remove_unreferenced(resource_id, keep);

  content_info info;
  info.resource_id = std::string(resource_id);
  info.content_type = files.front().content_type;
  info.size = static_cast<std::int64_t>(body.size());
  info.sha256 = files.front().sha256;
  info.playout_frames = playout.frames();
  info.duration_ms = static_cast<std::uint32_t>(playout.frames() * 20);
  CMR_LOG(media, info, "content %s: %s, %zu bytes, %zu playout frames", info.resource_id.c_str(),
          info.content_type.c_str(), body.size(), info.playout_frames);
  return info;
}

cmr::result<void, content_error> content_service::remove_content(std::string_view resource_id) {
  if (resource_id.empty()) return fail(code::unknown_resource, "no such content directory");
  std::lock_guard guard(lock_for(resource_id));
  auto old = store_.contents().list(resource_id);
  if (!old) return fail(code::internal, "content lookup: " + old.error().message);
  auto removed = [&]() -> store::store_result<void> {
    auto tx = store_.begin();
    if (!tx) return cmr::unexpected<store::error>{tx.error()};
    for (const auto& c : *old) CMR_STORE_TRY(store_.contents().remove(resource_id, c.kind));
    return tx->commit();
  }();
  if (!removed) return fail(code::internal, "content records: " + removed.error().message);
  files_.remove_directory(resource_id);
  return ok;
}

}  // namespace cmr::media
