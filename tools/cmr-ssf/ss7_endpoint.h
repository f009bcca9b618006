// A process's SS7 side, started from an Osmocom .cfg (cs7 instance + the
// sigtran node's sccp-user lines): the bridge and osmo thread, the osmo
// runtime (logging, VTY, config), the ss7_stack. The same start-up every
// SIGTRAN client process of the project needs (cmr-ssf; tcap_peer does the
// same steps by hand).
#pragma once

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/io_context.hpp>
#include <chrono>
#include <memory>
#include <string>

#include "common/result.h"
#include "sigtran/bridge.h"
#include "sigtran/osmo_runtime.h"
#include "sigtran/ss7_stack.h"

namespace cmr::tools::ssf {

struct ss7_endpoint_options {
  std::string config_file;
  std::string app_name = "cmr-ssf";
  std::string app_description = "gsmSSF/MSC emulator\r\n";
  std::uint16_t default_vty_port = 0;  // the config's "line vty / bind" wins
};

class ss7_endpoint {
public:
  // `io` must be running (or run later) and outlive the endpoint.
  static cmr::result<std::unique_ptr<ss7_endpoint>, std::string> start(
      boost::asio::io_context& io, const ss7_endpoint_options& o);
  ~ss7_endpoint();  // stop()
  ss7_endpoint(const ss7_endpoint&) = delete;
  ss7_endpoint& operator=(const ss7_endpoint&) = delete;

  // The SCCP service of a configured SSN; its N-UNITDATA go to `handler` on
  // `executor`. nullptr when the config has no "sccp-user ssn N".
  sigtran::sccp_service* attach(std::uint8_t ssn, boost::asio::any_io_executor executor,
                                sigtran::unitdata_handler handler);
  // Polls until an AS of the config is AS_ACTIVE (client of an STP or of a
  // server's IPA listener); false on timeout.
  bool wait_active(std::chrono::milliseconds timeout);
  [[nodiscard]] std::uint32_t own_pc() const { return stack_->own_pc(); }
  sigtran::ss7_stack& stack() { return *stack_; }
  void stop();

private:
  explicit ss7_endpoint(boost::asio::io_context& io) : bridge_(io) {}
  sigtran::bridge bridge_;
  std::unique_ptr<sigtran::ss7_stack> stack_;
};

// "a.b.c" (3-8-3 ITU format) or a decimal point code; nullopt when malformed.
std::optional<std::uint32_t> parse_point_code(const std::string& s);
std::string point_code_text(std::uint32_t pc);

}  // namespace cmr::tools::ssf
