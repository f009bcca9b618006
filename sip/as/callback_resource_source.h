// resource_source over three functions the composition root supplies (the
// decision engine, the rendition loader, the URL signer), so sip/ needs no
// knowledge of how the store is opened or shared between threads.
#pragma once

#include <functional>

#include "sip/as/resource_source.h"

namespace cmr::sip::as {

class callback_resource_source final : public resource_source {
public:
  using choose_fn = std::function<std::optional<std::string>(
      std::string_view owner, store::service svc, std::string_view other, store::media_set caps)>;
  using rendition_fn = std::function<std::shared_ptr<const media::playout_rendition>(
      const std::string& id, media::g711_law law)>;
  using url_fn = std::function<std::string(const std::string& id)>;

  callback_resource_source(choose_fn choose, rendition_fn rendition, url_fn url)
      : choose_(std::move(choose)), rendition_(std::move(rendition)), url_(std::move(url)) {}

  std::optional<std::string> choose(std::string_view owner, store::service svc,
                                    std::string_view other, store::media_set caps) override {
    return choose_ ? choose_(owner, svc, other, caps) : std::nullopt;
  }
  std::shared_ptr<const media::playout_rendition> rendition(const std::string& id,
                                                            media::g711_law law) override {
    return rendition_ ? rendition_(id, law) : nullptr;
  }
  std::string download_url(const std::string& id) override { return url_ ? url_(id) : id; }

private:
  choose_fn choose_;
  rendition_fn rendition_;
  url_fn url_;
};

}  // namespace cmr::sip::as
