// sccp_peer -c FILE [--echo] [--quiet]
//
// Runs the SIGTRAN binding (sigtran::ss7_stack) from an Osmocom .cfg file and
// answers commands on stdin, one per line; every answer is one line on
// stdout (received messages too), so a test can drive two or more peers.
//
//   send SSN DPC DSSN HEX [GT]   N-UNITDATA from local SSN to DPC/DSSN
//                                -> "sent 1" | "sent 0" (refused: no route)
//   links                        -> "link ASP|AS NAME STATE" ... "end"
//   counters                     -> "counters SSN sent S dropped D invalid I received R unhandled U"
//                                   per SSN, then "end"
//   load SSN DPC DSSN COUNT OUTSTANDING SIZE
//                                COUNT messages against an echoing peer,
//                                OUTSTANDING in flight -> "load N SECONDS RATE"
//   quit
// Unsolicited: "ready PC", "listener PROTO HOST PORT",
//   "rx SSN CALLING_PC CALLING_SSN CALLED_PC CALLED_SSN GT HEX".
// --echo sends every received message back (called and calling swapped);
// --quiet does not print "rx" lines (load runs).
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/strand.hpp>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <future>
#include <iostream>
#include <mutex>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "sigtran/bridge.h"
#include "sigtran/osmo_runtime.h"
#include "sigtran/ss7_stack.h"

using namespace cmr;
using namespace cmr::sigtran;

namespace {

std::mutex g_out_mu;
void say(const std::string& line) {
  const std::lock_guard lock(g_out_mu);
  std::fputs((line + "\n").c_str(), stdout);
  std::fflush(stdout);
}

std::string pc_text(std::uint32_t pc) {
  return std::to_string((pc >> 11) & 7) + "." + std::to_string((pc >> 3) & 0xff) + "." + std::to_string(pc & 7);
}

std::uint32_t parse_pc(const std::string& s) {
  unsigned a = 0, b = 0, c = 0;
  if (std::sscanf(s.c_str(), "%u.%u.%u", &a, &b, &c) == 3) return (a << 11) | (b << 3) | c;
  return static_cast<std::uint32_t>(std::stoul(s));
}

std::string to_hex(const std::vector<std::uint8_t>& d) {
  static const char* digits = "0123456789abcdef";
  std::string s;
  for (const auto b : d) {
    s += digits[b >> 4];
    s += digits[b & 15];
  }
  return s.empty() ? "-" : s;
}

std::vector<std::uint8_t> from_hex(const std::string& s) {
  std::vector<std::uint8_t> d;
  for (std::size_t i = 0; i + 1 < s.size(); i += 2)
    d.push_back(static_cast<std::uint8_t>(std::stoul(s.substr(i, 2), nullptr, 16)));
  return d;
}

// The load loop: runs on the strand of the receive handler.
struct load_state {
  bool active = false;
  std::uint64_t target = 0, sent = 0, received = 0;
  sccp_service* svc = nullptr;
  n_unitdata proto;
  std::chrono::steady_clock::time_point start;
  std::promise<double> done;
};

}  // namespace

int main(int argc, char** argv) {
  std::string config;
  bool echo = false;
  bool quiet = false;
  for (int i = 1; i < argc; ++i) {
    if (std::strcmp(argv[i], "-c") == 0 && i + 1 < argc) config = argv[++i];
    else if (std::strcmp(argv[i], "--echo") == 0) echo = true;
    else if (std::strcmp(argv[i], "--quiet") == 0) quiet = true;
  }
  if (config.empty()) {
    std::fputs("usage: sccp_peer -c FILE [--echo] [--quiet]\n", stderr);
    return 2;
  }

  boost::asio::io_context io;
  auto guard = boost::asio::make_work_guard(io);
  std::thread io_thread([&io] { io.run(); });
  auto strand = boost::asio::make_strand(io);
  bridge br(io);
  br.start();

  osmo_runtime_options o;
  o.app = {"sccp-peer", "test", "test helper\r\n"};
  o.config_file = config;
  o.default_vty_port = 0;
  auto runtime = start_sigtran_client(br, o);
  if (!runtime) {
    std::fprintf(stderr, "sccp_peer: %s\n", runtime.error().c_str());
    return 1;
  }
  ss7_stack stack(br, *runtime);
  if (auto r = stack.start(); !r) {
    std::fprintf(stderr, "sccp_peer: %s\n", r.error().c_str());
    return 1;
  }

  load_state load;  // strand only, once started
  for (const std::uint8_t ssn : runtime->ssns) {
    stack.attach(ssn, strand, [&load, echo, quiet, ssn, &stack](n_unitdata m) {
      if (load.active) {
        ++load.received;
        if (load.sent < load.target) {
          ++load.sent;
          load.svc->send_unitdata(load.proto);
        } else if (load.received == load.target) {
          load.active = false;
          load.done.set_value(std::chrono::duration<double>(std::chrono::steady_clock::now() - load.start).count());
        }
        return;
      }
      if (!quiet)
        say("rx " + std::to_string(ssn) + " " + (m.calling.point_code ? pc_text(*m.calling.point_code) : "-") +
          " " + (m.calling.ssn ? std::to_string(*m.calling.ssn) : "-") + " " +
          (m.called.point_code ? pc_text(*m.called.point_code) : "-") + " " +
          (m.called.ssn ? std::to_string(*m.called.ssn) : "-") + " " +
          (m.calling.gt_digits.empty() ? "-" : m.calling.gt_digits) + " " + to_hex(m.data));
      if (echo) {
        std::swap(m.called, m.calling);
        stack.service(ssn)->send_unitdata(std::move(m));
      }
    });
  }
  say("ready " + pc_text(stack.own_pc()));
  for (const auto& l : stack.listeners())
    say("listener " + l.protocol + " " + l.host + " " + std::to_string(l.port));

  std::string line;
  while (std::getline(std::cin, line)) {
    std::istringstream in(line);
    std::string cmd;
    in >> cmd;
    if (cmd == "quit") break;
    if (cmd == "send") {
      unsigned ssn = 0, dssn = 0;
      std::string dpc, hex, gt;
      in >> ssn >> dpc >> dssn >> hex >> gt;
      sccp_service* svc = stack.service(static_cast<std::uint8_t>(ssn));
      n_unitdata m;
      m.called.point_code = parse_pc(dpc);
      m.called.ssn = static_cast<std::uint8_t>(dssn);
      m.called.gt_digits = gt;
      m.calling.gt_digits = gt;
      m.data = from_hex(hex);
      say(std::string("sent ") + (svc != nullptr && svc->send_unitdata(std::move(m)) ? "1" : "0"));
    } else if (cmd == "links") {
      for (const auto& r : stack.links().links())
        say(std::string("link ") + (r.what == link_row::kind::asp ? "ASP " : "AS ") + r.name + " " + r.state);
      say("end");
    } else if (cmd == "counters") {
      for (const auto& [ssn, c] : stack.counters())
        say("counters " + std::to_string(ssn) + " sent " + std::to_string(c.sent) + " dropped " +
            std::to_string(c.send_dropped) + " invalid " + std::to_string(c.send_invalid) + " received " +
            std::to_string(c.received) + " unhandled " + std::to_string(c.received_unhandled));
      say("end");
    } else if (cmd == "load") {
      unsigned ssn = 0, dssn = 0;
      std::string dpc;
      std::uint64_t count = 0, outstanding = 0, size = 0;
      in >> ssn >> dpc >> dssn >> count >> outstanding >> size;
      auto finished = load.done.get_future();
      std::promise<void> started;
      boost::asio::post(strand, [&] {
        load.svc = stack.service(static_cast<std::uint8_t>(ssn));
        load.proto.called.point_code = parse_pc(dpc);
        load.proto.called.ssn = static_cast<std::uint8_t>(dssn);
        load.proto.data.assign(size, 0x5a);
        load.target = count;
        load.received = 0;
        load.sent = 0;
        load.active = true;
        load.start = std::chrono::steady_clock::now();
        for (; load.sent < std::min(outstanding, count); ++load.sent) load.svc->send_unitdata(load.proto);
        started.set_value();
      });
      started.get_future().wait();
      if (finished.wait_for(std::chrono::seconds(120)) != std::future_status::ready) {
        say("load timeout");
        break;
      }
      const double s = finished.get();
      say("load " + std::to_string(count) + " " + std::to_string(s) + " " +
          std::to_string(static_cast<std::uint64_t>(static_cast<double>(count) / s)));
      load.done = std::promise<double>();
    } else if (!cmd.empty()) {
      say("error unknown command " + cmd);
    }
  }
  stack.stop();
  br.stop();
  guard.reset();
  io.stop();
  io_thread.join();
  return 0;
}
