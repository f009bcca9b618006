// What the server keeps for the scp part while it runs (server_scp.cpp): the
// SCP service logic, its CAP/INAP mapping and one TCAP layer per SCCP SSN
// (146 CAP, 241 INAP), all on one Asio strand so that an assisting IP's ARI
// on either SSN finds its call. Destroyed after the io threads and the osmo
// thread stopped.
#pragma once

#include <boost/asio/io_context.hpp>
#include <boost/asio/strand.hpp>
#include <memory>
#include <mutex>
#include <vector>

#include "common/asio_timer_service.h"
#include "in/ansi_tcap/ansi_tcap_layer.h"
#include "in/cap/cap_mapping.h"
#include "in/scp/charging_record.h"
#include "in/scp/scp_service.h"
#include "in/tcap/tcap_layer.h"
#include "in/win/win_mapping.h"

namespace cmr::app {

struct scp_runtime {
  explicit scp_runtime(boost::asio::io_context& io)
      : strand(boost::asio::make_strand(io)), timers(strand) {}
  ~scp_runtime() {
    {
      // Decisions the store completes from now on are dropped.
      const std::lock_guard lock(gate->mu);
      gate->open = false;
    }
    layers.clear();  // before the mapping and the service they call back into
    win_layer.reset();
    win.reset();
    mapping.reset();
    service.reset();
  }
  scp_runtime(const scp_runtime&) = delete;
  scp_runtime& operator=(const scp_runtime&) = delete;

  boost::asio::strand<boost::asio::io_context::executor_type> strand;
  cmr::asio_timer_service timers;
  std::unique_ptr<in::scp::charging_writer> records;
  std::unique_ptr<in::scp::scp_service> service;
  std::unique_ptr<in::cap::cap_mapping> mapping;
  std::vector<std::unique_ptr<in::tcap::tcap_layer>> layers;
  // ANSI-41 WIN (scp / win-ssn): its mapping and ANSI TCAP layer, when on.
  std::unique_ptr<in::win::win_mapping> win;
  std::unique_ptr<in::ansi_tcap::ansi_tcap_layer> win_layer;
  // Tasks for the strand from the store's threads pass through it.
  struct post_gate {
    std::mutex mu;
    bool open = true;
  };
  std::shared_ptr<post_gate> gate = std::make_shared<post_gate>();
};

}  // namespace cmr::app
