// Drives the calls of one cmr-ssf run and reports them: one call with a
// trace line per message and event and a "result" line (single mode), or
// calls started on a 1 ms tick so that `rate x elapsed` have started, never
// more than the concurrency at a time (load mode; without a rate, a new call
// per finished one), counted in load_stats. The call model (call_model.h)
// is the CAP/INAP or the ANSI-41 one. Runs on the io thread.
#pragma once

#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <chrono>
#include <cstdint>
#include <future>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include "tools/cmr-ssf/load_stats.h"
#include "tools/cmr-ssf/options.h"
#include "tools/cmr-ssf/call_model.h"
#include "tools/cmr-ssf/ssf_engine.h"

namespace cmr::tools::ssf {

// One line to stdout, flushed (lines from any thread stay whole).
void print_line(const std::string& line);

class load_driver final : public call_observer {
public:
  using clock_type = std::chrono::steady_clock;

  load_driver(boost::asio::io_context& io, const app_options& o) : o_(o), tick_(io) {}

  call_model* engine = nullptr;
  load_stats stats;
  std::promise<void> done;  // set when the last call finished

  // Seeds --random-parties.
  void prepare();

  void start();
  void stop_starting() { stopping_ = true; }
  [[nodiscard]] double seconds() const;  // of the run so far, or of the whole run

  // call_observer
  void call_finished(const call_record& r) override;
  void trace(dialogue_id id, const std::string& line) override;

  void check_done();

private:
  [[nodiscard]] bool may_start() const;
  void start_one();
  void tick();

  const app_options& o_;
  boost::asio::steady_timer tick_;
  std::uint64_t pool_ = 1;
  std::mt19937_64 rng_;  // --random-parties
  clock_type::time_point t0_;
  std::optional<clock_type::time_point> end_;
  bool stopping_ = false;
  bool finished_ = false;
};

}  // namespace cmr::tools::ssf
