// Where cmr-ssf finds the bytes the IP is expected to play (the RTP check):
//   store   the server's SQLite store opened read-only (store::open_reader):
//           announcement id -> resource (find_by_announcement) -> its "alaw"
//           or "ulaw" playout rendition file (the content records' path; a
//           relative path is taken relative to the store file's directory,
//           which is the server's working directory in the demo layout);
//   file    one headerless G.711 file (.alaw / .ulaw), expected for every play.
// EstablishTemporaryConnection does not tell the switch which announcement
// the SCP will ask for: `fixed_announcement` names it for the store source.
// Files are read once and cached per (announcement id, law).
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "media/playout_rendition.h"
#include "common/result.h"

namespace cmr::store {
class store;
}

namespace cmr::tools::ssf {

using expected_bytes = std::shared_ptr<const std::vector<std::uint8_t>>;

class content_source {
public:
  virtual ~content_source() = default;
  // The rendition for a play form (announcement id) or, without one, the
  // configured default; nullptr when unknown (only headers are checked).
  virtual expected_bytes expected(std::optional<std::uint32_t> announcement_id, media::g711_law law) = 0;
  // The laws this source can check (offered in SDP, preferred first).
  [[nodiscard]] virtual std::vector<media::g711_law> laws() const = 0;
};

class file_content final : public content_source {
public:
  // The law comes from the extension (.alaw / .ulaw, also .pcma / .pcmu).
  static cmr::result<std::unique_ptr<file_content>, std::string> open(const std::string& path);
  expected_bytes expected(std::optional<std::uint32_t>, media::g711_law law) override {
    return law == law_ ? bytes_ : nullptr;
  }
  [[nodiscard]] std::vector<media::g711_law> laws() const override { return {law_}; }

private:
  file_content(expected_bytes b, media::g711_law law) : bytes_(std::move(b)), law_(law) {}
  expected_bytes bytes_;
  media::g711_law law_;
};

class store_content final : public content_source {
public:
  static cmr::result<std::unique_ptr<store_content>, std::string> open(
      const std::string& db_path, std::optional<std::uint32_t> fixed_announcement);
  ~store_content() override;
  expected_bytes expected(std::optional<std::uint32_t> announcement_id, media::g711_law law) override;
  [[nodiscard]] std::vector<media::g711_law> laws() const override {
    return {media::g711_law::alaw, media::g711_law::ulaw};
  }

private:
  store_content(std::unique_ptr<store::store> s, std::string base, std::optional<std::uint32_t> fixed);
  std::unique_ptr<store::store> store_;
  std::string base_dir_;
  std::optional<std::uint32_t> fixed_;
  std::map<std::pair<std::uint32_t, int>, expected_bytes> cache_;
};

// Reads a whole file (nullopt when unreadable).
std::optional<std::vector<std::uint8_t>> read_whole_file(const std::string& path);

}  // namespace cmr::tools::ssf
