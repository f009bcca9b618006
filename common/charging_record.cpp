#include "common/charging_record.h"

#include <ctime>

namespace cmr::cdr {
namespace {

void append_escaped(std::string& out, const std::string& s) {
  out += '"';
  for (const char ch : s) {
    const auto c = static_cast<unsigned char>(ch);
    if (c == '"' || c == '\\') {
      out += '\\';
      out += ch;
    } else if (c < 0x20) {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\u%04x", c);
      out += buf;
    } else {
      out += ch;
    }
  }
  out += '"';
}

std::string iso_time(std::chrono::system_clock::time_point t) {
  const auto ms =
      std::chrono::duration_cast<std::chrono::milliseconds>(t.time_since_epoch()).count();
  const std::time_t secs = static_cast<std::time_t>(ms / 1000);
  std::tm tm{};
  gmtime_r(&secs, &tm);
  char buf[80];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", tm.tm_year + 1900,
                tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec,
                static_cast<int>(ms % 1000));
  return buf;
}

}  // namespace

const char* to_string(call_outcome o) {
  switch (o) {
    case call_outcome::continued:
      return "continued";
    case call_outcome::answered:
      return "answered";
    case call_outcome::busy:
      return "busy";
    case call_outcome::no_answer:
      return "no-answer";
    case call_outcome::abandoned:
      return "abandoned";
    case call_outcome::error:
      return "error";
  }
  return "error";
}

std::string charging_record::json() const {
  std::string s = "{\"start\":\"" + iso_time(start) + "\"";
  s += ",\"service_key\":" + std::to_string(service_key);
  const auto field = [&s](const char* name, const std::string& v) {
    s += ",\"";
    s += name;
    s += "\":";
    append_escaped(s, v);
  };
  field("protocol", protocol);
  field("profile", profile);
  field("service", service);
  field("owner", owner);
  field("other", other);
  field("resource", resource);
  s += ",\"announcement_id\":" + std::to_string(announcement_id);
  field("outcome", to_string(outcome));
  s += ",\"setup_ms\":" + std::to_string(setup_ms);
  s += ",\"alerting_ms\":" + std::to_string(alerting_ms);
  s += ",\"call_ms\":" + std::to_string(call_ms);
  if (!icid.empty()) field("icid", icid);
  if (!session_case.empty()) field("session_case", session_case);
  s += "}";
  return s;
}

charging_writer::charging_writer(std::string path, const log_category& category)
    : path_(std::move(path)), category_(category) {
  if (!path_.empty()) file_ = std::fopen(path_.c_str(), "a");
}

charging_writer::~charging_writer() {
  if (file_ != nullptr) std::fclose(file_);
}

bool charging_writer::write(const charging_record& r) {
  const std::string line = r.json();
  if (log_enabled(category_, log_level::notice))
    log_printf(category_, log_level::notice, __FILE__, __LINE__, "charging %s", line.c_str());
  if (path_.empty()) return true;
  const std::lock_guard lock(mutex_);
  if (file_ == nullptr) return false;
  if (std::fputs((line + "\n").c_str(), file_) < 0) return false;
  return std::fflush(file_) == 0;
}

}  // namespace cmr::cdr
