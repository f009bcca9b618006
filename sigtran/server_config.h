// The daemon's own configuration (the "cmr" VTY node), as plain C++ so every
// layer can read it without libosmo headers. The VTY commands fill it while
// the .cfg file is read (on the osmo thread); the composition root copies it
// out afterwards. Defaults are DESIGN.md section 11.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "sigtran/ip_settings.h"
#include "sigtran/scp_settings.h"

namespace cmr {

// mgmt / token SECRET role (portal|application|provider PROVIDER_ID)
struct mgmt_token {
  std::string secret;
  std::string role;  // "portal", "application" or "provider"
  std::string provider_id;
};

// sigtran / ipa-client NAME point-code PC: an IPA client the stand-alone
// server accepts (its IPA unit name, i.e. the client's ASP name, and its PC).
struct sigtran_ipa_client {
  std::string name;
  std::string point_code;  // as written; parsed with the cs7 instance's format at start
};

struct server_config {
  // cmr / database PATH
  std::string database_path = "cmr.db";
  // cmr / database synchronous (normal|full): WAL with NORMAL by default.
  bool database_synchronous_full = false;
  // cmr / snapshot-cache-size N: subscriber snapshots kept in memory.
  std::uint64_t snapshot_cache_size = 200000;
  // cmr / io-threads N: threads running the Boost.Asio io_context.
  unsigned io_threads = 2;
  // cmr / demo-catalogue: seed the demo catalogue into an empty store.
  bool demo_catalogue = false;
  // cmr / system-default (cmrbt|cmrt) RESOURCE_ID; empty: none configured.
  std::string system_default_cmrbt;
  std::string system_default_cmrt;

  // The "mgmt" node: management HTTP (CMR-1/5/6/7) and content downloads.
  // mgmt / bind ADDR PORT (port 0: any free port, logged at start)
  std::string mgmt_address = "127.0.0.1";
  std::uint16_t mgmt_port = 8080;
  // mgmt / max-body-size BYTES, max-header-size BYTES
  std::uint32_t mgmt_max_body = 64 * 1024;
  std::uint32_t mgmt_max_header = 8 * 1024;
  // mgmt / read-timeout SECONDS: a whole request must arrive within it
  std::uint32_t mgmt_read_timeout_s = 10;
  // mgmt / header-timeout SECONDS: its request line and headers within this
  std::uint32_t mgmt_header_timeout_s = 5;
  // mgmt / max-connections N
  std::uint32_t mgmt_max_connections = 256;
  // mgmt / max-connections-per-address N
  std::uint32_t mgmt_max_connections_per_address = 64;
  // mgmt / session-lifetime SECONDS (a SystemSetting limit.session_ttl wins)
  std::uint32_t mgmt_session_lifetime_s = 1800;
  // mgmt / password-iterations N (PBKDF2-HMAC-SHA256 for new passwords)
  std::uint32_t mgmt_password_iterations = 100000;
  // mgmt / write-batch N: requests committed together by the group-commit
  // writer (one transaction, one fsync); write-queue N: requests waiting for
  // it (HTTP 503 + StatusCode 99999 beyond); readers N: reader connections
  // for authentication and read-only operations; upload-workers N: threads
  // for content uploads (decode, resample, fsync), off the io threads.
  std::uint32_t mgmt_write_batch = 128;
  std::uint32_t mgmt_write_queue = 4096;
  std::uint32_t mgmt_readers = 4;
  std::uint32_t mgmt_upload_workers = 1;
  std::vector<mgmt_token> mgmt_tokens;
  // mgmt / content-directory PATH: uploaded content and playout renditions
  std::string mgmt_content_directory = "content";
  // mgmt / content-limit (audio|video|image|text|vcard) BYTES: the largest
  // upload per MediaType family (HTTP 413 beyond); content-max-audio-seconds
  // N: the longest audio accepted (bounds the decoded size too). Defaults are
  // media::content_limits' (tests/integration/mgmt checks that they agree).
  std::uint64_t mgmt_content_limit_audio = 20U << 20U;
  std::uint64_t mgmt_content_limit_video = 100U << 20U;
  std::uint64_t mgmt_content_limit_image = 10U << 20U;
  std::uint64_t mgmt_content_limit_text = 1U << 20U;
  std::uint64_t mgmt_content_limit_vcard = 1U << 20U;
  std::uint32_t mgmt_content_max_audio_seconds = 600;
  // mgmt / download-secret SECRET: HMAC key of the signed download URLs
  // (empty: a random one, so URLs stop working at restart)
  std::string mgmt_download_secret;

  // The "sigtran" node: which cs7 instance the SCCP users bind on, and how.
  // sigtran / cs7-instance N
  std::uint32_t sigtran_cs7_instance = 0;
  // sigtran / sccp-user ssn N (default 146 CAP and 241 INAP; "no sccp-user
  // ssn N" removes one). Kept sorted and unique.
  std::vector<std::uint8_t> sigtran_ssns = {146, 241};
  std::vector<sigtran_ipa_client> sigtran_ipa_clients;

  // The "sip" node: the CMR SIP application server (B2BUA, spec 6.1). It
  // starts when the node names a next hop.
  // sip / bind ADDR PORT (UDP and TCP; port 0: a free port, logged)
  std::string sip_address = "127.0.0.1";
  std::uint16_t sip_port = 5060;
  // sip / next-hop ADDR PORT (udp|tcp): where initial INVITEs go
  std::string sip_next_hop_address;  // empty: the SIP server does not start
  std::uint16_t sip_next_hop_port = 5060;
  bool sip_next_hop_tcp = false;
  // sip / mode (cmrbt|cmrt) (http|application-server|gateway|off)
  std::string sip_cmrbt_mode = "http";
  std::string sip_cmrt_mode = "http";
  // sip / owner (request-uri|to|p-asserted-identity|from), other-party (...)
  std::string sip_owner = "request-uri";
  std::string sip_other_party = "p-asserted-identity";
  // sip / media-address ADDR (RTP source, SDP c=); rtp-ports FIRST LAST (0 0: any)
  std::string sip_media_address = "127.0.0.1";
  std::uint16_t sip_rtp_first = 16384;
  std::uint16_t sip_rtp_last = 32767;
  // sip / ring-timeout S, max-call-duration S, url-lifetime S
  std::uint32_t sip_ring_timeout_s = 120;
  std::uint32_t sip_max_call_s = 7200;
  std::uint32_t sip_url_lifetime_s = 300;
  // sip / content-url-base URL (empty: http://<mgmt bind>/cmr/1/content/)
  std::string sip_content_url_base;

  // The "scp" node: SCP service logic (DESIGN.md 7), sigtran/scp_settings.h.
  scp_settings scp;
  // The "ip" node: the intelligent peripheral (DESIGN.md 8), sigtran/ip_settings.h.
  ip_settings ip;
};

}  // namespace cmr
