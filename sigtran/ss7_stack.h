// The SIGTRAN binding: SCCP users on the cs7 instance of the Osmocom VTY
// configuration, exposed as one sccp_service per local SSN (DESIGN.md
// sections 3 and 7). libosmo-free; the work happens on the bridge's osmo
// thread.
//
// Both topologies come from the config file, read before start():
//   client   "cs7 instance 0" declares an ASP (sctp-role client, role asp)
//            and its AS, e.g. an IPA connection to osmo-stp or M3UA to an SG;
//   server   "cs7 instance 0 / listen ipa PORT / accept-asp-connections
//            dynamic-permitted" accepts IPA clients directly; each client is
//            declared with "sigtran / ipa-client NAME point-code PC" (its IPA
//            unit name and PC; libosmo-sigtran 1.6 finds the AS of an IPA
//            connection by unit name only, see docs/sigtran.md).
//
// Typical use (in/tcap):
//   ss7_stack stack(bridge, ss7_stack_options::from(config));  // sigtran_config
//   stack.start();                                  // after the config was read
//   sccp_service* cap = stack.attach(146, strand, [](n_unitdata m) { ... });
//   cap->send_unitdata(msg);                        // any thread
#pragma once

#include <boost/asio/any_io_executor.hpp>
#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "common/result.h"
#include "sigtran/bridge.h"
#include "sigtran/link_table.h"
#include "sigtran/sccp_binding.h"
#include "sigtran/sccp_types.h"
#include "sigtran/scmg_user.h"
#include "sigtran/sigtran_config.h"

struct osmo_ss7_instance;

namespace cmr::sigtran {

// The "sigtran" node's settings, and how the stack runs them.
struct ss7_stack_options : sigtran_config {
  // How often link_monitor looks at ASP/AS states (logging and the
  // send-path route check follow changes within this time).
  std::chrono::milliseconds poll_interval{50};
  // Filled with the "show cmr sigtran" text while the stack runs (osmo
  // thread); may be null. Must outlive the stack.
  status_slot* status = nullptr;

  static ss7_stack_options from(const sigtran_config& cfg);
};

struct listener_address {
  std::string protocol;  // "ipa", "m3ua", "sua"
  std::string host;
  std::uint16_t port = 0;  // the bound port ("listen ipa 0" resolved)
};

class link_monitor;

class ss7_stack {
public:
  ss7_stack(bridge& br, ss7_stack_options options);
  ~ss7_stack();  // stop()
  ss7_stack(const ss7_stack&) = delete;
  ss7_stack& operator=(const ss7_stack&) = delete;

  // Any thread but osmo (blocks on it), once, after the VTY config was read.
  // Sets up the server-mode ASs and routes, checks listeners are bound,
  // ensures the SCCP instance and binds one SCCP user per SSN. The error says
  // what is wrong with the configuration.
  result<void, std::string> start();
  // Unbinds the users (no N-UNITDATA is delivered afterwards). What was
  // sent before goes out first: the send queues are flushed and the loop is
  // given up to `drain_timeout` to write the sockets' queued frames.
  // Idempotent; the bridge must still run for a clean unbind, otherwise
  // there is nothing left to unbind from.
  void stop();
  static constexpr std::chrono::milliseconds drain_timeout{500};

  // The service of a configured SSN, nullptr for others (or before start()).
  // attach() also sets where its N-UNITDATA indications go: `handler` runs on
  // `executor` (a strand keeps them in order), never on the osmo thread.
  // Any thread; may be called again to replace the receiver.
  sccp_service* attach(std::uint8_t ssn, boost::asio::any_io_executor executor,
                       unitdata_handler handler);
  // The same, with N-NOTICE indications (messages the network returned, or
  // that this node could not send after send_unitdata() accepted them) going
  // to `notices` on the same executor, in order with the N-UNITDATA.
  sccp_service* attach(std::uint8_t ssn, boost::asio::any_io_executor executor,
                       unitdata_handler handler, notice_handler notices);
  sccp_service* service(std::uint8_t ssn);

  // Any thread.
  [[nodiscard]] const link_table& links() const { return links_; }
  [[nodiscard]] std::vector<std::pair<std::uint8_t, sccp_user_counters>> counters() const;
  [[nodiscard]] std::uint32_t own_pc() const { return own_pc_; }
  [[nodiscard]] const std::vector<listener_address>& listeners() const { return listeners_; }
  // The "show cmr sigtran" text: links, routes, users and their counters.
  [[nodiscard]] std::string show_text(const char* newline = "\n") const;

  void refresh_links();  // osmo thread

private:
  result<void, std::string> start_on_osmo();
  result<void, std::string> add_ipa_clients(osmo_ss7_instance* inst);
  result<void, std::string> check_listeners(osmo_ss7_instance* inst);
  void add_default_client_route(osmo_ss7_instance* inst);

  bridge& bridge_;
  ss7_stack_options options_;
  link_table links_;
  std::unique_ptr<link_monitor> monitor_;  // osmo thread
  std::vector<std::shared_ptr<sccp_binding>> bindings_;
  scmg_user scmg_;  // SSN 1, osmo thread
  std::vector<listener_address> listeners_;
  std::uint32_t own_pc_ = 0;
  bool started_ = false;
};

}  // namespace cmr::sigtran
