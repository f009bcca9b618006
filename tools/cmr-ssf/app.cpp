#include "tools/cmr-ssf/app.h"

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/signal_set.hpp>
#include <csignal>
#include <cstdio>
#include <future>
#include <memory>
#include <thread>

#include "common/asio_timer_service.h"
#include "in/ansi_tcap/ansi_tcap_layer.h"
#include "in/tcap/tcap_layer.h"
#include "tools/cmr-ssf/g711_file_content.h"
#include "tools/cmr-ssf/load_driver.h"
#include "tools/cmr-ssf/options.h"
#include "tools/cmr-ssf/sip_bearer.h"
#include "tools/cmr-ssf/sip_trunk.h"
#include "tools/cmr-ssf/ss7_endpoint.h"
#include "tools/cmr-ssf/ssf_engine.h"
#include "tools/cmr-ssf/uploaded_content.h"
#include "tools/cmr-ssf/win_engine.h"
#include "tools/cmr-ssf/win_ip.h"
#include "tools/cmr-ssf/win_messages.h"

namespace cmr::tools::ssf {
namespace {

// The expected content the options name (nullptr: none, RTP headers only).
cmr::result<std::unique_ptr<content_source>, std::string> open_content(const app_options& o) {
  if (!o.expect_file.empty()) {
    auto f = g711_file_content::open(o.expect_file);
    if (!f) return cmr::unexpected{f.error()};
    return std::unique_ptr<content_source>(std::move(*f));
  }
  if (!o.expect_content.empty()) {
    auto u = uploaded_content::open(o.expect_content, o.expect_announcement);
    if (!u) return cmr::unexpected{u.error()};
    return std::unique_ptr<content_source>(std::move(*u));
  }
  return std::unique_ptr<content_source>();
}

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
    std::fprintf(stderr, "cmr-ssf: %s\n(cmr-ssf --help lists the options)\n",
                 parsed.error().c_str());
    return 2;
  }
  app_options o = *parsed;
  if (o.help) {
    std::fputs(usage_text, stdout);
    return 0;
  }
  const auto ssn = static_cast<std::uint8_t>(local_ssn_of(o));
  o.ssf.scp.point_code = *parse_point_code(o.scp_pc);
  o.ssf.scp.ssn = static_cast<std::uint8_t>(scp_ssn_of(o));
  const std::string protocol = o.ansi41 ? "ansi41" : protocol_name(o.ssf.variant);
  o.ssf.trace = !o.load;

  auto content = open_content(o);
  if (!content) {
    std::fprintf(stderr, "cmr-ssf: %s\n", content.error().c_str());
    return 2;
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

    load_driver drv(io, o);
    drv.prepare();
    if (!o.ansi41 && encode_idp(o.ssf, o.called.at(0), o.calling.at(0)).empty()) {
      std::fprintf(stderr, "cmr-ssf: the InitialDP does not encode for %s\n",
                   protocol_name(o.ssf.variant));
      status = 2;
    }
    cmr::asio_timer_service timers(io.get_executor());
    std::unique_ptr<sip_bearer_service> bearers;
    std::unique_ptr<sip_trunk_service> trunks;
    // One of the two call models with its TCAP layer: CAP/INAP over ITU
    // TCAP, or ANSI-41 WIN over ANSI TCAP.
    std::unique_ptr<ssf_engine> engine;
    std::unique_ptr<tcap::tcap_layer> layer;
    std::unique_ptr<win_engine> win;
    std::unique_ptr<in::ansi_tcap::ansi_tcap_layer> ansi_layer;
    // --emulate-ip: the IP the SCP seizes, on its own SCCP user and layer.
    std::unique_ptr<win_ip_emulator> ip;
    std::unique_ptr<in::ansi_tcap::ansi_tcap_layer> ip_layer;
    call_model* model = nullptr;
    sigtran::sccp_service* svc =
        ep.attach(ssn, io.get_executor(), [&layer, &ansi_layer](sigtran::n_unitdata m) {
          if (layer) layer->receive(m);
          if (ansi_layer) ansi_layer->receive(m);
        });
    if (status == 0 && svc == nullptr) {
      std::fprintf(stderr, "cmr-ssf: SSN %u is not configured (sigtran / sccp-user ssn %u)\n", ssn,
                   ssn);
      status = 2;
    }
    sigtran::sccp_service* ip_svc = nullptr;
    if (status == 0 && o.emulate_ip) {
      ip_svc = ep.attach(static_cast<std::uint8_t>(o.ip_ssn), io.get_executor(),
                         [&ip_layer](sigtran::n_unitdata m) {
                           if (ip_layer) ip_layer->receive(m);
                         });
      if (ip_svc == nullptr) {
        std::fprintf(stderr,
                     "cmr-ssf: --emulate-ip: SSN %u is not configured (sigtran / sccp-user ssn "
                     "%u)\n",
                     o.ip_ssn, o.ip_ssn);
        status = 2;
      }
    }
    if (status == 0) {
      const std::string err = on_io(io, [&]() -> std::string {
        if (!o.ssf.no_bearer) {
          sip_bearer_options so;
          so.ip = sip::endpoint{ip_addr, o.ip_port, sip::transport_kind::udp};
          so.local = local_addr;
          so.presses = o.presses;
          so.inband = o.dtmf_inband;
          so.expect_prompt = o.expect_prompt;
          bearers = std::make_unique<sip_bearer_service>(io, so, content->get());
          if (auto r = bearers->start(); !r) return r.error();
        }
        if (!o.ssf.platform_prefix.empty()) {
          boost::system::error_code ec;
          const auto platform = boost::asio::ip::make_address(o.platform_address, ec);
          if (ec) return "--platform " + o.platform_address + ": " + ec.message();
          sip_trunk_options to;
          to.as = sip::endpoint{platform, o.platform_port, sip::transport_kind::udp};
          to.local = local_addr;
          to.port = o.trunk_port;
          trunks = std::make_unique<sip_trunk_service>(io, to, content->get());
          if (auto r = trunks->start(); !r) return r.error();
        }
        if (o.ansi41) {
          win = std::make_unique<win_engine>(timers, o.ssf, bearers.get(), drv);
          if (bearers) bearers->set_events(win.get());
          if (trunks) {
            trunks->set_events(win.get());
            win->set_trunks(trunks.get());
          }
          in::ansi_tcap::ansi_tcap_config ac;
          // A call holds its AnalyzedInformation and up to two event
          // triggers at a time.
          ac.max_transactions = std::max<std::size_t>(200000, o.concurrency * 4);
          ansi_layer = std::make_unique<in::ansi_tcap::ansi_tcap_layer>(
              *svc, timers, *win, win_msc_operations(o.ssf.call_timeout), ac);
          win->set_layer(ansi_layer.get());
          if (ip_svc != nullptr) {
            win_ip_settings is;
            is.tldn_prefix = o.tldn_prefix;
            is.call_timeout = o.ssf.call_timeout;
            ip = std::make_unique<win_ip_emulator>(timers, is);
            in::ansi_tcap::ansi_tcap_config ic;
            ic.max_transactions = ac.max_transactions;
            ip_layer = std::make_unique<in::ansi_tcap::ansi_tcap_layer>(
                *ip_svc, timers, *ip, win_ip_emulator::operations(o.ssf.call_timeout), ic);
            ip->set_layer(ip_layer.get());
            win->set_emulated_ip(ip.get());
          }
          model = win.get();
        } else {
          engine = std::make_unique<ssf_engine>(timers, o.ssf, bearers.get(), drv);
          if (bearers) bearers->set_events(engine.get());
          if (trunks) {
            trunks->set_events(engine.get());
            engine->set_trunks(trunks.get());
          }
          tcap::tcap_config tc;
          tc.max_dialogues = std::max<std::size_t>(200000, o.concurrency * 2);
          layer = std::make_unique<tcap::tcap_layer>(*svc, timers, *engine,
                                                     tcap::ac_table::all_known(),
                                                     tcap::operation_table::cap_inap_defaults(), tc);
          engine->set_layer(layer.get());
          model = engine.get();
        }
        drv.engine = model;
        return {};
      });
      if (!err.empty()) {
        std::fprintf(stderr, "cmr-ssf: %s\n", err.c_str());
        status = 2;
      }
    }
    if (status == 0) {
      print_line("ready " + point_code_text(ep.own_pc()) + " scp " + o.scp_pc + " ssn " +
                 std::to_string(o.ssf.scp.ssn.value_or(0)) + " local-ssn " + std::to_string(ssn) +
                 " protocol " + protocol +
                 (bearers ? " sip " + std::to_string(bearers->sip_port()) : "") +
                 (trunks ? " trunk " + std::to_string(trunks->sip_port()) : "") +
                 (ip ? " emulate-ip ssn " + std::to_string(o.ip_ssn) : ""));
      if (!ep.wait_active(
              std::chrono::milliseconds(static_cast<std::int64_t>(o.wait_link * 1000)))) {
        std::fprintf(stderr, "cmr-ssf: no AS became active within %.0f s\n", o.wait_link);
        status = 2;
      } else {
        // The far end (through an STP) may come up a moment later.
        std::this_thread::sleep_for(std::chrono::milliseconds(200));
        print_line("active");
      }
    }
    if (status == 0) {
      boost::asio::signal_set signals(io, SIGINT, SIGTERM);
      signals.async_wait([&drv, model](const boost::system::error_code& e, int) {
        if (e) return;
        drv.stop_starting();
        if (model != nullptr) drv.check_done();
      });
      auto fut = drv.done.get_future();
      boost::asio::post(io, [&drv] { drv.start(); });
      const double horizon = (o.load ? (o.count_given ? 3600.0 : o.duration) : 0.0) +
                             std::chrono::duration<double>(o.ssf.call_timeout).count() + 30.0;
      if (fut.wait_for(std::chrono::duration<double>(horizon)) != std::future_status::ready) {
        on_io(io, [&] {
          drv.stop_starting();
          model->abort_all();
          if (ip) ip->abort_all();
          return 0;
        });
        fut.wait();
      }
      on_io(io, [&] {
        signals.cancel();
        return 0;
      });
      // The SCP ends the emulated IP's transactions before it lets the
      // calls proceed: normally none is left. One whose ConnectResource
      // crossed the caller's abandon waits for its TLDN timeout (10 s), as
      // at a real IP; waited for so that the summary shows no leak.
      for (int i = 0; ip && i < 600; ++i) {
        if (on_io(io, [&] { return ip->seizure_count() + ip_layer->transaction_count(); }) == 0)
          break;
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
      }
      const std::string summary = on_io(io, [&] {
        std::string s = drv.stats.summary(drv.seconds(), o.rate);
        if (layer) {
          const auto& c = layer->counters();
          s += " tcap_tx=" + std::to_string(c.tx_messages) +
               " tcap_rx=" + std::to_string(c.rx_messages) +
               " open_dialogues=" + std::to_string(layer->dialogue_count());
        } else {
          const auto& c = ansi_layer->counters();
          std::size_t open = ansi_layer->transaction_count();
          std::uint64_t tx = c.tx_messages;
          std::uint64_t rx = c.rx_messages;
          if (ip_layer) {
            open += ip_layer->transaction_count();
            tx += ip_layer->counters().tx_messages;
            rx += ip_layer->counters().rx_messages;
          }
          s += " tcap_tx=" + std::to_string(tx) + " tcap_rx=" + std::to_string(rx) +
               " open_transactions=" + std::to_string(open);
          if (ip) {
            const auto& k = ip->counters();
            s += " ip_seizures=" + std::to_string(k.seizures) +
                 " ip_refusals=" + std::to_string(k.refusals) +
                 " ip_completed=" + std::to_string(k.completed) +
                 " ip_aborted=" + std::to_string(k.aborted) +
                 " tldns_held=" + std::to_string(ip->seizure_count());
          }
        }
        return s;
      });
      if (o.load) print_line(summary);
      if (drv.stats.failed != 0 || drv.stats.finished != drv.stats.started) status = 1;
    }
    on_io(io, [&] {
      layer.reset();
      engine.reset();
      ansi_layer.reset();
      win.reset();
      ip_layer.reset();
      ip.reset();
      if (bearers) bearers->stop();
      bearers.reset();
      if (trunks) trunks->stop();
      trunks.reset();
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
