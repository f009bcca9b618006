// tcap_peer -c FILE --responder | --initiator [options]
//
// A stand-alone process running the SIGTRAN binding (osmo thread, bridge,
// sigtran::ss7_stack) from an Osmocom .cfg file with one in::tcap::tcap_layer
// on SSN 146 (asio_timer_service on the layer's strand). Used by
// tests/integration/tcap and tests/bench/run_tcap_sigtran_bench.sh.
//
// Dialogue (CAP v2, gsmSSF-to-gsmSCF AC):
//   initiator TC-BEGIN(InitialDP)
//   responder TC-CONTINUE(RequestReportBCSMEvent + ConnectToResource + PlayAnnouncement)
//   initiator TC-CONTINUE(EventReportBCSM, or SpecializedResourceReport every other dialogue)
//   responder TC-END (basic)
// Both sides decode every argument they receive.
//
// --responder            answers dialogues until SIGTERM/SIGINT or "quit"/EOF on stdin
//                        when --stdin is given; then prints the summary
// --initiator            keeps --outstanding N (default 100) dialogues in flight towards
//                        --dpc PC (SSN 146) for --duration S seconds or --count N dialogues
// --bad-dtid             initiator: instead of load, sends one TC-CONTINUE with an unknown
//                        DTID and waits for the P-Abort ("p_abort cause=N name")
// --probe-notice SSN     initiator: instead of load, opens one dialogue towards --dpc PC
//                        and SSN (unequipped there, or --dpc unreachable) and waits for its
//                        TC-NOTICE ("notice same_dialogue=1 cause=N local=0|1 begin=ok|send_failed")
// --probe-uni            initiator: sends one TC-UNI (CAP v4 AC, ActivityTest) to --dpc SSN 146
//                        ("uni sent"); a responder prints "uni opcode=55 ac=1 from=PC" per TC-UNI
// --wait-link            wait until an AS of the config is AS_ACTIVE ("active"), implied for
//                        the initiator
// Output lines: "ready PC", "listener PROTO HOST PORT", "active", and at the end
//   "summary role=R dialogues=D messages=M seconds=S msgs_per_s=X cpu_s=C cpu_us_per_msg=U
//    errors=E p_aborts_sent=P open=O" (cpu: the whole process, all threads, user + system,
//    over the measured period; for the responder that includes idle time before the load)
// Exit status: 0 when errors=0 (and for --bad-dtid: the P-Abort arrived with
// cause unrecognizedTransactionID), 1 otherwise, 2 on usage or setup failure.
#include <sys/resource.h>
#include <unistd.h>

#include <atomic>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/strand.hpp>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <future>
#include <iostream>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

#include "in/codec/operations_codec.h"
#include "in/codec/protocol_constants.h"
#include "in/codec/tcap_message.h"
#include "common/asio_timer_service.h"
#include "in/tcap/tcap_layer.h"
#include "sigtran/bridge.h"
#include "sigtran/osmo_runtime.h"
#include "sigtran/ss7_stack.h"
#include "tests/common/cap_dialogue_arguments.h"

using namespace cmr;
using namespace cmr::sigtran;
using namespace cmr::in;
using namespace cmr::in::tcap;
namespace op = codec::opcode;
using clock_type = std::chrono::steady_clock;

namespace {

constexpr auto v2 = codec::protocol_variant::cap_v2;
constexpr std::uint8_t cap_ssn = 146;

std::mutex g_out_mu;
void say(const std::string& line) {
  const std::lock_guard lock(g_out_mu);
  std::fputs((line + "\n").c_str(), stdout);
  std::fflush(stdout);
}

std::string pc_text(std::uint32_t pc) {
  return std::to_string((pc >> 11) & 7) + "." + std::to_string((pc >> 3) & 0xff) + "." +
         std::to_string(pc & 7);
}

std::uint32_t parse_pc(const std::string& s) {
  unsigned a = 0, b = 0, c = 0;
  if (std::sscanf(s.c_str(), "%u.%u.%u", &a, &b, &c) == 3) return (a << 11) | (b << 3) | c;
  return static_cast<std::uint32_t>(std::stoul(s));
}

// The dialogue's arguments, encoded once (tests/common/cap_dialogue_arguments.h).
struct arguments : codec::test::cap_dialogue_arguments {
  arguments() : cap_dialogue_arguments(v2) {}
};

// Decodes an invoke's argument by opcode (CAP v2); false when it does not decode.
bool decodes(const component_ind& c) {
  if (!c.parameter) return c.code == op::specialized_resource_report;  // NULL argument may be absent
  const auto& p = *c.parameter;
  switch (c.code) {
    case op::initial_dp: return codec::decode_initial_dp(v2, p).has_value();
    case op::request_report_bcsm_event: return codec::decode_request_report_bcsm_event(v2, p).has_value();
    case op::connect_to_resource: return codec::decode_connect_to_resource(v2, p).has_value();
    case op::play_announcement: return codec::decode_play_announcement(v2, p).has_value();
    case op::specialized_resource_report: return codec::decode_specialized_resource_report(v2, p).has_value();
    case op::event_report_bcsm: return codec::decode_event_report_bcsm(v2, p).has_value();
    default: return false;
  }
}

// All components are invokes with these opcodes, in order, and decode.
bool invokes_are(const dialogue_ind& ind, std::initializer_list<std::int32_t> codes) {
  if (ind.components.size() != codes.size()) return false;
  std::size_t i = 0;
  for (const auto code : codes) {
    const auto& c = ind.components[i++];
    if (c.type != component_ind::kind::invoke || c.code != code || !decodes(c)) return false;
  }
  return true;
}

// Everything below runs on the layer's strand.
class peer_user final : public tc_user {
public:
  peer_user(bool initiator, const arguments& args) : initiator_(initiator), args_(args) {}
  void set_layer(tcap_layer* l) { layer_ = l; }

  // --- initiator ---
  sccp_address called;
  std::uint64_t outstanding = 100;
  std::uint64_t count_limit = 0;  // 0: by time
  clock_type::time_point deadline;
  std::uint64_t started = 0;
  std::promise<void> finished;
  bool finished_set = false;

  void start_load() {
    for (std::uint64_t i = 0; i < outstanding && may_start(); ++i) start_one();
    check_done();
  }

  // --- both ---
  std::uint64_t completed = 0;
  std::uint64_t errors = 0;
  std::string first_error;

  void on_dialogue(const dialogue_ind& ind) override {
    if (initiator_) initiator_dialogue(ind);
    else responder_dialogue(ind);
  }
  void on_u_abort(const u_abort_ind& ind) override {
    error("TC-U-ABORT dialogue " + std::to_string(ind.id));
    lost(ind.id);
  }
  void on_p_abort(const p_abort_ind& ind) override {
    error(std::string("TC-P-ABORT ") + to_string(ind.reason) + " dialogue " + std::to_string(ind.id));
    lost(ind.id);
  }
  void on_l_cancel(const l_cancel_ind& ind) override {
    // Class 2 operations without an answer end this way only when the
    // dialogue outlives their timer: an error in this scenario.
    error("TC-L-CANCEL opcode " + std::to_string(ind.opcode));
  }
  void on_notice(const notice_ind& ind) override {
    if (probe_notice && !notice_set) {
      notice_set = true;
      notice.set_value(ind);
      return;
    }
    error("TC-NOTICE dialogue " + std::to_string(ind.id));
  }
  void on_uni(const uni_ind& ind) override {
    for (const auto& c : ind.components)
      say("uni opcode=" + std::to_string(c.code) + " ac=" + (ind.ac_name ? "1" : "0") +
          " from=" + pc_text(ind.peer.point_code.value_or(0)));
  }

  // --- probes ---
  bool probe_notice = false;
  bool notice_set = false;
  std::promise<notice_ind> notice;

private:
  bool may_start() const {
    if (count_limit != 0) return started < count_limit;
    return clock_type::now() < deadline;
  }

  void start_one() {
    ++started;
    const dialogue_id d = layer_->open(called, codec::ac::cap_v2_gsmssf_to_gsmscf);
    check(layer_->invoke(d, {1, {}, op::initial_dp, args_.idp, {}, {}}), "invoke IDP");
    check(layer_->begin(d), "begin");
  }

  void check_done() {
    if (finished_set) return;
    if (layer_->dialogue_count() == 0 && !may_start()) {
      finished_set = true;
      finished.set_value();
    }
  }

  void lost(dialogue_id) {
    if (initiator_) {
      if (may_start()) start_one();
      check_done();
    }
  }

  void initiator_dialogue(const dialogue_ind& ind) {
    if (ind.type == dialogue_ind_kind::continue_) {
      if (!invokes_are(ind, {op::request_report_bcsm_event, op::connect_to_resource, op::play_announcement}))
        error("unexpected TC-CONTINUE components");
      if (ind.id % 2 == 0)
        check(layer_->invoke(ind.id, {2, {}, op::event_report_bcsm, args_.erb, {}, {}}), "invoke ERB");
      else
        check(layer_->invoke(ind.id, {2, {}, op::specialized_resource_report, args_.srr, {}, {}}),
              "invoke SRR");
      check(layer_->continue_(ind.id), "continue");
    } else if (ind.type == dialogue_ind_kind::end) {
      if (!ind.components.empty()) error("unexpected components in TC-END");
      ++completed;
      if (may_start()) start_one();
      check_done();
    } else {
      error("unexpected TC-BEGIN at the initiator");
      (void)layer_->u_abort(ind.id);
    }
  }

  void responder_dialogue(const dialogue_ind& ind) {
    if (ind.type == dialogue_ind_kind::begin) {
      if (!ind.ac_name || *ind.ac_name != codec::ac::cap_v2_gsmssf_to_gsmscf || !invokes_are(ind, {op::initial_dp})) {
        error("unexpected TC-BEGIN (context or InitialDP)");
        (void)layer_->u_abort(ind.id);
        return;
      }
      check(layer_->invoke(ind.id, {1, {}, op::request_report_bcsm_event, args_.rrbe, {}, {}}), "invoke RRBE");
      check(layer_->invoke(ind.id, {2, {}, op::connect_to_resource, args_.ctr, {}, {}}), "invoke CTR");
      check(layer_->invoke(ind.id, {3, {}, op::play_announcement, args_.pa, {}, {}}), "invoke PA");
      check(layer_->continue_(ind.id), "continue");
    } else if (ind.type == dialogue_ind_kind::continue_) {
      if (!invokes_are(ind, {op::event_report_bcsm}) && !invokes_are(ind, {op::specialized_resource_report}))
        error("unexpected TC-CONTINUE components");
      check(layer_->end(ind.id), "end");
      ++completed;
    } else {
      error("unexpected TC-END at the responder");
    }
  }

  void check(const result<void, tc_error>& r, const char* what) {
    if (!r) error(std::string(what) + ": " + to_string(r.error()));
  }
  void error(const std::string& what) {
    if (errors++ == 0) first_error = what;
  }

  bool initiator_;
  const arguments& args_;
  tcap_layer* layer_ = nullptr;
};

// CPU time of the whole process (all threads), user + system, in seconds.
double process_cpu_seconds() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  auto s = [](const timeval& t) { return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_usec) / 1e6; };
  return s(u.ru_utime) + s(u.ru_stime);
}

bool any_as_active(const ss7_stack& stack) {
  for (const auto& r : stack.links().links())
    if (r.what == link_row::kind::as && r.state == "AS_ACTIVE") return true;
  return false;
}

}  // namespace

int main(int argc, char** argv) {
  std::string config;
  std::string role;
  std::string dpc = "0.23.2";
  std::uint64_t outstanding = 100;
  std::uint64_t count = 0;
  double duration = 10;
  bool bad_dtid = false;
  int probe_notice_ssn = -1;
  bool probe_uni = false;
  bool wait_link = false;
  bool use_stdin = false;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    const bool has_value = i + 1 < argc;
    if (a == "-c" && has_value) config = argv[++i];
    else if (a == "--responder") role = "responder";
    else if (a == "--initiator") role = "initiator";
    else if (a == "--dpc" && has_value) dpc = argv[++i];
    else if (a == "--outstanding" && has_value) outstanding = std::stoull(argv[++i]);
    else if (a == "--count" && has_value) count = std::stoull(argv[++i]);
    else if (a == "--duration" && has_value) duration = std::stod(argv[++i]);
    else if (a == "--bad-dtid") bad_dtid = true;
    else if (a == "--probe-notice" && has_value) probe_notice_ssn = std::stoi(argv[++i]);
    else if (a == "--probe-uni") probe_uni = true;
    else if (a == "--wait-link") wait_link = true;
    else if (a == "--stdin") use_stdin = true;
    else {
      std::fprintf(stderr, "tcap_peer: unknown argument %s\n", a.c_str());
      return 2;
    }
  }
  if (config.empty() || role.empty() || outstanding == 0) {
    std::fputs(
        "usage: tcap_peer -c FILE --responder [--wait-link] [--stdin]\n"
        "       tcap_peer -c FILE --initiator [--dpc PC] [--outstanding N] [--duration S | --count N] "
        "[--bad-dtid]\n",
        stderr);
    return 2;
  }
  const bool initiator = role == "initiator";
  if (initiator) wait_link = true;
  const arguments args;
  if (!args.complete()) {
    std::fputs("tcap_peer: an argument did not encode for CAP v2\n", stderr);
    return 2;
  }

  boost::asio::io_context io;
  auto guard = boost::asio::make_work_guard(io);
  std::thread io_thread([&io] { io.run(); });
  auto strand = boost::asio::make_strand(io);
  bridge br(io);
  br.start();

  osmo_runtime_options o;
  o.app = {"tcap-peer", "test", "test helper\r\n"};
  o.config_file = config;
  o.default_vty_port = 0;
  auto runtime = start_sigtran_client(br, o);
  if (!runtime) {
    std::fprintf(stderr, "tcap_peer: %s\n", runtime.error().c_str());
    return 2;
  }
  ss7_stack stack(br, *runtime);
  if (auto r = stack.start(); !r) {
    std::fprintf(stderr, "tcap_peer: %s\n", r.error().c_str());
    return 2;
  }

  asio_timer_service timers(strand);
  peer_user user(initiator, args);
  std::unique_ptr<tcap_layer> layer;
  // Bad-DTID probe: the P-Abort answering our stray TC-CONTINUE is addressed
  // to a TID the layer does not know (it would discard it), so it is looked
  // at here first.
  const codec::bytes stray_otid{0x0b, 0xad, 0x0b, 0xad};
  std::promise<std::optional<codec::p_abort_cause>> probe;
  std::atomic<bool> probe_set{false};

  sccp_service* svc = stack.attach(
      cap_ssn, strand,
      [&](n_unitdata m) {
        if (bad_dtid && !probe_set.load()) {
          if (auto msg = codec::decode_tc_message(m.data); msg && msg->type == codec::tc_type::abort &&
                                                             msg->dtid == stray_otid) {
            probe_set = true;
            probe.set_value(msg->p_abort);
            return;
          }
        }
        if (layer) layer->receive(m);
      },
      [&](n_notice n) {
        if (layer) layer->notice(n);
      });
  if (svc == nullptr) {
    std::fputs("tcap_peer: SSN 146 is not configured (sigtran / sccp-user ssn 146)\n", stderr);
    return 2;
  }
  {
    std::promise<void> made;
    boost::asio::post(strand, [&] {
      layer = std::make_unique<tcap_layer>(*svc, timers, user, ac_table::all_known(),
                                           operation_table::cap_inap_defaults());
      user.set_layer(layer.get());
      made.set_value();
    });
    made.get_future().wait();
  }
  say("ready " + pc_text(stack.own_pc()));
  for (const auto& l : stack.listeners())
    say("listener " + l.protocol + " " + l.host + " " + std::to_string(l.port));

  if (wait_link) {
    const auto until = clock_type::now() + std::chrono::seconds(15);
    while (!any_as_active(stack) && clock_type::now() < until)
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    if (!any_as_active(stack)) {
      std::fputs("tcap_peer: no AS became active within 15 s\n", stderr);
      return 2;
    }
    // The remote end (through an STP) may come up a moment later.
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
    say("active");
  }

  int status = 0;
  double seconds = 0;
  double cpu0 = 0;
  if (initiator && bad_dtid) {
    codec::tc_message m;
    m.type = codec::tc_type::continue_;
    m.otid = stray_otid;
    m.dtid = {0xde, 0xad, 0xbe, 0xef};
    codec::tc_component c;
    c.invoke_id = 2;
    c.code.local = op::event_report_bcsm;
    c.parameter = args.erb;
    m.components.push_back(c);
    n_unitdata u;
    u.called.point_code = parse_pc(dpc);
    u.called.ssn = cap_ssn;
    u.calling = svc->local_address();
    u.data = codec::encode_tc_message(m);
    auto fut = probe.get_future();
    if (!svc->send_unitdata(std::move(u))) {
      say("p_abort none (send refused)");
      status = 1;
    } else if (fut.wait_for(std::chrono::seconds(5)) != std::future_status::ready) {
      say("p_abort none (timeout)");
      status = 1;
    } else {
      const auto cause = fut.get();
      const bool good = cause == codec::p_abort_cause::unrecognized_transaction_id;
      say("p_abort cause=" + (cause ? std::to_string(static_cast<int>(*cause)) : std::string("none")) +
          (good ? " unrecognizedTransactionID" : ""));
      status = good ? 0 : 1;
    }
  } else if (initiator && probe_notice_ssn >= 0) {
    user.probe_notice = true;
    auto fut = user.notice.get_future();
    std::promise<std::pair<dialogue_id, bool>> opened;
    boost::asio::post(strand, [&] {
      sccp_address to;
      to.point_code = parse_pc(dpc);
      to.ssn = static_cast<std::uint8_t>(probe_notice_ssn);
      const dialogue_id d = layer->open(to, codec::ac::cap_v2_gsmssf_to_gsmscf);
      (void)layer->invoke(d, {1, {}, op::initial_dp, args.idp, {}, {}});
      opened.set_value({d, layer->begin(d).has_value()});
    });
    const auto [d, begun] = opened.get_future().get();
    if (fut.wait_for(std::chrono::seconds(10)) != std::future_status::ready) {
      say(std::string("notice none (timeout) begin=") + (begun ? "ok" : "send_failed"));
      status = 1;
    } else {
      const notice_ind n = fut.get();
      say("notice same_dialogue=" + std::string(n.id == d ? "1" : "0") +
          " cause=" + std::to_string(n.return_cause) + " local=" + (n.local ? "1" : "0") +
          " begin=" + (begun ? "ok" : "send_failed"));
    }
    std::promise<void> aborted;
    boost::asio::post(strand, [&, id = d] {
      (void)layer->u_abort(id);
      aborted.set_value();
    });
    aborted.get_future().wait();
  } else if (initiator && probe_uni) {
    std::promise<bool> sent;
    boost::asio::post(strand, [&] {
      sccp_address to;
      to.point_code = parse_pc(dpc);
      to.ssn = cap_ssn;
      sent.set_value(layer
                         ->unidirectional(to, codec::ac::cap_v4_gsmssf_scf_generic,
                                          {{1, {}, op::activity_test, {}, {}, {}}})
                         .has_value());
    });
    const bool ok_sent = sent.get_future().get();
    // Sends are queued and handed to libosmo at the end of an osmo turn: do
    // not tear the stack down before the AUDT left (seen lost under load).
    for (int i = 0; ok_sent && i < 500; ++i) {
      bool handed = false;
      for (const auto& [ssn, c] : stack.counters())
        if (ssn == cap_ssn && c.sent >= 1) handed = true;
      if (handed) break;
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    if (ok_sent) std::this_thread::sleep_for(std::chrono::milliseconds(300));  // socket write
    say(ok_sent ? "uni sent" : "uni refused");
    if (!ok_sent) status = 1;
  } else if (initiator) {
    user.called.point_code = parse_pc(dpc);
    user.called.ssn = cap_ssn;
    user.outstanding = outstanding;
    user.count_limit = count;
    auto fut = user.finished.get_future();
    const auto t0 = clock_type::now();
    cpu0 = process_cpu_seconds();
    boost::asio::post(strand, [&] {
      user.deadline = clock_type::now() + std::chrono::duration_cast<clock_type::duration>(
                                              std::chrono::duration<double>(duration));
      user.start_load();
    });
    const auto limit = count != 0 ? std::chrono::seconds(120)
                                  : std::chrono::seconds(static_cast<long>(duration) + 30);
    if (fut.wait_for(limit) != std::future_status::ready) {
      std::fputs("tcap_peer: dialogues did not complete in time\n", stderr);
      status = 1;
    }
    seconds = std::chrono::duration<double>(clock_type::now() - t0).count();
  } else {
    // Responder: until a signal (or stdin closes / "quit" with --stdin).
    std::promise<void> stop;
    std::once_flag once;
    boost::asio::signal_set signals(io, SIGTERM, SIGINT);
    signals.async_wait([&](const boost::system::error_code&, int) {
      std::call_once(once, [&] { stop.set_value(); });
    });
    std::thread reader;
    if (use_stdin) {
      reader = std::thread([&] {
        std::string line;
        while (std::getline(std::cin, line) && line != "quit") {
        }
        std::call_once(once, [&] { stop.set_value(); });
      });
      reader.detach();
    }
    const auto t0 = clock_type::now();
    cpu0 = process_cpu_seconds();
    stop.get_future().wait();
    seconds = std::chrono::duration<double>(clock_type::now() - t0).count();
    signals.cancel();
  }

  // Summary, gathered on the strand.
  std::promise<std::string> summary;
  boost::asio::post(strand, [&] {
    const auto& c = layer->counters();
    const std::uint64_t msgs = c.rx_messages + c.tx_messages;
    const std::uint64_t errs = user.errors + c.rx_undecodable + c.send_failures + c.tx_rejects;
    const double cpu = process_cpu_seconds() - cpu0;
    char rate[64];
    std::snprintf(rate, sizeof rate, "%.0f", seconds > 0 ? static_cast<double>(msgs) / seconds : 0.0);
    char cpu_text[96];
    std::snprintf(cpu_text, sizeof cpu_text, " cpu_s=%.3f cpu_us_per_msg=%.2f", cpu,
                  msgs > 0 ? cpu * 1e6 / static_cast<double>(msgs) : 0.0);
    std::string s = "summary role=" + role + " dialogues=" + std::to_string(user.completed) +
                    " messages=" + std::to_string(msgs) + " seconds=" + std::to_string(seconds) +
                    " msgs_per_s=" + rate + cpu_text + " errors=" + std::to_string(errs) +
                    " p_aborts_sent=" + std::to_string(c.tx_p_aborts) +
                    " open=" + std::to_string(layer->dialogue_count());
    if (errs != 0) s += " first_error=\"" + user.first_error + "\"";
    if (errs != 0 && probe_notice_ssn < 0) status = 1;  // the notice probe provokes send failures
    layer.reset();  // on the strand: cancels its timers
    summary.set_value(s);
  });
  say(summary.get_future().get());

  stack.stop();
  br.stop();
  guard.reset();
  io.stop();
  io_thread.join();
  return status;
}
