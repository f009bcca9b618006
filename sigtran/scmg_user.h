// SCCP management (Q.713/Q.714 5.3, SSN 1) of this node, in place of the one
// libosmo-sigtran 1.6 binds itself. The library's SCMG user logs every
// N-PCSTATE indication as an ERROR ("unsupported SCCP user primitive
// N-PCSTATE.indication"; upstream fixed it in 1.7 by ignoring the primitive),
// and N-PCSTATE comes on every IPA/M3UA peer connect and disconnect: a normal
// link event must not read as an error. This user does what the library's
// does, and handles N-PCSTATE:
//   SST for a subsystem bound here          -> SSA back (Q.714 5.3.4.3)
//   SSA / SSP from a peer                   -> logged (notice), counted
//   SOR / SOG / SSC                         -> logged (notice): not supported
//   a message too short to be SCMG          -> logged (notice), counted
//   N-PCSTATE (a point code became (in)accessible)
//                                           -> logged (notice), counted, and
//                                              the stack's hook runs (link
//                                              table refresh)
//   N-STATE                                 -> logged (info)
// Osmo thread only, but for counters() (any thread).
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <string>

#include "common/counters.h"

struct osmo_sccp_instance;
struct osmo_sccp_user;
struct osmo_prim_hdr;

namespace cmr::sigtran {

struct scmg_counters {
  std::uint64_t sst_answered = 0;  // SST for a local subsystem: SSA sent
  std::uint64_t sst_ignored = 0;   // SST for a subsystem not bound here (Q.714: no answer)
  std::uint64_t ssa_received = 0;
  std::uint64_t ssp_received = 0;
  std::uint64_t unsupported = 0;  // SOR, SOG, SSC, unknown types
  std::uint64_t malformed = 0;
  std::uint64_t pc_accessible = 0;    // N-PCSTATE: a point code became reachable
  std::uint64_t pc_inaccessible = 0;  // ... unreachable
};

class scmg_user {
public:
  scmg_user();
  ~scmg_user() = default;
  scmg_user(const scmg_user&) = delete;
  scmg_user& operator=(const scmg_user&) = delete;

  // Unbinds the library's SCMG user from SSN 1 and binds this one. False
  // when SSN 1 cannot be bound.
  bool bind(osmo_sccp_instance* sccp);
  void unbind();

  // Runs on every N-PCSTATE indication.
  void set_pc_state_hook(std::function<void()> hook) { pc_state_hook_ = std::move(hook); }

  [[nodiscard]] scmg_counters counters() const;
  // "scmg ..." lines for "show cmr sigtran".
  [[nodiscard]] std::string show_text(const char* newline) const;

private:
  static int on_primitive(osmo_prim_hdr* oph, void* ctx);
  void on_unitdata(osmo_prim_hdr* oph);
  void on_pcstate(osmo_prim_hdr* oph);

  osmo_sccp_instance* sccp_ = nullptr;  // osmo thread only
  osmo_sccp_user* scu_ = nullptr;       // osmo thread only
  std::function<void()> pc_state_hook_;
  // libosmocore group "cmr_scmg".
  counter_group counters_;
  counter_ref sst_answered_{counters_, "sst-answered"}, sst_ignored_{counters_, "sst-ignored"},
      ssa_received_{counters_, "ssa-received"}, ssp_received_{counters_, "ssp-received"},
      unsupported_{counters_, "unsupported"}, malformed_{counters_, "malformed"},
      pc_accessible_{counters_, "pc-accessible"}, pc_inaccessible_{counters_, "pc-inaccessible"};
};

}  // namespace cmr::sigtran
