#include "mgmt/metrics_exposition.h"

#include <charconv>
#include <chrono>
#include <map>
#include <set>
#include <vector>

#include "cmr/version.h"
#include "common/counters.h"
#include "common/histogram.h"

namespace cmr::mgmt {
namespace {

// Taken at static initialisation, before main(): the process' start as
// process_start_time_seconds means it (a restart resets the counters).
const std::chrono::system_clock::time_point k_process_start = std::chrono::system_clock::now();

// One metric family: its HELP, TYPE and sample lines, in the order first seen.
struct family {
  std::string help;
  const char* type = "counter";
  std::string samples;
  std::set<std::string> label_sets;  // a repeated series would fail the whole scrape
};

class families {
public:
  family& get(const std::string& name, std::string_view help, const char* type) {
    auto [it, fresh] = by_name_.try_emplace(name);
    if (fresh) {
      order_.push_back(name);
      it->second.help = escape_help(help);
      it->second.type = type;
    }
    return it->second;
  }
  // Adds `name{labels} value` unless that series is there already (two
  // groups' names meeting in one: the later one is left out, as a repeated
  // series would fail the whole scrape).
  static void sample(family& f, const std::string& name, const std::string& labels,
                     const std::string& value) {
    if (!f.label_sets.insert(labels).second) return;
    f.samples += name;
    f.samples += labels;
    f.samples += ' ';
    f.samples += value;
    f.samples += '\n';
  }
  void write(std::string& out) const {
    for (const auto& name : order_) {
      const family& f = by_name_.at(name);
      out += "# HELP " + name + ' ' + f.help + '\n';
      out += "# TYPE " + name + ' ' + f.type + '\n';
      out += f.samples;
    }
  }

private:
  std::map<std::string, family> by_name_;
  std::vector<std::string> order_;
};

// The shortest text that reads back as `v`, in positional notation unless
// the exponent is below -4 (as Go's strconv 'g', which the Prometheus
// client libraries use for "le"): bounds print as "0.0001" and "1e-05", as
// a user writing le="0.0001" into a query expects (Prometheus 2 compares
// "le" as text).
std::string number(double v) {
  char buf[64];
  const auto sci = std::to_chars(buf, buf + sizeof buf, v, std::chars_format::scientific);
  const std::string_view s(buf, static_cast<std::size_t>(sci.ptr - buf));
  const auto e = s.find('e');
  int exp = 0;
  if (e != std::string_view::npos) {
    std::string_view x = s.substr(e + 1);
    if (!x.empty() && x.front() == '+') x.remove_prefix(1);
    std::from_chars(x.data(), x.data() + x.size(), exp);
  }
  if (v != 0 && exp < -4) return std::string(s);
  const auto fixed = std::to_chars(buf, buf + sizeof buf, v, std::chars_format::fixed);
  return {buf, fixed.ptr};
}

// `{k="v"}` from pairs; label sets compare as text, so the order is fixed.
std::string labels(std::initializer_list<std::pair<std::string_view, std::string_view>> kv) {
  std::string s;
  for (const auto& [k, v] : kv) {
    if (k.empty()) continue;
    s += s.empty() ? "{" : ",";
    s += k;
    s += "=\"";
    s += escape_label_value(v);
    s += '"';
  }
  return s.empty() ? s : s + "}";
}

void add_counter_groups(families& fs) {
  std::set<std::string> seen;  // prefix + '/' + index
  for_each_counter_group([&fs, &seen](const counter_group& g) {
    const auto& d = g.desc();
    std::string index = g.name().empty() ? std::to_string(g.index()) : g.name();
    // Two groups of one kind with one index (the libosmocore mirror gives
    // the later one the next free index): "0", then "0-2".
    for (unsigned n = 2; !seen.insert(std::string(d.prefix) + '/' + index).second; ++n)
      index = (g.name().empty() ? std::to_string(g.index()) : g.name()) + "-" + std::to_string(n);
    const std::string group = std::string(d.prefix) + "-";
    const std::string label = labels({{"index", index}});
    for (std::size_t i = 0; i < d.gauges.size(); ++i) {
      const std::string name = metric_name(group + d.gauges[i].name);
      std::string help = std::string(d.description) + ": " + d.gauges[i].description;
      if (d.gauges[i].unit != nullptr && *d.gauges[i].unit != '\0')
        help += std::string(" (") + d.gauges[i].unit + ")";
      fs.sample(fs.get(name, help, "gauge"), name, label, std::to_string(g.gauge(i)));
    }
    for (std::size_t i = 0; i < d.counters.size(); ++i) {
      const std::string name = metric_name(group + d.counters[i].name) + "_total";
      const std::string help = std::string(d.description) + ": " + d.counters[i].description;
      fs.sample(fs.get(name, help, "counter"), name, label, std::to_string(g.value(i)));
    }
  });
}

void add_histograms(families& fs) {
  for_each_histogram([&fs](const histogram& h) {
    const auto& d = h.desc();
    const std::string base = metric_name(std::string(d.name) + "-" + d.unit);
    family& f = fs.get(base, d.description, "histogram");
    const auto s = h.snapshot();
    const std::string_view ln = h.label_name(), lv = h.label_value();
    // The series of one histogram go together (the format wants a
    // histogram's lines grouped), so they are added as one block.
    std::uint64_t cumulative = 0;
    std::string key = labels({{ln, lv}});
    if (!f.label_sets.insert(key).second) return;  // a second one with these labels: left out
    for (std::size_t i = 0; i < s.buckets.size(); ++i) {
      cumulative += s.buckets[i];
      const std::string le = i < d.bounds.size() ? number(d.bounds[i]) : "+Inf";
      f.samples += base + "_bucket" + labels({{ln, lv}, {"le", le}}) + ' ' +
                   std::to_string(cumulative) + '\n';
    }
    f.samples += base + "_sum" + key + ' ' + number(static_cast<double>(s.sum_ns) / 1e9) + '\n';
    f.samples += base + "_count" + key + ' ' + std::to_string(s.count) + '\n';
  });
}

}  // namespace

std::string metric_name(std::string_view name) {
  std::string out = "cmr_";
  out.reserve(out.size() + name.size());
  for (const char c : name) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                    c == '_' || c == ':';
    out += ok ? c : '_';
  }
  return out;
}

namespace {

// The format's escapes: backslash and newline everywhere, the double quote
// in label values only.
std::string escape(std::string_view text, bool quote) {
  std::string out;
  out.reserve(text.size());
  for (const char c : text) {
    if (c == '\\')
      out += "\\\\";
    else if (c == '\n')
      out += "\\n";
    else if (c == '"' && quote)
      out += "\\\"";
    else
      out += c;
  }
  return out;
}

}  // namespace

std::string escape_help(std::string_view text) { return escape(text, false); }

std::string escape_label_value(std::string_view text) { return escape(text, true); }

std::string metrics_text() {
  families fs;
  add_counter_groups(fs);
  add_histograms(fs);
  std::string out;
  out.reserve(64 * 1024);
  fs.write(out);
  out += "# HELP cmr_build_info The cmr-server build: its version as a label, value 1\n";
  out += "# TYPE cmr_build_info gauge\n";
  out += "cmr_build_info" + labels({{"version", k_version}}) + " 1\n";
  const auto start = std::chrono::duration<double>(k_process_start.time_since_epoch()).count();
  out += "# HELP process_start_time_seconds Start time of the process since the Unix epoch\n";
  out += "# TYPE process_start_time_seconds gauge\n";
  out += "process_start_time_seconds " + number(start) + "\n";
  return out;
}

}  // namespace cmr::mgmt
