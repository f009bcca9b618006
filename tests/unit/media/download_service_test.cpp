// HTTP-mode downloads: status codes, headers and bytes served for signed URLs.
#include "media/download_service.h"

#include <gtest/gtest.h>

#include <boost/beast/core/buffers_range.hpp>
#include <boost/beast/http/empty_body.hpp>
#include <boost/beast/http/serializer.hpp>

#include "media/content_service.h"
#include "media_test_util.h"
#include "common/clock.h"

namespace cmr::media {
namespace {

namespace http = boost::beast::http;
using namespace testing;

class DownloadServiceTest : public ::testing::Test {
protected:
  void SetUp() override {
    store_ = open_store(dir_.file("cmr.db"));
    ASSERT_TRUE(store_);
    for (const auto& r : {make_resource("a1", store::media_type::audio, "audio/wav"),
                          make_resource("v1", store::media_type::video, "video/mp4"),
                          make_resource("t1", store::media_type::text, "text/plain"),
                          make_resource("empty", store::media_type::audio, "audio/wav")})
      ASSERT_TRUE(store_->resources().create(r));
    content_config cfg;
    cfg.root = dir_.file("content");
    content_ = std::make_unique<content_service>(*store_, cfg);
    audio_ = wav_pcm16(0.25);
    ASSERT_TRUE(content_->put_content("a1", "audio/wav", audio_));
    ASSERT_TRUE(
        content_->put_content("v1", "video/mp4; codecs=\"avc1.42E01E, mp4a.40.2\"", mp4_stub()));
    text_.resize(100000);
    for (std::size_t i = 0; i < text_.size(); ++i)
      text_[i] = static_cast<std::uint8_t>('a' + i % 26);
    ASSERT_TRUE(content_->put_content("t1", "text/plain", text_));
    downloads_ = std::make_unique<download_service>(*store_, signer_, clock_);
  }

  std::string target(const std::string& id, std::int64_t expires = 2000) {
    const std::string base = "http://127.0.0.1:8080/cmr/1/content";
    const auto url = signer_.make_url(base, id, at(expires));
    return url.substr(std::string("http://127.0.0.1:8080").size());
  }

  download_service::response get(
      const std::string& tgt, http::verb verb = http::verb::get,
      std::initializer_list<std::pair<http::field, std::string>> headers = {}) {
    http::request<http::empty_body> req{verb, tgt, 11};
    for (const auto& [f, v] : headers) req.set(f, v);
    return downloads_->handle(req);
  }

  // The body as the serializer writes it (exercises content_body's writer).
  static bytes body_of(download_service::response& res) {
    http::serializer<false, content_body> sr{res};
    sr.split(true);
    bytes out;
    boost::beast::error_code ec;
    while (!sr.is_done() && !ec) {
      sr.next(ec, [&](boost::beast::error_code& e, const auto& buffers) {
        e = {};
        std::size_t n = 0;
        for (const auto b : boost::beast::buffers_range_ref(buffers)) {
          const auto* p = static_cast<const std::uint8_t*>(b.data());
          if (sr.is_header_done()) out.insert(out.end(), p, p + b.size());
          n += b.size();
        }
        sr.consume(n);
      });
    }
    EXPECT_FALSE(ec) << ec.message();
    return out;
  }

  static std::string header(const download_service::response& res, http::field f) {
    const auto v = res[f];
    return {v.data(), v.size()};
  }

  std::string etag(const std::string& id) {
    return "\"" + store_->contents().get(id, "original")->sha256 + "\"";
  }

  temp_dir dir_;
  std::unique_ptr<store::store> store_;
  std::unique_ptr<content_service> content_;
  url_signer signer_{"test-secret"};
  manual_clock clock_{at(1000)};
  std::unique_ptr<download_service> downloads_;
  bytes audio_;
  bytes text_;
};

TEST_F(DownloadServiceTest, FullGet) {
  auto res = get(target("a1"));
  EXPECT_EQ(res.result(), http::status::ok);
  EXPECT_EQ(header(res, http::field::content_type), "audio/wav");
  EXPECT_EQ(header(res, http::field::etag), etag("a1"));
  EXPECT_EQ(header(res, http::field::accept_ranges), "bytes");
  EXPECT_EQ(header(res, http::field::content_length), std::to_string(audio_.size()));
  EXPECT_FALSE(header(res, http::field::last_modified).empty());
  EXPECT_TRUE(res.keep_alive());
  EXPECT_EQ(body_of(res), audio_);
}

TEST_F(DownloadServiceTest, ContentTypeCarriesCodecs) {
  auto res = get(target("v1"));
  EXPECT_EQ(res.result(), http::status::ok);
  EXPECT_EQ(header(res, http::field::content_type), "video/mp4; codecs=\"avc1.42E01E, mp4a.40.2\"");
  EXPECT_EQ(body_of(res), mp4_stub());
}

TEST_F(DownloadServiceTest, HeadHasHeadersNoBody) {
  auto res = get(target("a1"), http::verb::head);
  EXPECT_EQ(res.result(), http::status::ok);
  EXPECT_EQ(header(res, http::field::content_length), std::to_string(audio_.size()));
  EXPECT_EQ(header(res, http::field::etag), etag("a1"));
  EXPECT_EQ(res.body().size(), 0U);
}

TEST_F(DownloadServiceTest, SingleRanges) {
  const auto size = text_.size();
  struct range_case {
    std::string header;
    std::size_t first;
    std::size_t last;
  };
  const range_case cases[] = {
      {"bytes=0-9", 0, 9},
      {"bytes=99990-", 99990, size - 1},
      {"bytes=-7", size - 7, size - 1},
      {"bytes=20000-60000", 20000, 60000},  // spans several 16 KiB reads
      {"bytes=5-999999", 5, size - 1},      // clamped to the end
      {"bytes=-200000", 0, size - 1},       // suffix longer than the content
      {"bytes=0-0,", 0, 0},                 // empty list elements are allowed
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.header);
    auto res = get(target("t1"), http::verb::get, {{http::field::range, c.header}});
    ASSERT_EQ(res.result(), http::status::partial_content);
    EXPECT_EQ(header(res, http::field::content_range), "bytes " + std::to_string(c.first) + "-" +
                                                           std::to_string(c.last) + "/" +
                                                           std::to_string(size));
    EXPECT_EQ(header(res, http::field::content_length), std::to_string(c.last - c.first + 1));
    EXPECT_EQ(header(res, http::field::content_type), "text/plain; charset=utf-8");
    const bytes expected(text_.begin() + static_cast<std::ptrdiff_t>(c.first),
                         text_.begin() + static_cast<std::ptrdiff_t>(c.last + 1));
    EXPECT_EQ(body_of(res), expected);
  }
}

TEST_F(DownloadServiceTest, UnsatisfiableRange) {
  for (const std::string r : {"bytes=100000-", "bytes=-0", "bytes=200000-300000"}) {
    SCOPED_TRACE(r);
    auto res = get(target("t1"), http::verb::get, {{http::field::range, r}});
    EXPECT_EQ(res.result(), http::status::range_not_satisfiable);
    EXPECT_EQ(header(res, http::field::content_range), "bytes */100000");
  }
}

TEST_F(DownloadServiceTest, MultipleOrMalformedRangesServeWholeContent) {
  for (const std::string r : {"bytes=0-1,5-6", "bytes=5-1", "bytes=x-", "items=0-1", "bytes 0-1"}) {
    SCOPED_TRACE(r);
    auto res = get(target("t1"), http::verb::get, {{http::field::range, r}});
    EXPECT_EQ(res.result(), http::status::ok);
    EXPECT_EQ(body_of(res).size(), text_.size());
  }
  // If-Range naming another version: the whole (current) content.
  auto res = get(target("t1"), http::verb::get,
                 {{http::field::range, "bytes=0-1"}, {http::field::if_range, "\"old\""}});
  EXPECT_EQ(res.result(), http::status::ok);
  auto same = get(target("t1"), http::verb::get,
                  {{http::field::range, "bytes=0-1"}, {http::field::if_range, etag("t1")}});
  EXPECT_EQ(same.result(), http::status::partial_content);
}

TEST_F(DownloadServiceTest, ConditionalGet) {
  for (const auto& inm :
       {etag("a1"), "W/" + etag("a1"), std::string("\"x\", ") + etag("a1"), std::string("*")}) {
    SCOPED_TRACE(inm);
    auto res = get(target("a1"), http::verb::get, {{http::field::if_none_match, inm}});
    EXPECT_EQ(res.result(), http::status::not_modified);
    EXPECT_EQ(header(res, http::field::etag), etag("a1"));
    EXPECT_TRUE(body_of(res).empty());
  }
  auto res = get(target("a1"), http::verb::get, {{http::field::if_none_match, "\"other\""}});
  EXPECT_EQ(res.result(), http::status::ok);
}

TEST_F(DownloadServiceTest, Forbidden) {
  const auto good = target("a1");
  const auto q = good.find('?');
  std::string tampered = good;
  tampered.back() = tampered.back() == '0' ? '1' : '0';
  const std::string cases[] = {
      good.substr(0, q),                     // no query
      good.substr(0, good.find("&sig=")),    // no signature
      tampered,                              // bad signature
      "/cmr/1/content/v1" + good.substr(q),  // signed for another resource
      "/cmr/1/content/a1?exp=999999&" + good.substr(good.find("sig=")),  // extended
  };
  for (const auto& t : cases) {
    SCOPED_TRACE(t);
    EXPECT_EQ(get(t).result(), http::status::forbidden);
  }
}

TEST_F(DownloadServiceTest, Gone) {
  clock_.set(at(2000));
  EXPECT_EQ(get(target("a1")).result(), http::status::gone);  // URL expired
  clock_.set(at(1000));
  auto r = *store_->resources().get("a1");
  r.expires_at = at(900);
  ASSERT_TRUE(store_->resources().update(r));
  EXPECT_EQ(get(target("a1")).result(), http::status::gone);  // resource expired
}

TEST_F(DownloadServiceTest, NotFound) {
  EXPECT_EQ(get(target("nope")).result(), http::status::not_found);   // unknown resource
  EXPECT_EQ(get(target("empty")).result(), http::status::not_found);  // no content yet
  auto r = *store_->resources().get("a1");
  r.status = store::resource_status::inactive;
  ASSERT_TRUE(store_->resources().update(r));
  EXPECT_EQ(get(target("a1")).result(), http::status::not_found);
  EXPECT_FALSE(downloads_->matches("/cmr/1/resources/a1/content"));
  EXPECT_TRUE(downloads_->matches("/cmr/1/content/a1?exp=1&sig=2"));
}

TEST_F(DownloadServiceTest, OtherMethodsAndKeepAlive) {
  auto res = get(target("a1"), http::verb::post);
  EXPECT_EQ(res.result(), http::status::method_not_allowed);
  EXPECT_EQ(header(res, http::field::allow), "GET, HEAD");
  auto closing = get(target("a1"), http::verb::get, {{http::field::connection, "close"}});
  EXPECT_FALSE(closing.keep_alive());
}

}  // namespace
}  // namespace cmr::media
