// The "mgmt" config node: the management HTTP server (CMR-1/5/6/7, content
// upload and downloads) and its bearer tokens.
//
//   mgmt
//    bind 127.0.0.1 8080
//    max-body-size 65536
//    max-header-size 8192
//    read-timeout 10
//    header-timeout 5
//    max-connections 256
//    max-connections-per-address 64
//    session-lifetime 1800
//    password-iterations 100000
//    write-batch 128
//    write-queue 4096
//    readers 4
//    upload-workers 1
//    content-directory content
//    content-limit audio 20971520
//    content-limit video 104857600
//    content-limit image 10485760
//    content-limit text 1048576
//    content-limit vcard 1048576
//    content-max-audio-seconds 600
//    download-secret SECRET
//    token demo-portal role portal
//    token SECRET role provider demo-cp
//    token SECRET role application
#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <string_view>

#include "sigtran/vty_node.h"
#include "sigtran/vty_nodes.h"

namespace cmr::sigtran {
namespace {

server_config* g_cfg = nullptr;  // the running configuration; osmo thread only

std::uint32_t to_u32(const char* s) { return static_cast<std::uint32_t>(std::strtoul(s, nullptr, 10)); }

// The configured byte limit of a MediaType family ("audio", ... "vcard"; the
// first letters differ, so an abbreviated keyword works too).
template <typename Config>
auto* content_limit_of(Config& c, std::string_view family) {
  switch (family.empty() ? 'v' : family.front()) {
    case 'a':
      return &c.mgmt_content_limit_audio;
    case 'i':
      return &c.mgmt_content_limit_image;
    case 't':
      return &c.mgmt_content_limit_text;
    default:
      break;
  }
  return family.starts_with("vi") ? &c.mgmt_content_limit_video : &c.mgmt_content_limit_vcard;
}

int write_mgmt(struct vty* vty) {
  const server_config& c = *g_cfg;
  vty_out(vty, "mgmt%s", VTY_NEWLINE);
  vty_out(vty, " bind %s %u%s", c.mgmt_address.c_str(), static_cast<unsigned>(c.mgmt_port), VTY_NEWLINE);
  vty_out(vty, " max-body-size %u%s", c.mgmt_max_body, VTY_NEWLINE);
  vty_out(vty, " max-header-size %u%s", c.mgmt_max_header, VTY_NEWLINE);
  vty_out(vty, " read-timeout %u%s", c.mgmt_read_timeout_s, VTY_NEWLINE);
  vty_out(vty, " header-timeout %u%s", c.mgmt_header_timeout_s, VTY_NEWLINE);
  vty_out(vty, " max-connections %u%s", c.mgmt_max_connections, VTY_NEWLINE);
  vty_out(vty, " max-connections-per-address %u%s", c.mgmt_max_connections_per_address,
          VTY_NEWLINE);
  vty_out(vty, " session-lifetime %u%s", c.mgmt_session_lifetime_s, VTY_NEWLINE);
  vty_out(vty, " password-iterations %u%s", c.mgmt_password_iterations, VTY_NEWLINE);
  vty_out(vty, " write-batch %u%s", c.mgmt_write_batch, VTY_NEWLINE);
  vty_out(vty, " write-queue %u%s", c.mgmt_write_queue, VTY_NEWLINE);
  vty_out(vty, " readers %u%s", c.mgmt_readers, VTY_NEWLINE);
  vty_out(vty, " upload-workers %u%s", c.mgmt_upload_workers, VTY_NEWLINE);
  vty_out(vty, " content-directory %s%s", c.mgmt_content_directory.c_str(), VTY_NEWLINE);
  for (const char* family : {"audio", "video", "image", "text", "vcard"})
    vty_out(vty, " content-limit %s %llu%s", family,
            static_cast<unsigned long long>(*content_limit_of(c, family)), VTY_NEWLINE);
  vty_out(vty, " content-max-audio-seconds %u%s", c.mgmt_content_max_audio_seconds, VTY_NEWLINE);
  if (!c.mgmt_download_secret.empty())
    vty_out(vty, " download-secret %s%s", c.mgmt_download_secret.c_str(), VTY_NEWLINE);
  for (const auto& t : c.mgmt_tokens) {
    if (t.role == "provider")
      vty_out(vty, " token %s role provider %s%s", t.secret.c_str(), t.provider_id.c_str(), VTY_NEWLINE);
    else
      vty_out(vty, " token %s role %s%s", t.secret.c_str(), t.role.c_str(), VTY_NEWLINE);
  }
  vty_out(vty, "!%s", VTY_NEWLINE);
  return CMD_SUCCESS;
}

int cfg_bind(cmd_element*, struct vty*, int, const char* argv[]) {
  g_cfg->mgmt_address = argv[0];
  g_cfg->mgmt_port = static_cast<std::uint16_t>(to_u32(argv[1]));
  return CMD_SUCCESS;
}
int cfg_max_body(cmd_element*, struct vty*, int, const char* argv[]) {
  g_cfg->mgmt_max_body = to_u32(argv[0]);
  return CMD_SUCCESS;
}
int cfg_max_header(cmd_element*, struct vty*, int, const char* argv[]) {
  g_cfg->mgmt_max_header = to_u32(argv[0]);
  return CMD_SUCCESS;
}
int cfg_read_timeout(cmd_element*, struct vty*, int, const char* argv[]) {
  g_cfg->mgmt_read_timeout_s = to_u32(argv[0]);
  return CMD_SUCCESS;
}
int cfg_header_timeout(cmd_element*, struct vty*, int, const char* argv[]) {
  g_cfg->mgmt_header_timeout_s = to_u32(argv[0]);
  return CMD_SUCCESS;
}
int cfg_max_connections(cmd_element*, struct vty*, int, const char* argv[]) {
  g_cfg->mgmt_max_connections = to_u32(argv[0]);
  return CMD_SUCCESS;
}
int cfg_max_connections_per_address(cmd_element*, struct vty*, int, const char* argv[]) {
  g_cfg->mgmt_max_connections_per_address = to_u32(argv[0]);
  return CMD_SUCCESS;
}
int cfg_session_lifetime(cmd_element*, struct vty*, int, const char* argv[]) {
  g_cfg->mgmt_session_lifetime_s = to_u32(argv[0]);
  return CMD_SUCCESS;
}
int cfg_password_iterations(cmd_element*, struct vty*, int, const char* argv[]) {
  g_cfg->mgmt_password_iterations = to_u32(argv[0]);
  return CMD_SUCCESS;
}
int cfg_write_batch(cmd_element*, struct vty*, int, const char* argv[]) {
  g_cfg->mgmt_write_batch = to_u32(argv[0]);
  return CMD_SUCCESS;
}
int cfg_write_queue(cmd_element*, struct vty*, int, const char* argv[]) {
  g_cfg->mgmt_write_queue = to_u32(argv[0]);
  return CMD_SUCCESS;
}
int cfg_readers(cmd_element*, struct vty*, int, const char* argv[]) {
  g_cfg->mgmt_readers = to_u32(argv[0]);
  return CMD_SUCCESS;
}
int cfg_upload_workers(cmd_element*, struct vty*, int, const char* argv[]) {
  g_cfg->mgmt_upload_workers = to_u32(argv[0]);
  return CMD_SUCCESS;
}

int cfg_content_directory(cmd_element*, struct vty*, int, const char* argv[]) {
  g_cfg->mgmt_content_directory = argv[0];
  return CMD_SUCCESS;
}
int cfg_content_limit(cmd_element*, struct vty*, int, const char* argv[]) {
  *content_limit_of(*g_cfg, argv[0]) = std::strtoull(argv[1], nullptr, 10);
  return CMD_SUCCESS;
}
int cfg_content_max_audio_seconds(cmd_element*, struct vty*, int, const char* argv[]) {
  g_cfg->mgmt_content_max_audio_seconds = to_u32(argv[0]);
  return CMD_SUCCESS;
}
int cfg_download_secret(cmd_element*, struct vty* vty, int, const char* argv[]) {
  if (std::strlen(argv[0]) < 16) return vty_reject(vty, "download secret shorter than 16 characters");
  g_cfg->mgmt_download_secret = argv[0];
  return CMD_SUCCESS;
}

int set_token(struct vty* vty, const char* secret, const char* role, const char* provider) {
  if (std::strlen(secret) < 8)
    return vty_reject(vty, "token shorter than 8 characters");
  if (std::strlen(secret) > 256) return vty_reject(vty, "token longer than 256 characters");
  auto& tokens = g_cfg->mgmt_tokens;
  tokens.erase(std::remove_if(tokens.begin(), tokens.end(),
                              [&](const mgmt_token& t) { return t.secret == secret; }),
               tokens.end());
  tokens.push_back({secret, role, provider});
  return CMD_SUCCESS;
}

int cfg_token(cmd_element*, struct vty* vty, int, const char* argv[]) {
  return set_token(vty, argv[0], argv[1], "");
}
int cfg_token_provider(cmd_element*, struct vty* vty, int, const char* argv[]) {
  if (std::strlen(argv[1]) > 64) return vty_reject(vty, "provider id longer than 64 characters");
  return set_token(vty, argv[0], "provider", argv[1]);
}
int cfg_no_token(cmd_element*, struct vty*, int, const char* argv[]) {
  auto& tokens = g_cfg->mgmt_tokens;
  tokens.erase(std::remove_if(tokens.begin(), tokens.end(),
                              [&](const mgmt_token& t) { return t.secret == argv[0]; }),
               tokens.end());
  return CMD_SUCCESS;
}

#define TOKEN_DOC "Bearer token for the portal, a content provider or an application\nThe secret (Authorization: Bearer SECRET)\nRole of the token\n"

}  // namespace

void install_mgmt_vty_node(server_config& cfg) {
  g_cfg = &cfg;
  vty_node node(mgmt_node, "mgmt", "Configure the management HTTP interfaces (CMR-1/5/6/7)\n",
                "%s(config-mgmt)# ", &write_mgmt);
  node.add("bind A.B.C.D <0-65535>",
           "Listen address of the management HTTP server\nIPv4 address\nTCP port (0: any free port, logged)\n",
           &cfg_bind)
      .add("max-body-size <1024-104857600>", "Largest request body accepted (HTTP 413 beyond)\nBytes\n",
           &cfg_max_body)
      .add("max-header-size <1024-1048576>", "Largest request header block accepted (HTTP 431 beyond)\nBytes\n",
           &cfg_max_header)
      .add("read-timeout <1-3600>",
           "Time a whole request may take from its start before the connection is closed\nSeconds\n",
           &cfg_read_timeout)
      .add("header-timeout <1-3600>",
           "Time the request line and headers may take from the start of the request "
           "(keep-alive wait included)\nSeconds (at most read-timeout)\n",
           &cfg_header_timeout)
      .add("max-connections <1-100000>", "Concurrent connections (HTTP 503 beyond)\nConnections\n",
           &cfg_max_connections)
      .add("max-connections-per-address <1-100000>",
           "Concurrent connections from one source address (HTTP 503 beyond)\nConnections\n",
           &cfg_max_connections_per_address)
      .add("session-lifetime <60-604800>", "Lifetime of a Login SessionKey\nSeconds\n", &cfg_session_lifetime)
      .add("password-iterations <1000-10000000>",
           "PBKDF2-HMAC-SHA256 iterations for newly set passwords\nIterations\n", &cfg_password_iterations)
      .add("write-batch <1-10000>",
           "Write requests committed together in one transaction (one fsync) by the writer\nRequests\n",
           &cfg_write_batch)
      .add("write-queue <1-1000000>",
           "Write requests waiting for the writer (HTTP 503, StatusCode 99999 beyond)\nRequests\n",
           &cfg_write_queue)
      .add("readers <1-64>", "Reader connections for authentication and read-only operations\nConnections\n",
           &cfg_readers)
      .add("upload-workers <1-16>", "Threads decoding and storing content uploads (off the io threads)\nThreads\n",
           &cfg_upload_workers)
      .add("content-directory PATH", "Where uploaded content and playout renditions are kept\nDirectory (created when missing)\n",
           &cfg_content_directory)
      .add("content-limit (audio|video|image|text|vcard) <1-1073741824>",
           "Largest content upload of a MediaType (HTTP 413 beyond)\nAudio\nVideo\nImage\nText\nvCard\nBytes\n",
           &cfg_content_limit)
      .add("content-max-audio-seconds <1-86400>",
           "Longest audio content accepted (HTTP 413 beyond; bounds the decoded size)\nSeconds\n",
           &cfg_content_max_audio_seconds)
      .add("download-secret SECRET", "HMAC-SHA256 key of the signed download URLs\nAt least 16 characters\n",
           &cfg_download_secret)
      .add("token TOKEN role (portal|application)",
           TOKEN_DOC "Portal: every operation for any subscriber\nEnabled application: CMR-7 updates only\n",
           &cfg_token)
      .add("token TOKEN role provider PROVIDER_ID",
           TOKEN_DOC "Content provider: only resources with its ProviderId\nThe ProviderId\n",
           &cfg_token_provider)
      .add("no token TOKEN", NO_STR "Bearer token\nThe secret\n", &cfg_no_token);
  node.install();
}

}  // namespace cmr::sigtran
