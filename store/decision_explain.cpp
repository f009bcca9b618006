// decision::explain() and the names it uses: kept apart from decide() because
// it allocates and runs only when someone reads the text.
#include <cstdio>

#include "store/decision.h"

namespace cmr::store {

namespace {

const char* type_name(presentation_type t) {
  switch (t) {
    case presentation_type::group: return "Group";
    case presentation_type::time: return "Time";
    case presentation_type::date: return "Date";
    case presentation_type::presence: return "Presence";
    case presentation_type::location: return "Location";
  }
  return "?";
}

const char* list_name(candidate_source s) {
  switch (s) {
    case candidate_source::rule: return "rule item";
    case candidate_source::default1: return "DefaultCMRResourceId1";
    case candidate_source::default2: return "DefaultCMRResourceId2";
    case candidate_source::system_default: return "system default";
  }
  return "?";
}

void append_quoted(std::string& out, std::string_view s) {
  out += '"';
  out += s;
  out += '"';
}

void append_offset(std::string& out, std::int32_t off) {
  char buf[16];
  const std::int32_t a = off < 0 ? -off : off;
  std::snprintf(buf, sizeof buf, "UTC%c%02d:%02d", off < 0 ? '-' : '+', a / 3600, (a / 60) % 60);
  out += buf;
}

void append_local(std::string& out, const civil_time& t) {
  static constexpr const char* days[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
  char buf[48];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02u %s %02d:%02d:%02d ", t.year, unsigned{t.month},
                unsigned{t.day}, days[t.weekday % 7], t.seconds_of_day / 3600,
                (t.seconds_of_day / 60) % 60, t.seconds_of_day % 60);
  out += buf;
  append_offset(out, t.utc_offset);
}

}  // namespace

const char* to_string(skip_reason r) {
  switch (r) {
    case skip_reason::not_in_library: return "not in library";
    case skip_reason::library_expired: return "library entry expired";
    case skip_reason::resource_unknown: return "resource unknown";
    case skip_reason::inactive: return "resource inactive";
    case skip_reason::suspended: return "resource suspended";
    case skip_reason::expired: return "resource expired";
    case skip_reason::media_not_carried: return "media type not carried";
    case skip_reason::box_empty: return "box empty";
    case skip_reason::box_unknown: return "box unknown";
  }
  return "?";
}

const char* to_string(candidate_source s) { return list_name(s); }

const char* to_string(decision::reason r) {
  switch (r) {
    case decision::reason::not_found: return "not_found";
    case decision::reason::not_subscribed: return "not_subscribed";
    case decision::reason::suspended: return "suspended";
    case decision::reason::rule: return "rule";
    case decision::reason::default1: return "default1";
    case decision::reason::default2: return "default2";
    case decision::reason::system_default: return "system_default";
    case decision::reason::nothing: return "nothing";
  }
  return "?";
}

ringback::controls decision::controls() const {
  if (snapshot != nullptr) {
    if (auto own = snapshot->controls()) return std::move(*own);
  }
  if (defaults != nullptr) return defaults->controls;
  return defaults_hold ? defaults_hold->controls : ringback::controls{};
}

std::string decision::explain() const {
  std::string out = "owner ";
  out += snapshot != nullptr ? snapshot->id() : std::string_view(unknown_owner);
  out += svc == service::cmrt ? " CMRT: " : " CMRBT: ";
  switch (why) {
    case reason::not_found: return out + "unknown subscriber: nothing";
    case reason::not_subscribed: return out + "not subscribed to the service: nothing";
    case reason::suspended: return out + "subscriber suspended: nothing";
    default: break;
  }
  if (rule) {
    out += type_name(rule->type);
    out += " rule matched (setting #" + std::to_string(rule->setting_index) + ", priority " +
           std::to_string(rule->priority) + ", rule #" + std::to_string(rule->rule_index) +
           ", condition ";
    append_quoted(out, rule->condition);
    out += ")";
    if (why != reason::rule) out += " but gave nothing usable";
  } else {
    out += "no rule matched";
  }
  out += "; ";
  switch (why) {
    case reason::rule: out += "rule"; break;
    case reason::default1: out += "DefaultCMRResourceId1"; break;
    case reason::default2: out += "DefaultCMRResourceId2"; break;
    case reason::system_default: out += "system default"; break;
    default: break;
  }
  if (resource) {
    if (why != reason::system_default) out += " item #" + std::to_string(item_index);
    if (from_box()) {
      out += " box ";
      append_quoted(out, box_id);
      out += box_mode == play_mode::sequential ? " (sequential)" : " (random)";
    }
    out += " -> resource ";
    append_quoted(out, resource->id);
  } else {
    out += "nothing usable: the call proceeds untouched";
  }
  if (local_time_used) {
    out += "; local time ";
    append_local(out, local);
    if (snapshot != nullptr) {
      out += " (";
      out += snapshot->time_zone();
      out += ")";
    }
    if (zone_unknown) out += ", time zone unknown: used UTC";
  }
  if (bad_conditions > 0) {
    out += "; " + std::to_string(bad_conditions) + " malformed condition(s) ignored (first: setting #" +
           std::to_string(first_bad_setting) + " rule #" + std::to_string(first_bad_rule) + ")";
  }
  if (!skipped.empty()) {
    out += "; skipped:";
    for (const skipped_candidate& s : skipped) {
      out += ' ';
      append_quoted(out, s.id);
      if (!s.box_id.empty()) {
        out += " in box ";
        append_quoted(out, s.box_id);
      }
      out += " (";
      out += list_name(s.from);
      out += ": ";
      out += to_string(s.why);
      out += ")";
    }
    if (skipped.dropped() > 0) out += " and " + std::to_string(skipped.dropped()) + " more";
  }
  // Which keys and event rules apply: meaningful while something plays.
  if (resource) out += "; controls " + controls().explain();
  return out;
}

}  // namespace cmr::store
