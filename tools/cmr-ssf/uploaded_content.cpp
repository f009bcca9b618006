#include "tools/cmr-ssf/uploaded_content.h"

#include <filesystem>
#include <utility>

#include "common/text.h"
#include "media/audio_decoder.h"
#include "media/content_format.h"
#include "media/content_sniffer.h"
#include "tools/cmr-ssf/log.h"

namespace cmr::tools::ssf {
namespace {

// Only bounds the memory of decoding: the server refuses uploads longer
// than its own limit (media::content_limits, 600 s unless configured), so
// whatever it accepted renders here too.
constexpr std::uint32_t max_upload_seconds = 3600;

}  // namespace

std::optional<content_spec> parse_content_spec(const std::string& text) {
  const auto eq = text.find('=');
  if (eq != std::string::npos && eq > 0 &&
      text.find_first_not_of("0123456789") == eq) {  // "N=FILE"
    auto n = text::parse_uint(std::string_view(text).substr(0, eq), 4294967295U);
    if (!n || eq + 1 == text.size()) return std::nullopt;
    return content_spec{static_cast<std::uint32_t>(*n), text.substr(eq + 1)};
  }
  if (text.empty()) return std::nullopt;
  return content_spec{std::nullopt, text};
}

std::optional<std::string> upload_format(const std::string& path) {
  const std::string ext = text::to_lower(std::filesystem::path(path).extension().string());
  if (ext == ".wav" || ext == ".wave") return "audio/wav";
  if (ext == ".flac") return "audio/flac";
  if (ext == ".ogg" || ext == ".oga" || ext == ".opus") return "audio/ogg";
  return std::nullopt;
}

cmr::result<media::playout_audio, std::string> render_upload(const std::string& path) {
  auto fail = [&](const std::string& why) {
    return cmr::unexpected<std::string>{"expected content " + path + ": " + why};
  };
  std::error_code ec;
  if (!std::filesystem::exists(path, ec)) return fail("no such file");
  if (!std::filesystem::is_regular_file(path, ec)) return fail("not a regular file");
  const auto declared = upload_format(path);
  if (!declared) return fail("not an audio upload (extension .wav, .flac, .ogg, .oga or .opus)");
  const auto format = media::parse_format(*declared);
  if (!format || !media::is_audio(format->family)) return fail("unsupported Format " + *declared);
  auto body = read_whole_file(path);
  if (!body) return fail("cannot read");
  // The steps of media::content_service::put_content for audio, in its order.
  if (auto why = media::sniff_mismatch(format->family, *body))
    return fail("the server would refuse it as " + *declared + ": " + *why);
  auto decoded = media::decode_audio(*format, *body, max_upload_seconds);
  if (!decoded)
    return fail("the server would refuse it as " + *declared + ": " + decoded.error().message);
  return media::make_playout(*decoded);
}

cmr::result<std::unique_ptr<uploaded_content>, std::string> uploaded_content::open(
    const std::vector<content_spec>& specs, std::optional<std::uint32_t> fixed_announcement) {
  std::unique_ptr<uploaded_content> u(new uploaded_content(fixed_announcement));
  std::map<std::string, renditions> by_path;  // one rendering per file
  for (const auto& spec : specs) {
    auto it = by_path.find(spec.path);
    if (it == by_path.end()) {
      auto r = render_upload(spec.path);
      if (!r) return cmr::unexpected{r.error()};
      renditions out{std::make_shared<const std::vector<std::uint8_t>>(std::move(r->alaw)),
                     std::make_shared<const std::vector<std::uint8_t>>(std::move(r->ulaw))};
      CMR_LOG(ssf, info, "expected content %s: %zu playout frames", spec.path.c_str(),
              out.alaw->size() / media::playout_frame_bytes);
      it = by_path.emplace(spec.path, std::move(out)).first;
    }
    if (spec.announcement)
      u->by_announcement_[*spec.announcement] = it->second;
    else
      u->default_ = it->second;
  }
  return u;
}

expected_bytes uploaded_content::expected(std::optional<std::uint32_t> announcement_id,
                                          media::g711_law law) {
  if (!announcement_id) announcement_id = fixed_;
  const renditions* r = nullptr;
  if (announcement_id) {
    if (auto it = by_announcement_.find(*announcement_id); it != by_announcement_.end())
      r = &it->second;
  }
  if (r == nullptr && default_) r = &*default_;
  if (r == nullptr) {
    if (announcement_id && unknown_logged_.insert(*announcement_id).second)
      CMR_LOG(ssf, notice, "announcement %u: no --expect-content file, content not checked",
              *announcement_id);
    return nullptr;
  }
  return law == media::g711_law::alaw ? r->alaw : r->ulaw;
}

}  // namespace cmr::tools::ssf
