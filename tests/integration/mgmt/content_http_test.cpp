// Content over HTTP against the real cmr-server: PUT /cmr/1/resources/<id>/content
// (WAV, G.711 WAV, FLAC and Ogg Vorbis/Opus audio with its playout renditions,
// Format checks, size limits from the .cfg, X-CMR-TransactionId, roles) and
// the signed downloads a ResourceManagement Query hands out as ContentURL
// (200, ETag, Range 206, If-None-Match 304, HEAD, 403/404/410, Content-Type
// with its codecs parameter).
#include <gtest/gtest.h>

#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/write.hpp>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <filesystem>
#include <numbers>
#include <string>

#include "media/content_service.h"
#include "media/signed_url.h"
#include "mgmt/json_codec.h"
#include "mgmt/xml_codec.h"
#include "tests/integration/mgmt/mgmt_harness.h"
#include "tests/unit/media/media_test_util.h"  // make_audio (libsndfile)

namespace cmr::test {
namespace {

constexpr const char* k_secret = "content-http-test-secret-0123456789";

void put_le(std::string& out, std::uint32_t v, int bytes) {
  for (int i = 0; i < bytes; ++i) out.push_back(static_cast<char>((v >> (8 * i)) & 0xFFU));
}

// A 16-bit PCM WAV: a 440 Hz tone.
std::string wav_pcm16(std::uint32_t rate, std::uint16_t channels, double seconds) {
  const auto frames = static_cast<std::uint32_t>(rate * seconds);
  const std::uint32_t data_size = frames * channels * 2;
  std::string w = "RIFF";
  put_le(w, 36 + data_size, 4);
  w += "WAVEfmt ";
  put_le(w, 16, 4);
  put_le(w, 1, 2);  // PCM
  put_le(w, channels, 2);
  put_le(w, rate, 4);
  put_le(w, rate * channels * 2, 4);
  put_le(w, channels * 2, 2);
  put_le(w, 16, 2);
  w += "data";
  put_le(w, data_size, 4);
  for (std::uint32_t i = 0; i < frames; ++i) {
    const auto s = static_cast<std::int16_t>(8000 * std::sin(2 * std::numbers::pi * 440.0 * i / rate));
    for (std::uint16_t c = 0; c < channels; ++c) put_le(w, static_cast<std::uint16_t>(s), 2);
  }
  return w;
}

// A G.711 WAV (format tag 6 A-law, 7 u-law): 8 kHz, 8-bit samples.
std::string wav_g711(std::uint16_t tag, double seconds) {
  const auto n = static_cast<std::uint32_t>(8000 * seconds);
  std::string w = "RIFF";
  put_le(w, 36 + n, 4);
  w += "WAVEfmt ";
  put_le(w, 16, 4);
  put_le(w, tag, 2);
  put_le(w, 1, 2);
  put_le(w, 8000, 4);
  put_le(w, 8000, 4);
  put_le(w, 1, 2);
  put_le(w, 8, 2);
  w += "data";
  put_le(w, n, 4);
  for (std::uint32_t i = 0; i < n; ++i) w.push_back(static_cast<char>(i % 2 == 0 ? 0x55 : 0xD5));
  return w;
}

std::string png_bytes() {
  std::string p("\x89PNG\r\n\x1a\n", 8);
  p += std::string("\0\0\0\rIHDR\0\0\0\1\0\0\0\1\x08\x02\0\0\0\x90wS\xde", 25);
  return p;
}

struct upload_reply {
  http_reply http;
  mgmt::element msg;
  int code = -1;
};

class content_http : public ::testing::Test {
protected:
  // `extra`: more lines for the mgmt node ("\n content-limit ...").
  explicit content_http(const std::string& extra = "") : srv(std::string(" download-secret ") + k_secret + extra) {}

  // transaction_id: sent as X-CMR-TransactionId when not empty.
  upload_reply put(const std::string& id, const std::string& type, const std::string& body,
                   const std::string& token = "demo-portal", bool json = false,
                   const std::string& transaction_id = "") {
    std::vector<std::pair<std::string, std::string>> h;
    if (!transaction_id.empty()) h.emplace_back("X-CMR-TransactionId", transaction_id);
    if (!token.empty()) h.emplace_back("Authorization", "Bearer " + token);
    if (json) h.emplace_back("Accept", "application/json");
    upload_reply r;
    r.http = srv.client().send("PUT", "/cmr/1/resources/" + id + "/content", type, body, h);
    if (r.http.content_type.find("xml") != std::string::npos) {
      const std::string why = xsd_check("ContentUpload", r.http.body);
      EXPECT_EQ(why, "") << r.http.body;
      auto d = mgmt::decode_xml(r.http.body, "ContentUploadResponse");
      EXPECT_TRUE(d) << r.http.body;
      if (d) r.msg = std::move(*d);
    } else if (r.http.content_type.find("json") != std::string::npos) {
      auto d = mgmt::decode_json(r.http.body, "ContentUploadResponse");
      EXPECT_TRUE(d) << r.http.body;
      if (d) r.msg = std::move(*d);
    }
    if (r.msg.has("StatusCode")) r.code = std::stoi(std::string(r.msg.value("StatusCode")));
    return r;
  }

  void create(const std::string& id, const std::string& token = "demo-portal") {
    auto r = srv.call(wire_format::xml, "ResourceManagement",
                      message({{"OperationType", "2"}, {"ResourceId", id}, {"Name", id}, {"MediaType", "Audio"},
                               {"Format", "audio/wav"}}),
                      token);
    ASSERT_EQ(r.code, 0) << r.http.body;
  }

  // ResourceInfo/ContentURL from a Query ("" when absent).
  std::string content_url(const std::string& id, wire_format fmt = wire_format::xml) {
    auto q = srv.call(fmt, "ResourceManagement", message({{"OperationType", "1"}, {"ResourceId", id}}));
    EXPECT_EQ(q.code, 0) << q.http.body;
    const mgmt::element* info = q.msg.child("ResourceInfo");
    return info == nullptr ? "" : std::string(info->value("ContentURL"));
  }

  http_reply get(const std::string& target, std::vector<std::pair<std::string, std::string>> h = {},
                 const std::string& method = "GET") {
    return srv.client().send(method, target, "", "", h);
  }

  static std::string signed_target(const std::string& id, std::chrono::seconds from_now) {
    const media::url_signer signer(k_secret);
    const auto exp =
        std::chrono::time_point_cast<std::chrono::seconds>(std::chrono::system_clock::now() + from_now);
    return signer.make_url("/cmr/1/content/", id, exp);
  }

  mgmt_server srv;
};

TEST_F(content_http, wav_upload_playout_and_signed_download) {
  create("up-1");
  EXPECT_EQ(content_url("up-1"), "");  // nothing uploaded yet

  const std::string wav = wav_pcm16(44100, 1, 1.0);
  auto up = put("up-1", "audio/wav", wav);
  ASSERT_EQ(up.http.status, 200u);
  ASSERT_EQ(up.code, 0) << up.http.body;
  EXPECT_EQ(up.msg.value("ResourceId"), "up-1");
  EXPECT_EQ(up.msg.value("Size"), std::to_string(wav.size()));
  EXPECT_EQ(up.msg.value("Sha256").size(), 64u);
  EXPECT_EQ(up.msg.value("DurationMs"), "1000");
  const std::string content_type(up.msg.value("ContentType"));
  EXPECT_EQ(content_type.rfind("audio/wav", 0), 0u) << content_type;

  // The playout renditions: 8 kHz G.711 A-law and u-law, 50 frames of 160 bytes.
  int renditions = 0;
  for (const auto& e : std::filesystem::recursive_directory_iterator(srv.process().dir() + "/content")) {
    const std::string name = e.path().filename().string();
    if (name.rfind("alaw-", 0) == 0 || name.rfind("ulaw-", 0) == 0) {
      ++renditions;
      EXPECT_EQ(e.file_size(), 8000u) << name;
    }
  }
  EXPECT_EQ(renditions, 2);

  const std::string url = content_url("up-1");
  ASSERT_EQ(url.rfind("/cmr/1/content/up-1?exp=", 0), 0u) << url;
  EXPECT_EQ(content_url("up-1", wire_format::json).rfind("/cmr/1/content/up-1?exp=", 0), 0u);

  auto whole = get(url);
  ASSERT_EQ(whole.status, 200u);
  EXPECT_EQ(whole.content_type, content_type);
  EXPECT_TRUE(whole.body == wav);
  const std::string etag = whole.header("ETag");
  ASSERT_FALSE(etag.empty());

  auto head = get(url, {}, "HEAD");
  EXPECT_EQ(head.status, 200u);
  EXPECT_EQ(head.header("Content-Length"), std::to_string(wav.size()));
  EXPECT_TRUE(head.body.empty());

  auto part = get(url, {{"Range", "bytes=0-99"}});
  ASSERT_EQ(part.status, 206u);
  EXPECT_EQ(part.header("Content-Range"), "bytes 0-99/" + std::to_string(wav.size()));
  EXPECT_TRUE(part.body == wav.substr(0, 100));
  auto tail = get(url, {{"Range", "bytes=-10"}});
  EXPECT_EQ(tail.status, 206u);
  EXPECT_TRUE(tail.body == wav.substr(wav.size() - 10));
  EXPECT_EQ(get(url, {{"Range", "bytes=999999999-"}}).status, 416u);

  EXPECT_EQ(get(url, {{"If-None-Match", etag}}).status, 304u);

  std::string tampered = url;
  tampered.back() = tampered.back() == '0' ? '1' : '0';
  EXPECT_EQ(get(tampered).status, 403u);
  EXPECT_EQ(get("/cmr/1/content/up-1").status, 403u);  // no signature at all
  EXPECT_EQ(get(signed_target("no-such-resource", std::chrono::seconds(300))).status, 404u);
  EXPECT_EQ(get(signed_target("up-1", std::chrono::seconds(-10))).status, 410u);
  EXPECT_EQ(get(signed_target("up-1", std::chrono::seconds(300))).status, 200u);  // the configured secret

  // A Format that does not match the bytes: 10007, the previous content stays.
  auto bad = put("up-1", "audio/wav", png_bytes());
  EXPECT_EQ(bad.http.status, 200u);
  EXPECT_EQ(bad.code, 10007) << bad.http.body;
  auto junk = put("up-1", "audio/wav", "RIFF\x10\0\0\0WAVEjunkjunk");
  EXPECT_EQ(junk.code, 10007) << junk.http.body;
  auto again = get(url);
  EXPECT_EQ(again.status, 200u);
  EXPECT_TRUE(again.body == wav);
  EXPECT_EQ(again.header("ETag"), etag);

  // A new upload replaces the content (new ETag, 8 kHz input).
  const std::string wav8k = wav_pcm16(8000, 2, 0.5);
  auto up2 = put("up-1", "audio/wav", wav8k, "demo-portal", /*json=*/true);
  EXPECT_EQ(up2.http.content_type.find("application/json"), 0u);
  EXPECT_EQ(up2.code, 0) << up2.http.body;
  EXPECT_EQ(up2.msg.value("DurationMs"), "500");
  auto replaced = get(url);
  EXPECT_TRUE(replaced.body == wav8k);
  EXPECT_NE(replaced.header("ETag"), etag);

  // Deleting the resource removes its content: the URL answers 404.
  ASSERT_EQ(srv.call(wire_format::json, "ResourceManagement", message({{"OperationType", "4"}, {"ResourceId", "up-1"}}))
                .code,
            0);
  EXPECT_EQ(get(url).status, 404u);
}

TEST_F(content_http, upload_errors_and_roles) {
  create("cp-a", "provider-secret-a");
  const std::string wav = wav_pcm16(8000, 1, 0.2);

  for (bool json : {false, true}) {
    SCOPED_TRACE(json ? "json" : "xml");
    EXPECT_EQ(put("no-such-resource", "audio/wav", wav, "demo-portal", json).code, 10008);
    // Another provider's resource; the application role; no token at all.
    EXPECT_EQ(put("cp-a", "audio/wav", wav, "provider-secret-b", json).code, 10003);
    EXPECT_EQ(put("cp-a", "audio/wav", wav, "application-secret", json).code, 10003);
    EXPECT_EQ(put("cp-a", "audio/wav", wav, "", json).code, 10003);
    EXPECT_EQ(put("cp-a", "audio/wav", wav, "unknown-token", json).code, 10003);
    EXPECT_EQ(put("cp-a", "image/png", png_bytes(), "provider-secret-a", json).code, 10007);  // Audio resource
    EXPECT_EQ(put("cp-a", "application/x-nonsense", wav, "provider-secret-a", json).code, 10007);
  }
  EXPECT_EQ(content_url("cp-a"), "");  // nothing stored by the refusals
  auto own = put("cp-a", "audio/wav", wav, "provider-secret-a");
  EXPECT_EQ(own.code, 0) << own.http.body;
  EXPECT_NE(content_url("cp-a"), "");

  // GET on the upload route: 405.
  EXPECT_EQ(srv.client().send("GET", "/cmr/1/resources/cp-a/content", "", "", {{"Authorization", "Bearer demo-portal"}}).status,
            405u);
}

// G.711 WAV (A-law, format tag 6; u-law, 7) is decoded too; an image is stored as it is.
// Item: ResourceManagement accepted ids with a space, non-ASCII letters,
// '/' or '?', but the upload route did not percent-decode its path, so such
// a resource could never get content. Both directions: the encoded upload
// URL reaches the resource, and the URL the server hands out gets it back.
TEST_F(content_http, ids_that_need_percent_encoding_get_content_and_download) {
  const std::string wav = wav_pcm16(8000, 1, 0.2);
  struct c {
    std::string id;
    std::string encoded;  // as a client encodes the path segment
  };
  const std::vector<c> cases = {
      {"my song/\xc3\xa4?x", "my%20song%2F%C3%A4%3Fx"},
      {"a b", "a%20b"},
      {"\xc3\x9c"
       "ber",
       "%c3%9cber"},  // lower-case hex digits are the same escape
      {"q?", "q%3F"},
      {"../up", "..%2Fup"},  // a '/' and ".." inside one segment: a name, never a path
      {"100%", "100%25"},
  };
  for (const auto& k : cases) {
    SCOPED_TRACE(k.id);
    create(k.id);
    auto up = put(k.encoded, "audio/wav", wav);
    ASSERT_EQ(up.http.status, 200u) << up.http.body;
    ASSERT_EQ(up.code, 0) << up.http.body;
    EXPECT_EQ(up.msg.value("ResourceId"), k.id);
    const std::string url = content_url(k.id);
    // The server's URL encodes the id as one path segment (upper-case hex).
    EXPECT_EQ(url.rfind("/cmr/1/content/" + media::percent_encode(k.id) + "?exp=", 0), 0u) << url;
    auto got = get(url);
    EXPECT_EQ(got.status, 200u) << url;
    EXPECT_TRUE(got.body == wav);
  }
  // Nothing escaped the content directory.
  EXPECT_FALSE(std::filesystem::exists(srv.process().dir() + "/up"));
  // Malformed escapes are HTTP 400 (on every route), a raw '/' splits the id.
  const std::vector<std::pair<std::string, std::string>> auth = {
      {"Authorization", "Bearer demo-portal"}};
  for (const std::string target : {"/cmr/1/resources/%G1/content", "/cmr/1/resources/a%4/content",
                                   "/cmr/1/resources/a%/content", "/cmr/1/resources/%00/content",
                                   "/cmr/1/Get%ResourceList", "/cmr/1/content/%zz?exp=1&sig=2"})
    EXPECT_EQ(srv.client()
                  .send(target.find("resources") != std::string::npos ? "PUT" : "GET", target,
                        "audio/wav", wav, auth)
                  .status,
              400u)
        << target;
  EXPECT_EQ(srv.client()
                .send("PUT", "/cmr/1/resources/my song/\xc3\xa4?x/content", "audio/wav", wav, auth)
                .status,
            400u);
  EXPECT_EQ(
      srv.client()
          .send("PUT", "/cmr/1/resources/my%20song/%C3%A4%3Fx/content", "audio/wav", wav, auth)
          .status,
      404u);
  // An escaped operation name is the operation.
  auto op = srv.client().send("POST", "/cmr/1/%47etResourceList", "application/json",
                              R"({"SubscriberId":"491700000001","ResourceListId":"000000"})", auth);
  EXPECT_EQ(op.status, 200u);
  EXPECT_NE(op.body.find("\"StatusCode\": 0"), std::string::npos) << op.body;
}

TEST_F(content_http, g711_wav_and_image_as_uploaded) {
  for (const auto& [tag, id] : {std::pair<std::uint16_t, std::string>{6, "alaw-wav"}, {7, "ulaw-wav"}}) {
    create(id);
    auto r = put(id, "audio/wav", wav_g711(tag, 1.0));
    EXPECT_EQ(r.code, 0) << id << ": " << r.http.body;
    EXPECT_EQ(r.msg.value("DurationMs"), "1000") << id;
  }
  auto img = srv.call(wire_format::json, "ResourceManagement",
                      message({{"OperationType", "2"}, {"ResourceId", "pic"}, {"Name", "pic"}, {"MediaType", "Image"},
                               {"Format", "image/png"}}));
  ASSERT_EQ(img.code, 0);
  const std::string png = png_bytes();
  auto up = put("pic", "image/png", png);
  ASSERT_EQ(up.code, 0) << up.http.body;
  auto got = get(content_url("pic"));
  EXPECT_EQ(got.status, 200u);
  EXPECT_EQ(got.content_type, "image/png");
  EXPECT_TRUE(got.body == png);
}

// Over the audio limit (20 MiB): refused from Content-Length with 413, before
// the body is read (so the client need not send it).
TEST_F(content_http, upload_over_the_size_limit_is_413) {
  create("big");
  namespace net = boost::asio;
  net::io_context io;
  net::ip::tcp::socket s(io);
  s.connect({net::ip::make_address("127.0.0.1"), srv.port()});
  const std::string head =
      "PUT /cmr/1/resources/big/content HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer demo-portal\r\n"
      "Content-Type: audio/wav\r\nX-CMR-TransactionId: big-1\r\nContent-Length: 31457280\r\n\r\n";
  net::write(s, net::buffer(head));
  std::string got;
  char buf[4096];
  boost::system::error_code ec;
  while (got.find("</ContentUploadResponse>") == std::string::npos) {
    const std::size_t n = s.read_some(net::buffer(buf), ec);
    if (ec) break;
    got.append(buf, n);
  }
  EXPECT_EQ(got.rfind("HTTP/1.1 413", 0), 0u) << got;
  // Refused before the body, answered as an upload is: the TransactionId echoed.
  EXPECT_NE(got.find("<TransactionId>big-1</TransactionId>"), std::string::npos) << got;
  EXPECT_NE(got.find("<StatusCode>10007</StatusCode>"), std::string::npos) << got;
  EXPECT_EQ(content_url("big"), "");

  // Also with a body actually sent that is just over the image limit (10 MiB).
  auto img = srv.call(wire_format::xml, "ResourceManagement",
                      message({{"OperationType", "2"}, {"ResourceId", "pic"}, {"Name", "pic"}, {"MediaType", "Image"},
                               {"Format", "image/png"}}));
  ASSERT_EQ(img.code, 0);
  std::string big = png_bytes();
  big.resize((10U << 20U) + 1, '\0');
  http_client c(srv.port());
  auto r = c.send("PUT", "/cmr/1/resources/pic/content", "image/png", big, {{"Authorization", "Bearer demo-portal"}});
  EXPECT_TRUE(r.status == 413u || r.closed) << r.status;
  EXPECT_EQ(content_url("pic"), "");
}

// X-CMR-TransactionId: echoed as TransactionId, guarded per principal like
// the CMR operations' (a repeated id is 10011 and applies nothing).
TEST_F(content_http, upload_transaction_id_echoed_and_guarded) {
  create("tx-1");
  create("tx-cp", "provider-secret-a");
  const std::string first = wav_pcm16(8000, 1, 0.3);
  const std::string second = wav_pcm16(8000, 1, 0.5);

  for (bool json : {false, true}) {  // the echo in both encodings
    SCOPED_TRACE(json ? "json" : "xml");
    const std::string tid = json ? "up-json" : "up-xml";
    auto up = put("tx-1", "audio/wav", first, "demo-portal", json, tid);
    ASSERT_EQ(up.code, 0) << up.http.body;
    EXPECT_EQ(up.msg.value("TransactionId"), tid);
    EXPECT_EQ(up.msg.value("DurationMs"), "300");
  }
  const std::string url = content_url("tx-1");
  auto before = get(url);
  ASSERT_EQ(before.status, 200u);
  ASSERT_TRUE(before.body == first);
  const std::string etag = before.header("ETag");

  // The same id again (other bytes, then the same bytes): 10011, nothing replaced.
  for (bool json : {false, true}) {
    SCOPED_TRACE(json ? "json" : "xml");
    auto again = put("tx-1", "audio/wav", second, "demo-portal", json, "up-xml");
    EXPECT_EQ(again.http.status, 200u);
    EXPECT_EQ(again.code, 10011) << again.http.body;
    EXPECT_EQ(again.msg.value("TransactionId"), "up-xml");
    EXPECT_EQ(put("tx-1", "audio/wav", first, "demo-portal", json, "up-json").code, 10011);
  }
  auto after = get(url);
  EXPECT_TRUE(after.body == first);
  EXPECT_EQ(after.header("ETag"), etag);

  // Per principal: the provider may use the portal's id on its own resource.
  auto cp = put("tx-cp", "audio/wav", second, "provider-secret-a", false, "up-xml");
  EXPECT_EQ(cp.code, 0) << cp.http.body;
  EXPECT_EQ(put("tx-cp", "audio/wav", first, "provider-secret-a", false, "up-xml").code, 10011);

  // One namespace per principal with the CMR operations' TransactionIds.
  auto rm = srv.call(wire_format::xml, "ResourceManagement",
                     message({{"TransactionId", "up-xml"}, {"OperationType", "3"}, {"ResourceId", "tx-1"}, {"Name", "renamed"}}));
  EXPECT_EQ(rm.code, 10011) << rm.http.body;

  // A refused upload records nothing: the retry with the same id applies.
  EXPECT_EQ(put("tx-1", "audio/wav", png_bytes(), "demo-portal", false, "retry-1").code, 10007);
  auto retried = put("tx-1", "audio/wav", second, "demo-portal", false, "retry-1");
  EXPECT_EQ(retried.code, 0) << retried.http.body;
  EXPECT_TRUE(get(url).body == second);

  // Over 64 characters: 10007, not echoed, nothing applied.
  auto long_id = put("tx-1", "audio/wav", first, "demo-portal", false, std::string(65, 'x'));
  EXPECT_EQ(long_id.code, 10007) << long_id.http.body;
  EXPECT_FALSE(long_id.msg.has("TransactionId"));
  EXPECT_TRUE(get(url).body == second);
  // Without the header: no TransactionId in the answer, no guard.
  auto plain = put("tx-1", "audio/wav", first);
  EXPECT_EQ(plain.code, 0);
  EXPECT_FALSE(plain.msg.has("TransactionId"));
}

// FLAC and Ogg (Vorbis, Opus) written by libsndfile: decoded to playout
// renditions, and the download carries the Format as uploaded, an RFC 4281
// codecs parameter included (a quoted token comes back unquoted).
TEST_F(content_http, flac_and_ogg_uploads_served_with_codecs_parameter) {
  struct audio_case {
    std::string id;
    std::string declared;
    std::string served;
    int sf_format;
    int rate;
    int channels;
  };
  const audio_case cases[] = {
      {"flac-1", "audio/flac", "audio/flac", SF_FORMAT_FLAC | SF_FORMAT_PCM_16, 44100, 2},
      {"vorbis-1", "audio/ogg; codecs=vorbis", "audio/ogg; codecs=vorbis", SF_FORMAT_OGG | SF_FORMAT_VORBIS, 44100, 2},
      {"vorbis-2", "audio/ogg; codecs=\"vorbis\"", "audio/ogg; codecs=vorbis", SF_FORMAT_OGG | SF_FORMAT_VORBIS, 22050,
       1},
      {"opus-1", "audio/ogg; codecs=opus", "audio/ogg; codecs=opus", SF_FORMAT_OGG | SF_FORMAT_OPUS, 48000, 1},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.declared);
    create(c.id);
    const auto samples = media::testing::make_audio(c.sf_format, c.rate, c.channels, 0.5);
    ASSERT_FALSE(samples.empty());
    const std::string body(samples.begin(), samples.end());
    auto up = put(c.id, c.declared, body);
    ASSERT_EQ(up.code, 0) << up.http.body;
    EXPECT_EQ(up.msg.value("ContentType"), c.served);
    EXPECT_EQ(up.msg.value("Size"), std::to_string(body.size()));
    // 0.5 s = 25 frames of 20 ms (Vorbis/Opus priming may add one or two).
    const int ms = std::stoi(std::string(up.msg.value("DurationMs")));
    EXPECT_GE(ms, 500);
    EXPECT_LE(ms, 540);

    const std::string url = content_url(c.id);
    ASSERT_FALSE(url.empty());
    auto got = get(url);
    ASSERT_EQ(got.status, 200u);
    EXPECT_EQ(got.content_type, c.served);
    EXPECT_TRUE(got.body == body);
    auto head = get(url, {}, "HEAD");
    EXPECT_EQ(head.content_type, c.served);
    EXPECT_EQ(head.header("Content-Length"), std::to_string(body.size()));
  }
  // The Format must fit the bytes: Ogg declared as FLAC and the other way round.
  const auto ogg = media::testing::make_audio(SF_FORMAT_OGG | SF_FORMAT_VORBIS, 44100, 1, 0.3);
  const auto flac = media::testing::make_audio(SF_FORMAT_FLAC | SF_FORMAT_PCM_16, 44100, 1, 0.3);
  EXPECT_EQ(put("flac-1", "audio/flac", std::string(ogg.begin(), ogg.end())).code, 10007);
  EXPECT_EQ(put("vorbis-1", "audio/ogg; codecs=vorbis", std::string(flac.begin(), flac.end())).code, 10007);
  EXPECT_EQ(get(content_url("vorbis-1")).content_type, "audio/ogg; codecs=vorbis");  // unchanged
}

// Limits lowered in the .cfg (mgmt / content-limit, content-max-audio-seconds):
// uploads the defaults accept are refused with 413; show running-config
// writes the settings back, the others at media::content_limits' defaults.
class content_http_limits : public content_http {
protected:
  content_http_limits() : content_http("\n content-limit audio 20000\n content-max-audio-seconds 1") {}
};

TEST_F(content_http_limits, lowered_limits_give_413_and_are_written_back) {
  create("lim");
  const std::string small = wav_pcm16(8000, 1, 0.2);  // 3244 bytes, 0.2 s
  auto ok = put("lim", "audio/wav", small);
  EXPECT_EQ(ok.code, 0) << ok.http.body;

  // 24044 bytes: over 20000, far under the 20 MiB default. Refused from
  // Content-Length, before the body is read.
  const std::string bigger = wav_pcm16(8000, 1, 1.5);
  ASSERT_GT(bigger.size(), 20000u);
  ASSERT_LT(bigger.size(), media::content_limits{}.audio);
  http_client c(srv.port());
  auto r = c.send("PUT", "/cmr/1/resources/lim/content", "audio/wav", bigger, {{"Authorization", "Bearer demo-portal"}});
  EXPECT_EQ(r.status, 413u) << r.body;

  // 1.5 s of A-law (12044 bytes, under the byte limit): over 1 s of audio.
  auto longer = put("lim", "audio/wav", wav_g711(6, 1.5));
  EXPECT_EQ(longer.http.status, 413u) << longer.http.body;
  EXPECT_EQ(longer.code, 10007) << longer.http.body;
  EXPECT_EQ(put("lim", "audio/wav", wav_g711(6, 1.0)).code, 0);

  // The previous content stays; then the VTY shows the settings.
  EXPECT_NE(content_url("lim"), "");
  vty_client vty(srv.process().vty_port());
  ASSERT_TRUE(vty.connected());
  vty.command("enable");
  const std::string running = vty.command("show running-config");
  const media::content_limits defaults;
  for (const std::string& expected :
       {std::string(" content-limit audio 20000\n"), " content-limit video " + std::to_string(defaults.video) + "\n",
        " content-limit image " + std::to_string(defaults.image) + "\n",
        " content-limit text " + std::to_string(defaults.text) + "\n",
        " content-limit vcard " + std::to_string(defaults.vcard) + "\n", std::string(" content-max-audio-seconds 1\n")})
    EXPECT_NE(running.find(expected), std::string::npos) << expected << " missing in:\n" << running;
}

// The defaults of the .cfg settings are media::content_limits' own.
TEST_F(content_http, content_limit_defaults_in_running_config) {
  vty_client vty(srv.process().vty_port());
  ASSERT_TRUE(vty.connected());
  vty.command("enable");
  const std::string running = vty.command("show running-config");
  const media::content_limits d;
  for (const std::string& expected :
       {" content-limit audio " + std::to_string(d.audio) + "\n", " content-limit video " + std::to_string(d.video) + "\n",
        " content-limit image " + std::to_string(d.image) + "\n", " content-limit text " + std::to_string(d.text) + "\n",
        " content-limit vcard " + std::to_string(d.vcard) + "\n",
        " content-max-audio-seconds " + std::to_string(d.max_audio_seconds) + "\n"})
    EXPECT_NE(running.find(expected), std::string::npos) << expected << " missing in:\n" << running;
}

}  // namespace
}  // namespace cmr::test
