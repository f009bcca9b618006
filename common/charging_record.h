// One charging record per call, CS (docs/cs-delivery.md section 6) and SIP
// (docs/ims.md): a log line (the layer's category, level NOTICE) and, when
// "scp / charging-records PATH" or "sip / charging-records PATH" is set, one
// JSON object per line appended to that file.
#pragma once

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <mutex>
#include <string>

#include "common/log.h"

namespace cmr::cdr {

enum class call_outcome : std::uint8_t { continued, answered, busy, no_answer, abandoned, error };
const char* to_string(call_outcome o);

struct charging_record {
  std::chrono::system_clock::time_point start;
  std::uint32_t service_key = 0;
  std::string protocol;  // cap-v2|cap-v3|cap-v4|inap|ansi-41|sip
  // connect-to-resource|temporary-connection|call-party-handling|alerting-pattern|
  // route-via-platform|none
  std::string profile;
  std::string service;  // cmrbt|cmrt
  std::string owner;
  std::string other;
  std::string resource;  // empty: none
  std::uint32_t announcement_id = 0;
  call_outcome outcome = call_outcome::continued;
  std::int64_t setup_ms = 0;
  std::int64_t alerting_ms = 0;
  std::int64_t call_ms = 0;
  // SIP on ISC: the IMS charging identifier (P-Charging-Vector icid-value)
  // and the session case (orig|term|orig-cdiv); written only when set.
  std::string icid;
  std::string session_case;

  [[nodiscard]] std::string json() const;
};

class charging_writer {
public:
  // Empty path: log lines only, in `category`. A file that cannot be opened
  // is an error at start-up (the message names it).
  charging_writer(std::string path, const log_category& category);
  ~charging_writer();
  charging_writer(const charging_writer&) = delete;
  charging_writer& operator=(const charging_writer&) = delete;

  [[nodiscard]] bool ok() const { return path_.empty() || file_ != nullptr; }
  [[nodiscard]] const std::string& path() const { return path_; }
  // Logs and appends; false when the file write failed.
  bool write(const charging_record& r);

private:
  std::string path_;
  const log_category& category_;
  std::FILE* file_ = nullptr;
  std::mutex mutex_;
};

}  // namespace cmr::cdr
