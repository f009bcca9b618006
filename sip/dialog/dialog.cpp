#include "sip/dialog/dialog.h"

#include <algorithm>

#include "sip/log.h"

namespace cmr::sip {

const char* to_string(dialog_state s) {
  switch (s) {
    case dialog_state::early:
      return "early";
    case dialog_state::confirmed:
      return "confirmed";
    case dialog_state::terminated:
      return "terminated";
  }
  return "?";
}

namespace {

// The name-addr without its tag, as it goes into From/To of new requests.
std::string without_tag(const name_addr& na) {
  name_addr copy = na;
  copy.params.erase("tag");
  return copy.to_string();
}

std::optional<uri> contact_uri(const message& msg) {
  const auto* c = msg.header("Contact");
  if (c == nullptr) return std::nullopt;
  auto na = parse_name_addr(*c);
  if (!na || na->wildcard) return std::nullopt;
  return na->uri;
}

}  // namespace

dialog_id incoming_dialog_id(const message& msg) {
  const auto from = msg.from();
  const auto to = msg.to();
  const auto from_tag = from ? from->tag() : std::string{};
  const auto to_tag = to ? to->tag() : std::string{};
  if (msg.is_request()) return {msg.call_id(), to_tag, from_tag};
  return {msg.call_id(), from_tag, to_tag};
}

std::optional<dialog> dialog::create_uac(const message& request, const message& response) {
  const auto from = request.from();
  const auto to = response.to();
  const auto cs = request.cseq();
  if (!from || !to || !cs || to->tag().empty() || response.status <= 100 || response.status >= 300)
    return std::nullopt;
  dialog d;
  d.uac_ = true;
  d.state_ = response.status < 200 ? dialog_state::early : dialog_state::confirmed;
  d.id_ = {request.call_id(), from->tag(), to->tag()};
  d.local_seq_ = cs->number;
  d.local_party_ = without_tag(*from);
  d.remote_party_ = without_tag(*to);
  // Route set: Record-Route of the response, reversed (12.1.2).
  auto rr = response.header_values("Record-Route");
  std::reverse(rr.begin(), rr.end());
  d.route_set_ = std::move(rr);
  d.remote_target_ = contact_uri(response).value_or(request.request_uri);
  if (const auto* c = request.header("Contact")) d.local_contact_ = *c;
  return d;
}

std::optional<dialog> dialog::create_uas(const message& request, const std::string& local_tag,
                                         const std::string& local_contact, bool early) {
  const auto from = request.from();
  const auto to = request.to();
  const auto cs = request.cseq();
  if (!from || !to || !cs) return std::nullopt;
  dialog d;
  d.uac_ = false;
  d.state_ = early ? dialog_state::early : dialog_state::confirmed;
  d.id_ = {request.call_id(), local_tag, from->tag()};
  d.remote_seq_ = cs->number;
  d.local_party_ = without_tag(*to);
  d.remote_party_ = without_tag(*from);
  d.route_set_ = request.header_values("Record-Route");  // kept in order (12.1.1)
  const auto target = contact_uri(request);
  if (!target) return std::nullopt;  // a dialog-creating request must carry Contact
  d.remote_target_ = *target;
  d.local_contact_ = local_contact;
  return d;
}

void dialog::on_response(const message& response) {
  if (!uac_ || state_ == dialog_state::terminated) return;
  if (response.status >= 200 && response.status < 300 && state_ == dialog_state::early) {
    auto rr = response.header_values("Record-Route");
    std::reverse(rr.begin(), rr.end());
    route_set_ = std::move(rr);
    state_ = dialog_state::confirmed;
  }
  if (response.status > 100 && response.status < 300) refresh_target(response);
}

void dialog::refresh_target(const message& msg) {
  if (auto target = contact_uri(msg)) remote_target_ = std::move(*target);
}

bool dialog::on_request(const message& req) {
  const auto cs = req.cseq();
  if (!cs) return false;
  if (req.method != "ACK" && req.method != "CANCEL") {
    if (remote_seq_ && cs->number < *remote_seq_) {
      CMR_LOG(sip, info, "dialog(%s): %s CSeq %u below %u", id_.to_string().c_str(),
              req.method.c_str(), cs->number, *remote_seq_);
      return false;
    }
    remote_seq_ = cs->number;
  }
  if (req.method == "INVITE" || req.method == "UPDATE") refresh_target(req);
  if (req.method == "BYE") state_ = dialog_state::terminated;
  return true;
}

uri dialog::next_hop() const {
  if (!route_set_.empty()) {
    if (auto na = parse_name_addr(route_set_.front())) return na->uri;
  }
  return remote_target_;
}

message dialog::create_request(const std::string& method) {
  uri ruri = remote_target_;
  std::vector<std::string> routes = route_set_;
  if (!route_set_.empty()) {
    auto first = parse_name_addr(route_set_.front());
    if (first && !first->uri.params.has("lr")) {
      // Strict routing (12.2.1.1): the first route becomes the Request-URI
      // and the remote target goes last into Route.
      ruri = first->uri;
      ruri.params = {};
      routes.erase(routes.begin());
      routes.push_back("<" + remote_target_.to_string() + ">");
    }
  }
  auto req = message::make_request(method, ruri);
  for (auto& r : routes) req.add_header("Route", r);
  req.add_header("Max-Forwards", "70");
  req.add_header("From", local_party_ + ";tag=" + id_.local_tag);
  req.add_header("To", remote_party_ + (id_.remote_tag.empty() ? "" : ";tag=" + id_.remote_tag));
  req.add_header("Call-ID", id_.call_id);
  if (method != "ACK" && method != "CANCEL") ++local_seq_;
  req.add_header("CSeq", std::to_string(local_seq_) + " " + method);
  if (!local_contact_.empty() && method != "BYE" && method != "CANCEL" && method != "PRACK")
    req.add_header("Contact", local_contact_);
  if (method == "BYE") state_ = dialog_state::terminated;
  return req;
}

message dialog::create_ack(std::uint32_t invite_cseq) const {
  dialog copy = *this;
  auto ack = copy.create_request("ACK");
  ack.set_header("CSeq", std::to_string(invite_cseq) + " ACK");
  ack.remove_header("Contact");
  return ack;
}

message dialog::create_prack(const message& rsp) {
  auto prack = create_request("PRACK");
  const auto* rseq = rsp.header("RSeq");
  const auto cs = rsp.cseq();
  if (rseq != nullptr && cs) {
    prack.add_header("RAck", *rseq + " " + std::to_string(cs->number) + " " + cs->method);
  }
  return prack;
}

}  // namespace cmr::sip
