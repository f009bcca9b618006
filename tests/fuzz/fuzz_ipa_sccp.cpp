// Fuzz target: the bytes an IPA ASP of cmr-server receives, through the
// library functions libosmo-sigtran 1.6 runs on them (ss7_asp.c): the IPA
// framing of a TCP stream (libosmogsm ipa_msg_recv_buffered, on a local
// stream socket pair, the input written in pieces as TCP delivers it), the IPA header check
// (libosmo-netif osmo_ipa_process_msg), the CCM identity parser for ID_RESP
// (ipa_ccm_id_resp_parse), and the SCCP decoder behind IPA_PROTO_SCCP
// (osmo_sccp_to_xua: Q.713 to the xUA form the SCCP stack works on). For
// SCCP that decodes, the xUA form encodes back to SCCP (osmo_sua_to_sccp)
// and that decodes again. The program's bounds check in front of the
// library's SCCP address parser (sigtran/sccp_address_guard.cpp, linked
// from cmr_sigtran) is in place here as in cmr-server: without it a long
// global title overflows the stack (the first crash this target found; the
// seed udt_long_gt.bin keeps it covered). What is not reached: the M3UA/SUA decoders
// (xua_from_msg is internal to the library) and the SCCP state machines.
// The project's own code on those bytes starts at the TCAP codec
// (fuzz_tcap, fuzz_ansi_tcap).
#include <fcntl.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <cstring>

#include "common/log.h"
#include "fuzz_check.h"

#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wold-style-cast"
#pragma GCC diagnostic ignored "-Wconversion"
#pragma GCC diagnostic ignored "-Wsign-conversion"
#pragma GCC diagnostic ignored "-Wpedantic"
#pragma GCC diagnostic ignored "-Wcast-align"
#pragma GCC diagnostic ignored "-Wshadow"
extern "C" {
#include <osmocom/core/application.h>
#include <osmocom/core/logging.h>
#include <osmocom/core/msgb.h>
#include <osmocom/core/talloc.h>
#include <osmocom/gsm/ipa.h>
#include <osmocom/gsm/protocol/ipaccess.h>
#include <osmocom/gsm/tlv.h>
#include <osmocom/netif/ipa.h>

// Exported by libosmo-sigtran 1.6 but declared only in its private headers
// (src/xua_internal.h); the xUA message is a talloc tree, so talloc_free
// releases it (xua_msg_free is not exported).
struct xua_msg;
struct xua_msg* osmo_sccp_to_xua(struct msgb* msg);
struct msgb* osmo_sua_to_sccp(struct xua_msg* xua);
void osmo_xua_msg_tall_ctx_init(void* ctx);
}
#pragma GCC diagnostic pop

namespace {

struct runtime {
  int rd = -1;
  int wr = -1;
  runtime() {
    void* ctx = talloc_named_const(nullptr, 0, "fuzz_ipa_sccp");
    msgb_talloc_ctx_init(ctx, 0);
    osmo_xua_msg_tall_ctx_init(ctx);
    // The library logs every malformed message: keep the categories, drop
    // the output.
    static const log_info info{};
    osmo_init_logging2(ctx, &info);
    log_target_destroy(osmo_stderr_target);
    osmo_stderr_target = nullptr;
    // The program's notices (refused SCCP addresses) likewise.
    cmr::set_stderr_log_level(cmr::log_level::fatal);
    int fds[2];
    if (::socketpair(AF_UNIX, SOCK_STREAM, 0, fds) != 0) std::abort();
    rd = fds[0];
    wr = fds[1];
    ::fcntl(rd, F_SETFL, ::fcntl(rd, F_GETFL) | O_NONBLOCK);
  }
  void drain() const {
    std::uint8_t junk[4096];
    while (::read(rd, junk, sizeof junk) > 0) {
    }
  }
};

runtime& rt() {
  static runtime r;
  return r;
}

void sccp(msgb* m) {
  xua_msg* xua = osmo_sccp_to_xua(m);
  if (xua == nullptr) return;
  msgb* back = osmo_sua_to_sccp(xua);
  talloc_free(xua);
  // What the library decoded, it can encode; and that decodes again.
  CMR_FUZZ_CHECK(back != nullptr);
  back->l2h = back->data;
  xua_msg* again = osmo_sccp_to_xua(back);
  CMR_FUZZ_CHECK(again != nullptr);
  talloc_free(again);
  msgb_free(back);
}

void one_message(msgb* m) {
  if (osmo_ipa_process_msg(m) < 0) return;  // the ASP closes the connection
  const auto* hh = reinterpret_cast<const ipaccess_head*>(m->data);
  const unsigned len = msgb_l2len(m);
  const auto* payload = static_cast<const std::uint8_t*>(msgb_l2(m));
  if (hh->proto == IPAC_PROTO_IPACCESS && len >= 1 && payload[0] == IPAC_MSGT_ID_RESP) {
    tlv_parsed tp{};
    (void)ipa_ccm_id_resp_parse(&tp, payload + 1, len - 1);
  } else if (hh->proto == IPAC_PROTO_SCCP) {
    sccp(m);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const runtime& r = rt();
  msgb* pending = nullptr;
  std::size_t pos = 0;
  std::size_t piece = 3;
  bool open = true;
  while (open && pos < size) {
    piece = 1 + (piece * 67 + data[pos]) % 900;
    const std::size_t n = std::min(piece, size - pos);
    if (::write(r.wr, data + pos, n) != static_cast<ssize_t>(n)) std::abort();
    pos += n;
    for (;;) {
      msgb* m = nullptr;
      const int rc = ipa_msg_recv_buffered(r.rd, &m, &pending);
      if (rc == -EAGAIN) break;  // more bytes needed
      if (rc <= 0) {             // the ASP closes the connection
        open = false;
        break;
      }
      one_message(m);
      msgb_free(m);
    }
  }
  r.drain();
  if (pending != nullptr) msgb_free(pending);
  return 0;
}
