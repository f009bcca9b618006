#include "mgmt/mgmt_config_node.h"

#include <string>

namespace cmr::mgmt {
namespace {

constexpr config::keyword<role> token_roles[] = {
    {"portal", role_portal}, {"application", role_application}, {"provider", role_provider}};

// The MediaType families of "content-limit", in the order they are written.
enum class family { audio, video, image, text, vcard };
constexpr config::keyword<family> families[] = {{"audio", family::audio},
                                                {"video", family::video},
                                                {"image", family::image},
                                                {"text", family::text},
                                                {"vcard", family::vcard}};

std::size_t& limit_of(media::content_limits& l, family f) {
  switch (f) {
    case family::audio:
      return l.audio;
    case family::video:
      return l.video;
    case family::image:
      return l.image;
    case family::text:
      return l.text;
    case family::vcard:
      break;
  }
  return l.vcard;
}

config::outcome set_token(http_options& h, std::string_view secret, std::string_view role_word,
                          std::string_view provider) {
  if (secret.size() < 8) return config::refuse("token shorter than 8 characters");
  if (secret.size() > 256) return config::refuse("token longer than 256 characters");
  if (provider.size() > 64) return config::refuse("provider id longer than 64 characters");
  const auto who = config::parse_keyword(token_roles, role_word);
  if (!who) return config::refuse("token: unknown role " + std::string(role_word));
  std::erase_if(h.tokens, [&](const access_token& t) { return t.secret == secret; });
  h.tokens.push_back({std::string(secret), *who, std::string(provider)});
  return ok;
}

#define TOKEN_DOC                                                       \
  "Bearer token for the portal, a content provider or an application\n" \
  "The secret (Authorization: Bearer SECRET)\nRole of the token\n"

void write(config::writer& w, const mgmt_settings& c) {
  const http_options& h = c.http;
  w.line("mgmt");
  w.line(" bind ", h.address, " ", h.port);
  w.line(" max-body-size ", h.max_body);
  w.line(" max-header-size ", h.max_header);
  w.line(" read-timeout ", h.read_timeout_s);
  w.line(" header-timeout ", h.header_timeout_s);
  w.line(" max-connections ", h.max_connections);
  w.line(" max-connections-per-address ", h.max_connections_per_address);
  w.line(" session-lifetime ", h.handlers.session_lifetime_s);
  w.line(" password-iterations ", h.handlers.password_iterations);
  w.line(" write-batch ", c.dispatch.writer.max_batch);
  w.line(" write-queue ", c.dispatch.writer.max_queue);
  w.line(" readers ", c.dispatch.readers);
  w.line(" upload-workers ", h.upload_workers);
  w.line(" content-directory ", c.content.root);
  media::content_limits limits = c.content.limits;
  for (const auto& f : families) w.line(" content-limit ", f.word, " ", limit_of(limits, f.value));
  w.line(" content-max-audio-seconds ", c.content.limits.max_audio_seconds);
  if (!c.download_secret.empty()) w.line(" download-secret ", c.download_secret);
  for (const auto& t : h.tokens) {
    if (t.who == role_provider)
      w.line(" token ", t.secret, " role provider ", t.provider_id);
    else
      w.line(" token ", t.secret, " role ", config::keyword_of(token_roles, t.who));
  }
  w.line(" metrics ", h.metrics ? "on" : "off");
  if (!h.metrics_token.empty()) w.line(" metrics token ", h.metrics_token);
  w.line("!");
}

}  // namespace

config::node mgmt_config_node(mgmt_settings& c) {
  config::node n{"mgmt", "Configure the management HTTP interfaces (CMR-1/5/6/7)\n", "mgmt"};
  http_options& h = c.http;
  n.commands = {
      config::bind("Listen address of the management HTTP server\nIPv4 address\n"
                   "TCP port (0: any free port, logged)\n",
                   h.address, h.port),
      config::assign("max-body-size <1024-104857600>",
                     "Largest request body accepted (HTTP 413 beyond)\nBytes\n", h.max_body),
      config::assign("max-header-size <1024-1048576>",
                     "Largest request header block accepted (HTTP 431 beyond)\nBytes\n",
                     h.max_header),
      config::assign("read-timeout <1-3600>",
                     "Time a whole request may take from its start before the connection is "
                     "closed\nSeconds\n",
                     h.read_timeout_s),
      config::assign("header-timeout <1-3600>",
                     "Time the request line and headers may take from the start of the request "
                     "(keep-alive wait included)\nSeconds (at most read-timeout)\n",
                     h.header_timeout_s),
      config::assign("max-connections <1-100000>",
                     "Concurrent connections (HTTP 503 beyond)\nConnections\n", h.max_connections),
      config::assign("max-connections-per-address <1-100000>",
                     "Concurrent connections from one source address (HTTP 503 beyond)\n"
                     "Connections\n",
                     h.max_connections_per_address),
      config::assign("session-lifetime <60-604800>", "Lifetime of a Login SessionKey\nSeconds\n",
                     h.handlers.session_lifetime_s),
      config::assign("password-iterations <1000-10000000>",
                     "PBKDF2-HMAC-SHA256 iterations for newly set passwords\nIterations\n",
                     h.handlers.password_iterations),
      config::assign("write-batch <1-10000>",
                     "Write requests committed together in one transaction (one fsync) by the "
                     "writer\nRequests\n",
                     c.dispatch.writer.max_batch),
      config::assign("write-queue <1-1000000>",
                     "Write requests waiting for the writer (HTTP 503, StatusCode 99999 beyond)\n"
                     "Requests\n",
                     c.dispatch.writer.max_queue),
      config::assign("readers <1-64>",
                     "Reader connections for authentication and read-only operations\n"
                     "Connections\n",
                     c.dispatch.readers),
      config::assign("upload-workers <1-16>",
                     "Threads decoding and storing content uploads (off the io threads)\nThreads\n",
                     h.upload_workers),
      config::assign("content-directory PATH",
                     "Where uploaded content and playout renditions are kept\n"
                     "Directory (created when missing)\n",
                     c.content.root),
      {"content-limit (audio|video|image|text|vcard) <1-1073741824>",
       "Largest content upload of a MediaType (HTTP 413 beyond)\nAudio\nVideo\nImage\nText\n"
       "vCard\nBytes\n",
       [&c](config::args a) -> config::outcome {
         const auto f = config::parse_keyword(families, a[0]);
         if (!f) return config::refuse("content-limit: audio, video, image, text or vcard");
         limit_of(c.content.limits, *f) = config::number<std::size_t>(a[1]);
         return ok;
       }},
      config::assign("content-max-audio-seconds <1-86400>",
                     "Longest audio content accepted (HTTP 413 beyond; bounds the decoded size)\n"
                     "Seconds\n",
                     c.content.limits.max_audio_seconds),
      {"download-secret SECRET",
       "HMAC-SHA256 key of the signed download URLs\nAt least 16 characters\n",
       [&c](config::args a) -> config::outcome {
         if (a[0].size() < 16) return config::refuse("download secret shorter than 16 characters");
         c.download_secret = a[0];
         return ok;
       }},
      {"token TOKEN role (portal|application)",
       TOKEN_DOC
       "Portal: every operation for any subscriber\nEnabled application: CMR-7 updates only\n",
       [&h](config::args a) { return set_token(h, a[0], a[1], ""); }},
      {"token TOKEN role provider PROVIDER_ID",
       TOKEN_DOC "Content provider: only resources with its ProviderId\nThe ProviderId\n",
       [&h](config::args a) { return set_token(h, a[0], "provider", a[1]); }},
      {"metrics (on|off)",
       "GET /metrics (Prometheus text format) on this port\nServe it\nAnswer 404\n",
       [&h](config::args a) -> config::outcome {
         h.metrics = a[0] == "on";
         return ok;
       }},
      {"metrics token TOKEN",
       "GET /metrics (Prometheus text format) on this port\n"
       "Require a bearer token for it (Authorization: Bearer TOKEN)\nThe token\n",
       [&h](config::args a) -> config::outcome {
         if (a[0].size() < 8) return config::refuse("metrics token shorter than 8 characters");
         if (a[0].size() > 256) return config::refuse("metrics token longer than 256 characters");
         h.metrics_token = a[0];
         return ok;
       }},
      {"no metrics token", config::no_doc("GET /metrics\nServe it without a token\n"),
       [&h](config::args) -> config::outcome {
         h.metrics_token.clear();
         return ok;
       }},
      {"no token TOKEN", config::no_doc("Bearer token\nThe secret\n"),
       [&h](config::args a) -> config::outcome {
         std::erase_if(h.tokens, [&](const access_token& t) { return t.secret == a[0]; });
         return ok;
       }},
  };
  n.write = [&c](config::writer& w) { write(w, c); };
  return n;
}

}  // namespace cmr::mgmt
