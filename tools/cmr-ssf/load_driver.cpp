#include "tools/cmr-ssf/load_driver.h"

#include <algorithm>
#include <cstdio>
#include <limits>
#include <mutex>


namespace cmr::tools::ssf {
namespace {

std::mutex g_out_mu;

std::string hex_id(std::uint32_t id) {
  char b[16];
  std::snprintf(b, sizeof b, "%08x", id);
  return b;
}

}  // namespace

void print_line(const std::string& line) {
  const std::lock_guard lock(g_out_mu);
  std::fputs((line + "\n").c_str(), stdout);
  std::fflush(stdout);
}

void load_driver::prepare() {
  pool_ = std::max(o_.called.count, o_.calling.count);
  if (o_.random_seed) rng_.seed(*o_.random_seed);
}

void load_driver::start() {
  t0_ = clock_type::now();
  if (o_.load)
    tick();
  else
    start_one();
}

double load_driver::seconds() const {
  return std::chrono::duration<double>((end_ ? *end_ : clock_type::now()) - t0_).count();
}

void load_driver::call_finished(const call_record& r) {
  stats.record(r);
  if (!o_.load) {
    std::string s = "result call=" + hex_id(r.id) + " outcome=" + to_string(r.outcome) +
                    " failure=" + to_string(r.failure);
    if (r.has_setup) {
      char b[32];
      std::snprintf(b, sizeof b, "%.3f", static_cast<double>(r.setup.count()) / 1000.0);
      s += std::string(" setup_ms=") + b;
    }
    if (!r.detail.empty()) s += " detail=\"" + r.detail + "\"";
    print_line(s);
  } else if (o_.rate <= 0 && may_start()) {
    start_one();
  }
  check_done();
}

void load_driver::trace(dialogue_id id, const std::string& line) {
  char b[32];
  std::snprintf(b, sizeof b, "%9.3f",
                std::chrono::duration<double, std::milli>(clock_type::now() - t0_).count());
  print_line(std::string("t=") + b + " call=" + hex_id(id) + " " + line);
}

void load_driver::check_done() {
  if (finished_ || may_start() || engine->live_calls() != 0) return;
  finished_ = true;
  end_ = clock_type::now();
  tick_.cancel();
  done.set_value();
}

bool load_driver::may_start() const {
  if (stopping_) return false;
  if (!o_.load) return stats.started < 1;
  if (o_.count_given) return stats.started < o_.count;
  return clock_type::now() - t0_ < std::chrono::duration<double>(o_.duration);
}

void load_driver::start_one() {
  const std::uint64_t i = stats.started++;
  std::uint64_t j = 0;
  if (pool_ > 1)
    j = o_.random_seed ? std::uniform_int_distribution<std::uint64_t>(0, pool_ - 1)(rng_)
                       : i % pool_;
  engine->place_call(j, o_.called.at(j), o_.calling.at(j));
  stats.max_live = std::max(stats.max_live, engine->live_calls());
}

void load_driver::tick() {
  if (finished_) return;
  const double elapsed = std::chrono::duration<double>(clock_type::now() - t0_).count();
  const auto due = o_.rate > 0 ? static_cast<std::uint64_t>(o_.rate * elapsed) + 1
                               : std::numeric_limits<std::uint64_t>::max();
  while (may_start() && stats.started < due && engine->live_calls() < o_.concurrency) start_one();
  check_done();
  if (finished_) return;
  tick_.expires_after(std::chrono::milliseconds(1));
  tick_.async_wait([this](const boost::system::error_code& ec) {
    if (!ec) tick();
  });
}

}  // namespace cmr::tools::ssf
