// The Osmocom CTRL interface of cmr-server (libosmoctrl, as in osmo-msc or
// osmo-bsc): GET and SET over IPA-framed TCP, TRAPs to every connected
// client. docs/operations.md lists every variable.
//
//   ctrl                       the "ctrl" node: where the interface listens
//    bind 127.0.0.1 4279       (libosmoctrl >= 1.8 syntax; port 0: a free one)
//
// What it answers (all on the osmo thread, from data that thread may read):
//   rate_ctr.*, stat_item.*   libosmoctrl's own, over the libosmocore groups
//                             the counter mirror keeps (cmr_scp, cmr_mgmt, ...)
//   cmr.version, cmr.uptime   the program
//   cmr.sigtran.*             ASP and AS states from the link table; a TRAP
//                             "cmr.sigtran.asp.<name>.state <state>" (and .as.)
//                             on every change link_monitor sees
//   cmr.scp.*, cmr.ip.*, ...  levels read from the layers' counter groups
//   cmr.log.<cat>.level       GET and SET: the one kind of setting that
//                             changes at run time without a restart
//   cmr.stats.interval        GET and SET: libosmocore's reporting interval
//   variables the program adds (add_ctrl_variable): its restart-only settings
// libosmo-free header. ctrl_interface.cpp: the node, the listener, the glue
// to libosmoctrl and the TRAPs; ctrl_variables.cpp: the "cmr." tree.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "common/config_node.h"
#include "common/result.h"
#include "sigtran/link_table.h"

namespace cmr::sigtran {

// The Osmocom port scheme (libosmocore ctrl/ports.h, vty/ports.h) assigns
// every number up to 4278; 4279 is the first one neither it nor this
// project uses (VTY 4260 and, for configs/ip-standalone.cfg, 4261).
inline constexpr std::uint16_t k_default_ctrl_port = 4279;

// The "ctrl" node's settings.
struct ctrl_settings {
  std::string address = "127.0.0.1";
  std::optional<std::uint16_t> port;  // "bind ADDR" alone: the default port
  bool bound = false;                 // a "bind" line was given (written back)
};

// libosmoctrl 1.7's own ctrl_vty_init() node takes "bind A.B.C.D" without a
// port and writes back the address only; libosmocore 1.8 added the port
// ("bind A.B.C.D [<0-65535>]"). This node has 1.8's syntax, so a file stays
// valid when the library is upgraded, and writes the port back.
config::node ctrl_config_node(ctrl_settings& s);

struct ctrl_start_options {
  ctrl_settings settings;
  std::uint16_t default_port = k_default_ctrl_port;
  std::string version;  // cmr.version
};

struct ctrl_listen_address {
  std::string host;
  std::uint16_t port = 0;  // the bound port (0 resolved)
};

// Osmo thread, once, after the configuration was read. Opens the listener.
// A "bind" the file gave that cannot be bound is an error (the program does
// not start); without one, a busy default port is logged and the program
// runs without CTRL (nothing: a second server on one host keeps running).
result<std::optional<ctrl_listen_address>, std::string> start_ctrl_interface(
    const ctrl_start_options& options);

// Osmo thread: the link table cmr.sigtran.* reads (null: no SIGTRAN). Must
// outlive the interface or be reset to null first.
void set_ctrl_link_table(const link_table* table);

// A variable the program adds under "cmr." (e.g. its restart-only
// settings). `get` answers GET; `set` (empty: SET is refused with
// `refusal`) validates, applies and answers the new value, or refuses with
// the reason. Both run on the osmo thread.
struct ctrl_variable {
  std::string name;  // "cmr.io-threads"
  std::function<result<std::string, std::string>()> get;
  std::function<result<std::string, std::string>(std::string_view)> set;
  std::string refusal = "read-only";
};
// Osmo thread. A name added twice replaces the first.
void add_ctrl_variable(ctrl_variable v);

// The variable a state change of `row` is TRAPped as:
// "cmr.sigtran.asp.<name>.state" or "cmr.sigtran.as.<name>.state".
std::string ctrl_link_trap_variable(const link_row& row);

}  // namespace cmr::sigtran
