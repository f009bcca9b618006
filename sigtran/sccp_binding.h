// Private to sigtran/: one SCCP user bound to one local SSN on the cs7
// instance (osmo_sccp_user_bind), seen from above as an sccp_service.
//
//   send   any thread -> the binding's send queue; the first message of a
//          burst posts one flush task to the osmo thread, which sends the
//          whole queue as N-UNITDATA.req (the IPA sockets are corked for the
//          turn, so a burst leaves in a few TCP segments instead of one per
//          message); while a received batch is being handled on the Asio side
//          the flush is posted once, at the end of the batch
//   receive osmo thread N-UNITDATA.ind / N-NOTICE.ind -> copied -> collected
//          for the osmo thread's turn -> one post per turn to the receiver's
//          executor (a strand given by the user), which runs the handler once
//          per message in order; the msgb is freed on the osmo thread before
//          the handler runs
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
#include <optional>
#include <string>
#include <vector>

#include "common/counters.h"
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

class sccp_binding final : public sccp_service, public std::enable_shared_from_this<sccp_binding> {
public:
  // `links` must outlive every send_unitdata() call (the stack owns both).
  sccp_binding(bridge& br, const link_table& links, std::uint8_t ssn, std::uint32_t own_pc);
  ~sccp_binding() override = default;
  sccp_binding(const sccp_binding&) = delete;
  sccp_binding& operator=(const sccp_binding&) = delete;

  // Osmo thread. bind() fails when the SSN is already bound.
  bool bind(osmo_sccp_instance* sccp);
  void unbind();

  // Any thread: where received N-UNITDATA (and N-NOTICE, when `notices` is
  // given) go from now on. An empty handler detaches; messages are then
  // counted and dropped. Notices without a notice handler are only logged.
  void set_receiver(boost::asio::any_io_executor executor, unitdata_handler handler,
                    notice_handler notices = {});

  // sccp_service, any thread.
  bool send_unitdata(n_unitdata msg) override;
  [[nodiscard]] std::uint8_t local_ssn() const override { return ssn_; }
  [[nodiscard]] sccp_address local_address() const override;

  [[nodiscard]] sccp_user_counters counters() const;

private:
  struct receiver {
    boost::asio::any_io_executor executor;
    unitdata_handler handler;
    notice_handler notices;
  };
  // One received primitive waiting for the end of the osmo thread's turn.
  struct rx_item {
    n_unitdata msg;
    std::optional<n_notice> notice;  // set: an N-NOTICE (msg unused)
  };

  static int on_primitive(osmo_prim_hdr* oph, void* ctx);
  void on_unitdata_ind(osmo_prim_hdr* oph);                        // osmo thread
  void on_notice_ind(osmo_prim_hdr* oph);                          // osmo thread
  void queue_rx(std::shared_ptr<const receiver> r, rx_item item);  // osmo thread
  void flush_rx();                                                 // osmo thread, turn end
  void flush_tx();                                                 // osmo thread
  void post_flush_tx();                                            // any thread
  void transmit(n_unitdata& msg);                                  // osmo thread
  // Osmo thread: a message accepted by send_unitdata() could not be sent.
  void local_notice(const char* why, std::uint8_t cause, n_unitdata& msg);
  void count_drop(const char* why, const n_unitdata& msg);
  static void deliver(const std::shared_ptr<const receiver>& r, std::vector<rx_item>& batch);

  bridge& bridge_;
  const link_table& links_;
  const std::uint8_t ssn_;
  const std::uint32_t own_pc_;
  osmo_sccp_user* scu_ = nullptr;                // osmo thread only
  std::uint64_t turn_hook_ = 0;                  // osmo thread only
  std::vector<rx_item> rx_batch_;                // osmo thread only
  std::shared_ptr<const receiver> rx_batch_to_;  // osmo thread only: rx_batch_'s receiver

  std::mutex send_mu_;
  std::vector<n_unitdata> send_queue_;  // guarded by send_mu_
  bool flush_posted_ = false;           // guarded by send_mu_
  std::vector<n_unitdata> sending_;     // osmo thread only (reused buffer)

  mutable std::mutex receiver_mu_;
  std::shared_ptr<const receiver> receiver_;

  // libosmocore group "cmr_sccp-user", instance: the SSN.
  counter_group counters_;
  counter_ref sent_{counters_, "sent"}, send_dropped_{counters_, "send-dropped"},
      send_invalid_{counters_, "send-invalid"}, received_{counters_, "received"},
      received_unhandled_{counters_, "received-unhandled"}, notices_{counters_, "notices"};
  // Logs the first drop of a run loudly, the rest at debug: an ASP outage
  // under load must not flood the log.
  std::atomic<bool> dropping_{false};
};

}  // namespace cmr::sigtran
