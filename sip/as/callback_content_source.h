// content_source over two functions the composition root supplies (the
// rendition loader, the URL signer), so sip/ needs no knowledge of how the
// store is opened or shared between threads.
#pragma once

#include <functional>

#include "sip/as/content_source.h"

namespace cmr::sip::as {

class callback_content_source final : public content_source {
public:
  using rendition_fn = std::function<std::shared_ptr<const media::playout_rendition>(
      const std::string& id, media::g711_law law)>;
  using url_fn = std::function<std::string(const std::string& id)>;

  callback_content_source(rendition_fn rendition, url_fn url)
      : rendition_(std::move(rendition)), url_(std::move(url)) {}

  std::shared_ptr<const media::playout_rendition> rendition(const std::string& id,
                                                            media::g711_law law) override {
    return rendition_ ? rendition_(id, law) : nullptr;
  }
  std::string download_url(const std::string& id) override { return url_ ? url_(id) : id; }

private:
  rendition_fn rendition_;
  url_fn url_;
};

}  // namespace cmr::sip::as
