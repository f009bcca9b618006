#include "store/time_zone.h"

#include <algorithm>

namespace cmr::store {

namespace {

// Big-endian reader over the TZif bytes that never reads past the end.
class reader {
public:
  explicit reader(std::string_view d) : d_(d) {}
  [[nodiscard]] bool has(std::size_t n) const { return d_.size() - pos_ >= n; }
  [[nodiscard]] std::size_t pos() const { return pos_; }
  void skip(std::size_t n) { pos_ += n; }
  std::uint8_t u8() { return static_cast<std::uint8_t>(d_[pos_++]); }
  std::uint32_t u32() {
    std::uint32_t v = 0;
    for (int i = 0; i < 4; ++i) v = (v << 8) | u8();
    return v;
  }
  std::int64_t i64() {
    std::uint64_t v = 0;
    for (int i = 0; i < 8; ++i) v = (v << 8) | u8();
    return static_cast<std::int64_t>(v);
  }
  std::string_view rest() const { return d_.substr(pos_); }

private:
  std::string_view d_;
  std::size_t pos_ = 0;
};

struct header {
  char version = 0;
  std::uint32_t isutcnt = 0, isstdcnt = 0, leapcnt = 0, timecnt = 0, typecnt = 0, charcnt = 0;
  // Bytes of the data block that follows, for a given transition time size.
  [[nodiscard]] std::size_t data_size(std::size_t time_size) const {
    return timecnt * time_size + timecnt + typecnt * 6U + charcnt +
           leapcnt * (time_size + 4U) + isstdcnt + isutcnt;
  }
};

bool read_header(reader& r, header& h) {
  if (!r.has(44) || r.rest().substr(0, 4) != "TZif") return false;
  r.skip(4);
  h.version = static_cast<char>(r.u8());
  r.skip(15);
  h.isutcnt = r.u32();
  h.isstdcnt = r.u32();
  h.leapcnt = r.u32();
  h.timecnt = r.u32();
  h.typecnt = r.u32();
  h.charcnt = r.u32();
  return true;
}

}  // namespace

time_zone time_zone::fixed(std::string name, std::int32_t offset) {
  time_zone z;
  z.name_ = std::move(name);
  z.types_.push_back(local_type{offset, false});
  return z;
}

result<time_zone, std::string> time_zone::parse_fixed(std::string_view name) {
  auto bad = [&] {
    return unexpected{"bad fixed-offset zone \"" + std::string(name) +
                      "\" (expected UTC, UTC+HH or UTC+HH:MM)"};
  };
  if (name.substr(0, 3) != "UTC") return bad();
  std::string_view s = name.substr(3);
  if (s.empty()) return fixed(std::string(name), 0);
  auto two = [](std::string_view v, int& out) {
    if (v.size() < 2 || v[0] < '0' || v[0] > '9' || v[1] < '0' || v[1] > '9') return false;
    out = (v[0] - '0') * 10 + (v[1] - '0');
    return true;
  };
  if (s[0] != '+' && s[0] != '-') return bad();
  const int sign = s[0] == '-' ? -1 : 1;
  int h = 0, m = 0;
  if (!two(s.substr(1), h) || h > 14) return bad();
  s = s.substr(3);
  if (!s.empty()) {
    if (s.size() != 3 || s[0] != ':' || !two(s.substr(1), m) || m > 59) return bad();
  }
  if (h == 14 && m != 0) return bad();
  return fixed(std::string(name), sign * (h * 3600 + m * 60));
}

result<time_zone, std::string> time_zone::from_tzif(std::string name, std::string_view data) {
  auto fail = [&](const char* what) {
    return unexpected{"time zone \"" + name + "\": " + what};
  };
  reader r(data);
  header h;
  if (!read_header(r, h)) return fail("not a TZif file");
  std::size_t time_size = 4;
  if (h.version >= '2') {
    // Skip the v1 block: the 64-bit section repeats it with full-range times.
    if (!r.has(h.data_size(4))) return fail("truncated v1 data");
    r.skip(h.data_size(4));
    if (!read_header(r, h)) return fail("missing v2 header");
    time_size = 8;
  }
  if (h.typecnt == 0 || h.typecnt > 256 || h.charcnt == 0) return fail("bad type counts");
  if (h.leapcnt != 0) return fail("leap-second (\"right/\") zones are not supported");
  if ((h.isstdcnt != 0 && h.isstdcnt != h.typecnt) || (h.isutcnt != 0 && h.isutcnt != h.typecnt))
    return fail("bad indicator counts");
  if (!r.has(h.data_size(time_size))) return fail("truncated data");

  time_zone z;
  z.name_ = std::move(name);
  z.transitions_.reserve(h.timecnt);
  for (std::uint32_t i = 0; i < h.timecnt; ++i) {
    const std::int64_t t = time_size == 8 ? r.i64() : static_cast<std::int32_t>(r.u32());
    if (!z.transitions_.empty() && t <= z.transitions_.back())
      return fail("transitions not ascending");
    z.transitions_.push_back(t);
  }
  z.transition_types_.reserve(h.timecnt);
  for (std::uint32_t i = 0; i < h.timecnt; ++i) {
    const std::uint8_t idx = r.u8();
    if (idx >= h.typecnt) return fail("transition type out of range");
    z.transition_types_.push_back(idx);
  }
  for (std::uint32_t i = 0; i < h.typecnt; ++i) {
    const auto off = static_cast<std::int32_t>(r.u32());
    const std::uint8_t dst = r.u8();
    r.u8();  // designation index: abbreviations are not needed
    if (off <= -89999 || off >= 93600 || dst > 1) return fail("bad local time type");
    z.types_.push_back(local_type{off, dst == 1});
  }
  r.skip(h.charcnt + h.isstdcnt + h.isutcnt);

  if (time_size == 8) {
    // Footer: "\n<TZ string>\n"; an empty string means no rule beyond the table.
    std::string_view rest = r.rest();
    if (rest.size() < 2 || rest[0] != '\n') return fail("missing footer");
    const std::size_t nl = rest.find('\n', 1);
    if (nl == std::string_view::npos) return fail("unterminated footer");
    const std::string_view tz = rest.substr(1, nl - 1);
    if (!tz.empty()) {
      auto p = posix_tz::parse(tz);
      if (!p) return unexpected{"time zone \"" + z.name_ + "\": " + p.error()};
      z.footer_ = *p;
    }
  }
  return z;
}

std::int32_t time_zone::offset_at(timestamp utc) const {
  const std::int64_t t = utc.time_since_epoch().count();
  if (transitions_.empty()) return footer_ ? footer_->offset_at(t) : types_.front().utc_offset;
  if (t < transitions_.front()) return types_.front().utc_offset;
  if (footer_ && t >= transitions_.back()) return footer_->offset_at(t);
  const auto it = std::upper_bound(transitions_.begin(), transitions_.end(), t);
  const auto i = static_cast<std::size_t>(it - transitions_.begin()) - 1;
  return types_[transition_types_[i]].utc_offset;
}

civil_time time_zone::to_local(timestamp utc) const {
  const std::int32_t off = offset_at(utc);
  return civil_from_local_seconds(utc.time_since_epoch().count() + off, off);
}

}  // namespace cmr::store
