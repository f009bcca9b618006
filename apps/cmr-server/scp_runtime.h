// What the server keeps for the scp part while it runs (server_scp.cpp): the
// SCP service logic and one TCAP layer per SCCP SSN (146 CAP, 241 INAP), all
// on one Asio strand so that an assisting IP's ARI on either SSN finds its
// call. Destroyed after the io threads and the osmo thread stopped.
#pragma once

#include <boost/asio/io_context.hpp>
#include <boost/asio/strand.hpp>
#include <memory>
#include <vector>

#include "in/scp/charging_record.h"
#include "in/scp/scp_service.h"
#include "common/asio_timer_service.h"
#include "in/tcap/tcap_layer.h"

namespace cmr::app {

struct scp_runtime {
  explicit scp_runtime(boost::asio::io_context& io)
      : strand(boost::asio::make_strand(io)), timers(strand) {}
  ~scp_runtime() {
    layers.clear();  // before the service they call back into
    service.reset();
  }
  scp_runtime(const scp_runtime&) = delete;
  scp_runtime& operator=(const scp_runtime&) = delete;

  boost::asio::strand<boost::asio::io_context::executor_type> strand;
  cmr::asio_timer_service timers;
  std::unique_ptr<in::scp::charging_writer> records;
  std::unique_ptr<in::scp::scp_service> service;
  std::vector<std::unique_ptr<in::tcap::tcap_layer>> layers;
};

}  // namespace cmr::app
