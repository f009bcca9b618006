#include "tools/cmr-ssf/app.h"

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <cmath>
#include <csignal>
#include <limits>
#include <cstdio>
#include <future>
#include <mutex>
#include <thread>

#include "tools/cmr-ssf/expected_content.h"
#include "tools/cmr-ssf/load_stats.h"
#include "tools/cmr-ssf/sip_bearer.h"
#include "tools/cmr-ssf/ss7_endpoint.h"
#include "tools/cmr-ssf/ssf_engine.h"
#include "common/asio_timer_service.h"
#include "in/tcap/tcap_layer.h"

namespace cmr::tools::ssf {

using clock_type = std::chrono::steady_clock;

const char* const usage_text =
    "usage: cmr-ssf -c FILE [options]\n"
    "\n"
    "A gsmSSF/MSC emulator and load generator for the CMR SCP (docs/cmr-ssf.md).\n"
    "It places calls (TC-BEGIN InitialDP), follows the SCP's instructions (RRBE,\n"
    "ConnectToResource + PlayAnnouncement, EstablishTemporaryConnection,\n"
    "InitiateCallAttempt/MoveLeg/DisconnectLeg, DFC, Continue, Connect, CWA,\n"
    "ReleaseCall), opens SIP bearers to the intelligent peripheral, checks the RTP\n"
    "byte for byte against the expected resource and reports the armed events.\n"
    "\n"
    "SS7:\n"
    "  -c, --config FILE        Osmocom .cfg: cs7 instance (IPA ASP towards cmr-server's\n"
    "                           listener or osmo-stp) and sigtran / sccp-user ssn lines\n"
    "                           (configs/ssf/cmr-ssf.cfg, configs/stp/cmr-ssf.cfg)\n"
    "  --scp-pc PC              SCP point code (default 0.23.2)\n"
    "  --scp-ssn N              SCP SSN, also the local SSN (default 146 CAP, 241 INAP)\n"
    "  --wait-link S            wait up to S seconds for the AS to be active (default 15)\n"
    "Call:\n"
    "  --protocol P             cap-v2 | cap-v3 | cap-v4 | inap (default cap-v2)\n"
    "  --service-key K          InitialDP serviceKey (default 100)\n"
    "  --trigger T              tdp12 (termAttemptAuthorized, default) | tdp2 | tdp3\n"
    "  --called N[-M]           called party, international digits; a range cycles\n"
    "                           (default 491700000001)\n"
    "  --calling N[-M]          calling party (default 491700000002)\n"
    "  --scenario S             what happens once the call may proceed:\n"
    "                           answer[:SEC]  callee answers after SEC s (default 0)\n"
    "                           busy[:SEC]    callee busy after SEC s\n"
    "                           no-answer[:SEC] nobody answers; the no-answer timer is the\n"
    "                                         RRBE applicationTimer, else SEC (default 5)\n"
    "                           abandon:SEC   caller hangs up SEC s after the InitialDP\n"
    "  --hold SEC               conversation time of an answered call (default 0)\n"
    "  --call-timeout SEC       a call without progress for SEC s is aborted (default 60)\n"
    "Bearer and RTP:\n"
    "  --ip HOST:PORT           the IP's SIP address, UDP (default 127.0.0.1:5070)\n"
    "  --local-ip ADDR          local address for SIP and RTP (default 127.0.0.1)\n"
    "  --no-bearer              signalling only: no SIP; a PlayAnnouncement asking for\n"
    "                           completion is answered with SpecializedResourceReport at once\n"
    "  --store DB               expected content: the server's SQLite store, read-only\n"
    "                           (announcement id -> resource -> playout rendition)\n"
    "  --expect-file FILE       expected content: a headerless .alaw or .ulaw file\n"
    "  --expect-announcement N  the announcement expected after EstablishTemporaryConnection\n"
    "                           (with --store); without a source only RTP headers are checked\n"
    "Load mode (any of these):\n"
    "  --rate R                 target calls/s (default: as fast as --concurrency allows)\n"
    "  --concurrency N          calls in progress at most (default 100)\n"
    "  --duration SEC           start calls for SEC seconds (default 10 in load mode)\n"
    "  --count N                start N calls (N > 1 selects load mode)\n"
    "Output: single mode prints one trace line per message/event and a 'result' line;\n"
    "load mode prints one 'summary' line: calls, achieved rate, setup latency\n"
    "(InitialDP sent -> first SCP answer) p50/p90/p99/max, outcomes, failures by kind.\n"
    "Exit status: 0 when every call succeeded, 1 on any protocol, bearer or RTP error,\n"
    "2 on usage or start-up errors.\n"
    "  -h, --help               this text\n";

std::string number_pool::at(std::uint64_t i) const {
  if (count <= 1) return first;
  const std::uint64_t base = std::stoull(first);
  std::string s = std::to_string(base + (i % count));
  if (s.size() < first.size()) s.insert(0, first.size() - s.size(), '0');
  return s;
}

std::optional<number_pool> number_pool::parse(const std::string& text) {
  auto digits = [](const std::string& s) {
    return !s.empty() && s.size() <= 18 && s.find_first_not_of("0123456789") == std::string::npos;
  };
  const auto dash = text.find('-');
  if (dash == std::string::npos) {
    if (!digits(text)) return std::nullopt;
    return number_pool{text, 1};
  }
  const std::string a = text.substr(0, dash);
  const std::string b = text.substr(dash + 1);
  if (!digits(a) || !digits(b) || a.size() != b.size()) return std::nullopt;
  const std::uint64_t x = std::stoull(a);
  const std::uint64_t y = std::stoull(b);
  if (y < x) return std::nullopt;
  return number_pool{a, y - x + 1};
}

cmr::result<app_options, std::string> parse_options(const std::vector<std::string>& args) {
  app_options o;
  o.ssf.sc.what = scenario::kind::answer;
  bool load_flag = false;
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    auto value = [&]() -> std::optional<std::string> {
      if (i + 1 >= args.size()) return std::nullopt;
      return args[++i];
    };
    auto number = [&](double lo, double hi) -> std::optional<double> {
      auto v = value();
      if (!v) return std::nullopt;
      char* end = nullptr;
      const double d = std::strtod(v->c_str(), &end);
      if (end == v->c_str() || *end != '\0' || !std::isfinite(d) || d < lo || d > hi) return std::nullopt;
      return d;
    };
    const auto bad = cmr::unexpected{"bad or missing value for " + a};
    if (a == "-h" || a == "--help") {
      o.help = true;
    } else if (a == "-c" || a == "--config") {
      auto v = value();
      if (!v) return bad;
      o.config_file = *v;
    } else if (a == "--scp-pc") {
      auto v = value();
      if (!v || !parse_point_code(*v)) return bad;
      o.scp_pc = *v;
    } else if (a == "--scp-ssn") {
      auto v = number(1, 255);
      if (!v) return bad;
      o.scp_ssn = static_cast<unsigned>(*v);
    } else if (a == "--wait-link") {
      auto v = number(0, 3600);
      if (!v) return bad;
      o.wait_link = *v;
    } else if (a == "--protocol") {
      auto v = value();
      auto p = v ? parse_protocol(*v) : std::nullopt;
      if (!p) return bad;
      o.ssf.variant = *p;
    } else if (a == "--service-key") {
      auto v = number(0, 2147483647);
      if (!v) return bad;
      o.ssf.service_key = static_cast<std::uint32_t>(*v);
    } else if (a == "--trigger") {
      auto v = value();
      if (!v) return bad;
      if (*v == "tdp12") o.ssf.trigger = codec::event_type_bcsm::term_attempt_authorized;
      else if (*v == "tdp2") o.ssf.trigger = codec::event_type_bcsm::collected_info;
      else if (*v == "tdp3") o.ssf.trigger = codec::event_type_bcsm::analyzed_information;
      else return bad;
    } else if (a == "--called" || a == "--calling") {
      auto v = value();
      auto p = v ? number_pool::parse(*v) : std::nullopt;
      if (!p) return bad;
      (a == "--called" ? o.called : o.calling) = *p;
    } else if (a == "--scenario") {
      auto v = value();
      auto s = v ? parse_scenario(*v) : std::nullopt;
      if (!s) return bad;
      s->hold = o.ssf.sc.hold;
      o.ssf.sc = *s;
    } else if (a == "--hold") {
      auto v = number(0, 86400);
      if (!v) return bad;
      o.ssf.sc.hold = milliseconds(static_cast<std::int64_t>(std::llround(*v * 1000)));
    } else if (a == "--call-timeout") {
      auto v = number(0.001, 86400);
      if (!v) return bad;
      o.ssf.call_timeout = milliseconds(static_cast<std::int64_t>(std::llround(*v * 1000)));
    } else if (a == "--ip") {
      auto v = value();
      if (!v) return bad;
      const auto colon = v->rfind(':');
      if (colon == std::string::npos) return bad;
      o.ip_address = v->substr(0, colon);
      const std::string port = v->substr(colon + 1);
      if (port.empty() || port.size() > 5 || port.find_first_not_of("0123456789") != std::string::npos ||
          std::stoul(port) == 0 || std::stoul(port) > 65535)
        return bad;
      o.ip_port = static_cast<std::uint16_t>(std::stoul(port));
    } else if (a == "--local-ip") {
      auto v = value();
      if (!v) return bad;
      o.local_address = *v;
    } else if (a == "--no-bearer") {
      o.ssf.no_bearer = true;
    } else if (a == "--store") {
      auto v = value();
      if (!v) return bad;
      o.store_path = *v;
    } else if (a == "--expect-file") {
      auto v = value();
      if (!v) return bad;
      o.expect_file = *v;
    } else if (a == "--expect-announcement") {
      auto v = number(0, 4294967295.0);
      if (!v) return bad;
      o.expect_announcement = static_cast<std::uint32_t>(*v);
    } else if (a == "--rate") {
      auto v = number(0, 1e7);
      if (!v) return bad;
      o.rate = *v;
      load_flag = true;
    } else if (a == "--concurrency") {
      auto v = number(1, 1e7);
      if (!v) return bad;
      o.concurrency = static_cast<std::uint64_t>(*v);
      load_flag = true;
    } else if (a == "--duration") {
      auto v = number(0.001, 1e6);
      if (!v) return bad;
      o.duration = *v;
      load_flag = true;
    } else if (a == "--count") {
      auto v = number(1, 1e12);
      if (!v) return bad;
      o.count = static_cast<std::uint64_t>(*v);
      o.count_given = true;
      if (o.count > 1) load_flag = true;
    } else {
      return cmr::unexpected{"unknown option " + a};
    }
  }
  o.load = load_flag;
  if (o.load && !o.count_given && o.duration <= 0) o.duration = 10;
  if (!o.help && o.config_file.empty()) return cmr::unexpected{std::string("-c FILE is required")};
  if (!o.store_path.empty() && !o.expect_file.empty())
    return cmr::unexpected{std::string("--store and --expect-file exclude each other")};
  return o;
}

namespace {

std::mutex g_out_mu;
void say(const std::string& line) {
  const std::lock_guard lock(g_out_mu);
  std::fputs((line + "\n").c_str(), stdout);
  std::fflush(stdout);
}

std::string hex_id(std::uint32_t id) {
  char b[16];
  std::snprintf(b, sizeof b, "%08x", id);
  return b;
}

// Everything below runs on the io thread (one thread: the strand of the
// TCAP layer and the SIP stack never run concurrently).
class driver final : public call_observer {
public:
  driver(boost::asio::io_context& io, const app_options& o) : io_(io), o_(o), tick_(io) {}

  ssf_engine* engine = nullptr;
  load_stats stats;
  std::promise<void> done;

  void prepare_idps() {
    pool_ = std::max(o_.called.count, o_.calling.count);
    if (pool_ <= 65536) {
      idps_.reserve(pool_);
      for (std::uint64_t j = 0; j < pool_; ++j)
        idps_.push_back(encode_idp(o_.ssf, o_.called.at(j), o_.calling.at(j)));
    }
  }
  [[nodiscard]] bool idps_ok() const {
    return encode_idp(o_.ssf, o_.called.at(0), o_.calling.at(0)).size() > 0;
  }

  void start() {
    t0_ = clock_type::now();
    if (o_.load) tick();
    else start_one();
  }

  void stop_starting() { stopping_ = true; }
  [[nodiscard]] double seconds() const {
    return std::chrono::duration<double>((end_ ? *end_ : clock_type::now()) - t0_).count();
  }

  void call_finished(const call_record& r) override {
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
      say(s);
    } else if (o_.rate <= 0 && may_start()) {
      start_one();
    }
    check_done();
  }

  void trace(dialogue_id id, const std::string& line) override {
    char b[32];
    std::snprintf(b, sizeof b, "%9.3f", std::chrono::duration<double, std::milli>(clock_type::now() - t0_).count());
    say(std::string("t=") + b + " call=" + hex_id(id) + " " + line);
  }

  void check_done() {
    if (finished_ || may_start() || engine->live_calls() != 0) return;
    finished_ = true;
    end_ = clock_type::now();
    tick_.cancel();
    done.set_value();
  }

private:
  [[nodiscard]] bool may_start() const {
    if (stopping_) return false;
    if (!o_.load) return stats.started < 1;
    if (o_.count_given) return stats.started < o_.count;
    return clock_type::now() - t0_ < std::chrono::duration<double>(o_.duration);
  }

  void start_one() {
    const std::uint64_t i = stats.started++;
    const std::uint64_t j = pool_ == 0 ? 0 : i % pool_;
    if (!idps_.empty()) engine->start_call(idps_[j]);
    else engine->start_call(encode_idp(o_.ssf, o_.called.at(j), o_.calling.at(j)));
    stats.max_live = std::max(stats.max_live, engine->live_calls());
  }

  void tick() {
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

  boost::asio::io_context& io_;
  const app_options& o_;
  boost::asio::steady_timer tick_;
  std::vector<codec::bytes> idps_;
  std::uint64_t pool_ = 1;
  clock_type::time_point t0_;
  std::optional<clock_type::time_point> end_;
  bool stopping_ = false;
  bool finished_ = false;
};

template <typename F>
auto on_io(boost::asio::io_context& io, F f) {
  std::packaged_task<decltype(f())()> task(std::move(f));
  auto fut = task.get_future();
  boost::asio::post(io, [&task] { task(); });
  return fut.get();
}

}  // namespace

int run(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  auto parsed = parse_options(args);
  if (!parsed) {
    std::fprintf(stderr, "cmr-ssf: %s\n(cmr-ssf --help lists the options)\n", parsed.error().c_str());
    return 2;
  }
  app_options o = *parsed;
  if (o.help) {
    std::fputs(usage_text, stdout);
    return 0;
  }
  const std::uint8_t ssn = static_cast<std::uint8_t>(o.scp_ssn.value_or(codec::is_cap(o.ssf.variant) ? 146 : 241));
  o.ssf.scp.point_code = *parse_point_code(o.scp_pc);
  o.ssf.scp.ssn = ssn;
  o.ssf.trace = !o.load;

  std::unique_ptr<content_source> content;
  if (!o.expect_file.empty()) {
    auto f = file_content::open(o.expect_file);
    if (!f) {
      std::fprintf(stderr, "cmr-ssf: %s\n", f.error().c_str());
      return 2;
    }
    content = std::move(*f);
  } else if (!o.store_path.empty()) {
    auto s = store_content::open(o.store_path, o.expect_announcement);
    if (!s) {
      std::fprintf(stderr, "cmr-ssf: %s\n", s.error().c_str());
      return 2;
    }
    content = std::move(*s);
  }
  boost::system::error_code ec1;
  boost::system::error_code ec2;
  const auto ip_addr = boost::asio::ip::make_address(o.ip_address, ec1);
  const auto local_addr = boost::asio::ip::make_address(o.local_address, ec2);
  if (ec1 || ec2) {
    std::fprintf(stderr, "cmr-ssf: bad --ip or --local-ip address\n");
    return 2;
  }

  boost::asio::io_context io(1);
  auto guard = boost::asio::make_work_guard(io);
  std::thread io_thread([&io] { io.run(); });
  int status = 0;
  {
    ss7_endpoint_options eo;
    eo.config_file = o.config_file;
    auto endpoint = ss7_endpoint::start(io, eo);
    if (!endpoint) {
      std::fprintf(stderr, "cmr-ssf: %s\n", endpoint.error().c_str());
      guard.reset();
      io.stop();
      io_thread.join();
      return 2;
    }
    auto& ep = **endpoint;

    driver drv(io, o);
    drv.prepare_idps();
    if (!drv.idps_ok()) {
      std::fprintf(stderr, "cmr-ssf: the InitialDP does not encode for %s\n", protocol_name(o.ssf.variant));
      status = 2;
    }
    cmr::asio_timer_service timers(io.get_executor());
    std::unique_ptr<sip_bearer_service> bearers;
    std::unique_ptr<ssf_engine> engine;
    std::unique_ptr<tcap::tcap_layer> layer;
    sigtran::sccp_service* svc = ep.attach(ssn, io.get_executor(), [&layer](sigtran::n_unitdata m) {
      if (layer) layer->receive(m);
    });
    if (status == 0 && svc == nullptr) {
      std::fprintf(stderr, "cmr-ssf: SSN %u is not configured (sigtran / sccp-user ssn %u)\n", ssn, ssn);
      status = 2;
    }
    if (status == 0) {
      const std::string err = on_io(io, [&]() -> std::string {
        if (!o.ssf.no_bearer) {
          sip_bearer_options so;
          so.ip = sip::endpoint{ip_addr, o.ip_port, sip::transport_kind::udp};
          so.local = local_addr;
          bearers = std::make_unique<sip_bearer_service>(io, so, content.get());
          if (auto r = bearers->start(); !r) return r.error();
        }
        engine = std::make_unique<ssf_engine>(timers, o.ssf, bearers.get(), drv);
        if (bearers) bearers->set_events(engine.get());
        tcap::tcap_config tc;
        tc.max_dialogues = std::max<std::size_t>(200000, o.concurrency * 2);
        layer = std::make_unique<tcap::tcap_layer>(*svc, timers, *engine, tcap::ac_table::all_known(),
                                                   tcap::operation_table::cap_inap_defaults(), tc);
        engine->set_layer(layer.get());
        drv.engine = engine.get();
        return {};
      });
      if (!err.empty()) {
        std::fprintf(stderr, "cmr-ssf: %s\n", err.c_str());
        status = 2;
      }
    }
    if (status == 0) {
      say("ready " + point_code_text(ep.own_pc()) + " scp " + o.scp_pc + " ssn " + std::to_string(ssn) +
          " protocol " + protocol_name(o.ssf.variant) + (bearers ? " sip " + std::to_string(bearers->sip_port()) : ""));
      if (!ep.wait_active(std::chrono::milliseconds(static_cast<std::int64_t>(o.wait_link * 1000)))) {
        std::fprintf(stderr, "cmr-ssf: no AS became active within %.0f s\n", o.wait_link);
        status = 2;
      } else {
        // The far end (through an STP) may come up a moment later.
        std::this_thread::sleep_for(std::chrono::milliseconds(200));
        say("active");
      }
    }
    if (status == 0) {
      boost::asio::signal_set signals(io, SIGINT, SIGTERM);
      signals.async_wait([&drv, &engine](const boost::system::error_code& e, int) {
        if (e) return;
        drv.stop_starting();
        if (engine) drv.check_done();
      });
      auto fut = drv.done.get_future();
      boost::asio::post(io, [&drv] { drv.start(); });
      const double horizon = (o.load ? (o.count_given ? 3600.0 : o.duration) : 0.0) +
                             std::chrono::duration<double>(o.ssf.call_timeout).count() + 30.0;
      if (fut.wait_for(std::chrono::duration<double>(horizon)) != std::future_status::ready) {
        on_io(io, [&] {
          drv.stop_starting();
          engine->abort_all();
          return 0;
        });
        fut.wait();
      }
      on_io(io, [&] {
        signals.cancel();
        return 0;
      });
      const std::string summary = on_io(io, [&] {
        std::string s = drv.stats.summary(drv.seconds(), o.rate);
        const auto& c = layer->counters();
        s += " tcap_tx=" + std::to_string(c.tx_messages) + " tcap_rx=" + std::to_string(c.rx_messages) +
             " open_dialogues=" + std::to_string(layer->dialogue_count());
        return s;
      });
      if (o.load) say(summary);
      if (drv.stats.failed != 0 || drv.stats.finished != drv.stats.started) status = 1;
    }
    on_io(io, [&] {
      layer.reset();
      engine.reset();
      if (bearers) bearers->stop();
      bearers.reset();
      return 0;
    });
    ep.stop();
    // Let the io thread run what the teardown queued (the completions of the
    // bearers' cancelled socket operations, which hold the last references
    // to their bearers and transactions), then stop it before the layer,
    // engine, timer service and driver of this scope are destroyed: a queued
    // handler must never run against them (a double free at exit was seen),
    // nor be left for ~io_context to destroy after the bearer service is
    // gone ("pure virtual method called" was seen).
    on_io(io, [] { return 0; });
    guard.reset();
    io.stop();
    io_thread.join();
  }
  return status;
}

}  // namespace cmr::tools::ssf
