#include "sip/transport/uri_endpoint.h"

#include "sip/message/text.h"

namespace cmr::sip {

std::optional<endpoint> endpoint_from_uri(const uri& u) {
  if (!u.is_sip()) return std::nullopt;
  // maddr overrides the host (RFC 3261 19.1.1), as strict routers use it.
  const auto host = u.params.get("maddr").value_or(u.host);
  boost::system::error_code ec;
  const auto address = boost::asio::ip::make_address(host, ec);
  if (ec) return std::nullopt;
  const auto transport = u.params.get("transport").value_or("");
  const bool stream =
      u.scheme == "sips" || text::iequals(transport, "tcp") || text::iequals(transport, "tls");
  return endpoint{address, u.port.value_or(5060),
                  stream ? transport_kind::tcp : transport_kind::udp};
}

}  // namespace cmr::sip
