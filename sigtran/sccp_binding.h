// Private to sigtran/: one SCCP user bound to one local SSN on the cs7
// instance (osmo_sccp_user_bind), seen from above as an sccp_service.
//
//   send   any thread -> copied into a task -> osmo thread -> N-UNITDATA.req
//   receive osmo thread N-UNITDATA.ind -> copied n_unitdata -> posted to the
//          receiver's executor (a strand given by the user); the msgb is
//          freed on the osmo thread before the handler runs
//
// Owned through a shared_ptr: queued send tasks keep it alive, so a stack
// torn down with sends still in the osmo queue only drops them (unbound).
#pragma once

#include <atomic>
#include <boost/asio/any_io_executor.hpp>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>

#include "sigtran/bridge.h"
#include "sigtran/link_table.h"
#include "sigtran/sccp_types.h"

struct osmo_sccp_instance;
struct osmo_sccp_user;
struct osmo_prim_hdr;

namespace cmr::sigtran {

// Counters of one SCCP user, readable from any thread.
struct sccp_user_counters {
  std::uint64_t sent = 0;                // handed to libosmo-sigtran
  std::uint64_t send_dropped = 0;        // no active route (ASP down), refused or dropped
  std::uint64_t send_invalid = 0;        // no called PC, data over 255 octets
  std::uint64_t received = 0;            // N-UNITDATA.ind posted to the receiver
  std::uint64_t received_unhandled = 0;  // N-UNITDATA.ind with no receiver attached
  std::uint64_t notices = 0;             // N-NOTICE.ind (returned messages), logged
};

class sccp_binding final : public sccp_service,
                           public std::enable_shared_from_this<sccp_binding> {
public:
  // `links` must outlive every send_unitdata() call (the stack owns both).
  sccp_binding(bridge& br, const link_table& links, std::uint8_t ssn, std::uint32_t own_pc);
  ~sccp_binding() override = default;
  sccp_binding(const sccp_binding&) = delete;
  sccp_binding& operator=(const sccp_binding&) = delete;

  // Osmo thread. bind() fails when the SSN is already bound.
  bool bind(osmo_sccp_instance* sccp);
  void unbind();

  // Osmo thread: called on every N-PCSTATE indication (a point code became
  // reachable or unreachable), so the link table is refreshed before any
  // message from the new peer can arrive, instead of at the next poll.
  void set_pc_state_hook(std::function<void()> hook) { pc_state_hook_ = std::move(hook); }

  // Any thread: where received N-UNITDATA go from now on (an empty handler
  // detaches; messages are then counted and dropped).
  void set_receiver(boost::asio::any_io_executor executor, unitdata_handler handler);

  // sccp_service, any thread.
  bool send_unitdata(n_unitdata msg) override;
  [[nodiscard]] std::uint8_t local_ssn() const override { return ssn_; }
  [[nodiscard]] sccp_address local_address() const override;

  [[nodiscard]] sccp_user_counters counters() const;

private:
  struct receiver {
    boost::asio::any_io_executor executor;
    unitdata_handler handler;
  };

  static int on_primitive(osmo_prim_hdr* oph, void* ctx);
  void on_unitdata_ind(osmo_prim_hdr* oph);  // osmo thread
  void transmit(const n_unitdata& msg);      // osmo thread
  void count_drop(const char* why, const n_unitdata& msg);

  bridge& bridge_;
  const link_table& links_;
  const std::uint8_t ssn_;
  const std::uint32_t own_pc_;
  osmo_sccp_user* scu_ = nullptr;  // osmo thread only
  std::function<void()> pc_state_hook_;  // osmo thread only

  mutable std::mutex receiver_mu_;
  std::shared_ptr<const receiver> receiver_;

  std::atomic<std::uint64_t> sent_{0}, send_dropped_{0}, send_invalid_{0}, received_{0},
      received_unhandled_{0}, notices_{0};
  // Logs the first drop of a run loudly, the rest at debug: an ASP outage
  // under load must not flood the log.
  std::atomic<bool> dropping_{false};
};

}  // namespace cmr::sigtran
