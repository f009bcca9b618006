// The state of the SIGTRAN links (ASPs and ASs of the cs7 instance) and the
// routes over them, as plain values readable from any thread: the VTY
// "show cmr sigtran" command, later CTRL, and the send path of the SCCP
// services (which refuses a message at once when its destination has no
// active route, instead of letting libosmo-sigtran drop it silently).
//
// The osmo thread writes it (link_monitor polls libosmo-sigtran); everyone
// else reads copies. libosmo-free.
#pragma once

#include <cstdint>
#include <mutex>
#include <string>
#include <vector>

namespace cmr::sigtran {

struct link_row {
  enum class kind : std::uint8_t { asp, as };
  kind what = kind::asp;
  std::string name;
  // ASP: "asp client", "sg server", ...; AS: the traffic mode ("override",
  // "loadshare", ...) or "-" when unset.
  std::string role;
  std::string state;     // the libosmo-sigtran FSM state: ASP_ACTIVE, AS_ACTIVE, ...
  std::string peer;      // ASP: the socket or configured remote; AS: its ASPs
  std::string protocol;  // "ipa", "m3ua", "sua"
  bool active = false;   // ASP_ACTIVE / AS_ACTIVE
  friend bool operator==(const link_row&, const link_row&) = default;
};

struct route_row {
  std::uint32_t pc = 0;
  std::uint32_t mask = 0;
  std::string destination;  // the AS (or linkset) name
  bool active = false;      // the destination AS is active
  friend bool operator==(const route_row&, const route_row&) = default;
};

struct link_snapshot {
  std::vector<link_row> links;
  std::vector<route_row> routes;
  std::vector<std::uint32_t> local_pcs;  // always reachable (delivered locally)
  friend bool operator==(const link_snapshot&, const link_snapshot&) = default;
};

class link_table {
public:
  void update(link_snapshot s);
  [[nodiscard]] link_snapshot snapshot() const;
  [[nodiscard]] std::vector<link_row> links() const;

  // True when a message to `dpc` would leave now: a local PC, or the most
  // specific matching route leads to an active AS. Any thread.
  [[nodiscard]] bool reachable(std::uint32_t dpc) const;

private:
  mutable std::mutex mu_;
  link_snapshot s_;
};

// The route lookup of reachable(), on a given snapshot (for tests and for
// link_monitor's own log lines).
bool reachable_in(const link_snapshot& s, std::uint32_t dpc);

}  // namespace cmr::sigtran
