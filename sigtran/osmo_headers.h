// Private to sigtran/*.cpp: the one place the libosmo* C headers are pulled
// in. They carry no extern "C" guards and trip our warning set (old-style
// casts, sign conversions in inline helpers), so both are handled here once.
#pragma once

#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wold-style-cast"
#pragma GCC diagnostic ignored "-Wconversion"
#pragma GCC diagnostic ignored "-Wsign-conversion"
#pragma GCC diagnostic ignored "-Wpedantic"
#pragma GCC diagnostic ignored "-Wshadow"
#pragma GCC diagnostic ignored "-Wcast-align"
#pragma GCC diagnostic ignored "-Wdeprecated-declarations"
#pragma GCC diagnostic ignored "-Wmissing-field-initializers"
// clang-format off: the order matters (sccp_scmg.h needs value_string first)
extern "C" {
#include <osmocom/core/application.h>
#include <osmocom/core/fsm.h>
#include <osmocom/core/logging.h>
#include <osmocom/core/msgb.h>
#include <osmocom/core/rate_ctr.h>
#include <osmocom/core/select.h>
#include <osmocom/core/stat_item.h>
// stats.h declares its API only `#if defined(unix)`, a macro strict -std=c++20
// does not predefine (only __unix__).
#ifndef unix
#define unix 1
#define CMR_OSMO_DEFINED_UNIX
#endif
#include <osmocom/core/stats.h>
#ifdef CMR_OSMO_DEFINED_UNIX
#undef unix
#undef CMR_OSMO_DEFINED_UNIX
#endif
#include <osmocom/core/talloc.h>
#include <osmocom/core/timer.h>
#include <osmocom/vty/command.h>
#include <osmocom/vty/logging.h>
#include <osmocom/vty/misc.h>
#include <osmocom/vty/stats.h>
#include <osmocom/vty/telnet_interface.h>
#include <osmocom/vty/vty.h>
#include <osmocom/sigtran/osmo_ss7.h>
#include <osmocom/sigtran/sccp_sap.h>
#include <osmocom/sigtran/sccp_helpers.h>
#include <osmocom/netif/stream.h>
#include <osmocom/ctrl/control_cmd.h>
#include <osmocom/ctrl/control_if.h>
#include <osmocom/sigtran/sigtran_sap.h>
#include <osmocom/sigtran/protocol/sccp_scmg.h>
}
// clang-format on
#pragma GCC diagnostic pop
