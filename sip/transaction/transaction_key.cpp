#include "sip/transaction/transaction_key.h"

namespace cmr::sip {

std::string client_key(const std::string& branch, const std::string& method) {
  return branch + "|" + method;
}

std::optional<std::string> client_key(const message& rsp) {
  const auto via = rsp.top_via();
  const auto cs = rsp.cseq();
  if (!via || !cs || via->branch().empty()) return std::nullopt;
  return client_key(via->branch(), cs->method);
}

std::optional<std::string> server_key(const message& req, const std::string& method_override) {
  const auto via = req.top_via();
  const auto cs = req.cseq();
  if (!via || !cs) return std::nullopt;
  std::string method = method_override.empty() ? req.method : method_override;
  if (method_override.empty() && method == "ACK") method = "INVITE";
  if (via->rfc3261_branch()) return via->branch() + "|" + via->sent_by() + "|" + method;
  // RFC 2543: Request-URI, From tag, Call-ID, CSeq number and top Via (the To
  // tag is checked separately for ACK, since the INVITE had none).
  const auto from = req.from();
  return "2543|" + req.request_uri.to_string() + "|" + (from ? from->tag() : std::string{}) + "|" +
         req.call_id() + "|" + std::to_string(cs->number) + "|" + via->to_string() + "|" + method;
}

}  // namespace cmr::sip
