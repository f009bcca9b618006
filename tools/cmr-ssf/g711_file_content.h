// Expected content from one headerless G.711 file (--expect-file F.alaw or
// F.ulaw): the same bytes expected for every play, in the file's law only
// (the SDP offer then names only that law).
#pragma once

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "common/result.h"
#include "tools/cmr-ssf/expected_content.h"

namespace cmr::tools::ssf {

class g711_file_content final : public content_source {
public:
  // The law comes from the extension (.alaw / .ulaw, also .pcma / .pcmu).
  static cmr::result<std::unique_ptr<g711_file_content>, std::string> open(const std::string& path);
  expected_bytes expected(std::optional<std::uint32_t>, media::g711_law law) override {
    return law == law_ ? bytes_ : nullptr;
  }
  [[nodiscard]] std::vector<media::g711_law> laws() const override { return {law_}; }

private:
  g711_file_content(expected_bytes b, media::g711_law law) : bytes_(std::move(b)), law_(law) {}
  expected_bytes bytes_;
  media::g711_law law_;
};

}  // namespace cmr::tools::ssf
