#include "sip/transaction/transaction_layer.h"

#include "sip/transaction/transaction_key.h"
#include "sip/log.h"

namespace cmr::sip {

namespace {

const counter_desc k_counters[] = {
    {"requests-in", "SIP requests received (new transactions and ACKs)"},
    {"responses-in", "SIP responses received"},
    {"retransmissions-in", "Request retransmissions absorbed by a server transaction"},
    {"stray-responses", "Responses matching no client transaction"},
    {"parse-errors", "Messages that did not parse (400 sent where possible)"},
    {"error-responses-sent", "Error responses sent by the transaction layer itself"},
};
const gauge_desc k_gauges[] = {
    {"server-transactions", "Server transactions open", "transactions"},
    {"client-transactions", "Client transactions open", "transactions"},
};
const counter_group_desc k_desc{"sip-transactions", "SIP transaction layer", k_counters, k_gauges};

}  // namespace

transaction_layer::counters::counters(std::string instance)
    : group(k_desc, 0, std::move(instance)) {}

transaction_layer::transaction_layer(timer_service& timers, timer_config config,
                                     transaction_user& tu, std::string instance)
    : timers_(timers), config_(config), tu_(tu), stats_(std::move(instance)) {}

transaction_layer::~transaction_layer() {
  for (auto& [k, c] : clients_) c->on_terminated = nullptr;
  for (auto& [k, s] : servers_) s->on_terminated = nullptr;
}

void transaction_layer::add_transport(transport& t) {
  (t.kind() == transport_kind::udp ? udp_ : tcp_) = &t;
}

transport* transaction_layer::find_transport(transport_kind k) const {
  return k == transport_kind::udp ? udp_ : tcp_;
}

std::string transaction_layer::make_via(transport_kind kind, const std::string& branch) const {
  std::string host = "127.0.0.1";
  std::uint16_t port = 5060;
  if (const auto* t = find_transport(kind)) {
    const auto local = t->local_endpoint();
    host =
        local.address.is_v6() ? "[" + local.address.to_string() + "]" : local.address.to_string();
    port = local.port;
  }
  return std::string("SIP/2.0/") + to_string(kind) + " " + host + ":" + std::to_string(port) +
         ";branch=" + branch + ";rport";
}

bool transaction_layer::send_message(const message& msg, const endpoint& to, connection_id conn) {
  auto* t = find_transport(to.kind);
  if (t == nullptr) {
    CMR_LOG(sip, error, "no %s transport for %s", sip::to_string(to.kind), to.to_string().c_str());
    return false;
  }
  CMR_LOG(sip, debug, "tx %s -> %s", msg.summary().c_str(), to.to_string().c_str());
  return t->send(to, msg.serialize(), conn);
}

bool transaction_layer::send_stateless(const message& msg, const endpoint& to, connection_id conn) {
  if (msg.is_request() && !msg.has_header("Via")) {
    // The ACK for a 2xx is its own transaction: a Via with a new branch.
    message copy = msg;
    copy.prepend_header("Via", make_via(to.kind, new_branch()));
    if (!copy.has_header("Max-Forwards")) copy.add_header("Max-Forwards", "70");
    return send_message(copy, to, conn);
  }
  return send_message(msg, to, conn);
}

std::shared_ptr<client_transaction> transaction_layer::send_request(
    message req, const endpoint& to, client_transaction::callbacks cb) {
  auto via = req.top_via();
  if (!via || via->branch().empty()) {
    req.prepend_header("Via", make_via(to.kind, new_branch()));
    via = req.top_via();
  }
  if (!req.has_header("Max-Forwards")) req.add_header("Max-Forwards", "70");
  const auto key = client_key(via->branch(), req.method);
  auto tx = std::make_shared<client_transaction>(std::move(req), to, key, timers_, config_, *this,
                                                 std::move(cb));
  tx->on_terminated = [this](const std::string& k) {
    clients_.erase(k);
    stats_.client_transactions = static_cast<std::int64_t>(clients_.size());
  };
  clients_[key] = tx;
  stats_.client_transactions = static_cast<std::int64_t>(clients_.size());
  tx->start();
  return tx;
}

std::shared_ptr<client_transaction> transaction_layer::send_cancel(
    const client_transaction& invite, client_transaction::callbacks cb) {
  const auto& inv = invite.request();
  auto cancel = message::make_request("CANCEL", inv.request_uri);
  if (const auto* v = inv.header("Via")) cancel.add_header("Via", *v);  // same branch (9.1)
  cancel.copy_headers(inv, "Route");
  cancel.add_header("Max-Forwards", "70");
  cancel.copy_headers(inv, "From");
  cancel.copy_headers(inv, "To");
  cancel.copy_headers(inv, "Call-ID");
  const auto cs = inv.cseq();
  cancel.add_header("CSeq", std::to_string(cs ? cs->number : 0) + " CANCEL");
  return send_request(std::move(cancel), invite.destination(), std::move(cb));
}

endpoint transaction_layer::response_destination(const message& req, const endpoint& peer) {
  endpoint to = peer;
  const auto via = req.top_via();
  if (!via) return to;
  // rport (RFC 3581) or a reliable transport: answer the source address/port.
  if (via->has_rport() || peer.kind == transport_kind::tcp) {
    if (peer.kind == transport_kind::tcp && !via->has_rport()) to.port = via->port.value_or(5060);
    return to;
  }
  // RFC 3261 18.2.2: to the address in "received", which 18.2.1 adds
  // whenever sent-by differs from the source: the source address in every
  // case (also for a request that did not parse, whose Via never got one:
  // a forged sent-by must not direct our answers elsewhere). The port is
  // sent-by's, 5060 by default.
  to.port = via->port.value_or(5060);
  return to;
}

void transaction_layer::on_message(message msg, const endpoint& peer, connection_id conn) {
  if (msg.is_request()) {
    on_request(std::move(msg), peer, conn);
  } else {
    on_response(std::move(msg), peer);
  }
}

void transaction_layer::on_parse_error(const parse_failure& f, const endpoint& peer,
                                       connection_id conn) {
  ++stats_.parse_errors;
  const int status = f.response_status();
  if (status == 0) return;                 // responses and hopeless requests are dropped (18.3)
  if (f.partial->method == "ACK") return;  // an ACK is never answered
  auto rsp = make_response(*f.partial, status, {}, random_token(10));
  rsp.reason = std::string(default_reason(status)) + " (" + to_string(f.code) + ")";
  ++stats_.error_responses_sent;
  send_message(rsp, response_destination(*f.partial, peer), conn);
}

std::shared_ptr<server_transaction> transaction_layer::new_server(message req, const endpoint& peer,
                                                                  connection_id conn,
                                                                  const std::string& key) {
  const auto dest = response_destination(req, peer);
  auto tx = std::make_shared<server_transaction>(std::move(req), dest, conn, key, timers_, config_,
                                                 *this);
  tx->on_terminated = [this](const std::string& k) {
    servers_.erase(k);
    stats_.server_transactions = static_cast<std::int64_t>(servers_.size());
  };
  servers_[key] = tx;
  stats_.server_transactions = static_cast<std::int64_t>(servers_.size());
  tx->start();
  return tx;
}

void transaction_layer::on_request(message req, const endpoint& peer, connection_id conn) {
  ++stats_.requests_in;
  // RFC 3261 18.2.1 and RFC 3581: note where the request really came from.
  if (auto via = req.top_via()) {
    bool changed = false;
    if (via->host != peer.address.to_string()) {
      via->params.set("received", peer.address.to_string());
      changed = true;
    }
    if (via->has_rport() && !via->rport()) {
      via->params.set("rport", std::to_string(peer.port));
      changed = true;
    }
    if (changed) {
      for (auto& h : req.headers) {
        if (h.name == "Via") {
          h.value = via->to_string();
          break;
        }
      }
    }
  }
  if (req.method == "CANCEL") {
    on_cancel_request(std::move(req), peer, conn);
    return;
  }
  const auto key = server_key(req);
  if (!key) return;  // the parser guarantees Via and CSeq; be defensive anyway
  const auto it = servers_.find(*key);
  if (req.method == "ACK") {
    if (it != servers_.end() && (it->second->state() == tx_state::completed ||
                                 it->second->state() == tx_state::confirmed)) {
      // RFC 2543 ACKs must also carry the To tag we answered with.
      const auto to = req.to();
      if (it->second->request().top_via()->rfc3261_branch() ||
          (to && to->tag() == it->second->local_tag())) {
        auto keep = it->second;
        keep->on_ack(req);
        return;
      }
    }
    tu_.on_ack(req, peer);
    return;
  }
  if (it != servers_.end()) {
    ++stats_.retransmissions_in;
    auto keep = it->second;
    keep->on_retransmission();
    return;
  }
  auto tx = new_server(std::move(req), peer, conn, *key);
  tu_.on_request(tx);
}

void transaction_layer::on_cancel_request(message cancel, const endpoint& peer,
                                          connection_id conn) {
  const auto key = server_key(cancel);
  if (!key) return;
  if (const auto it = servers_.find(*key); it != servers_.end()) {
    auto keep = it->second;
    keep->on_retransmission();
    return;
  }
  const auto invite_key = server_key(cancel, "INVITE");
  auto cancel_tx = new_server(cancel, peer, conn, *key);
  const auto it = invite_key ? servers_.find(*invite_key) : servers_.end();
  if (it == servers_.end()) {
    cancel_tx->respond(481);
    return;
  }
  auto invite = it->second;
  // The CANCEL's 200 carries the INVITE response's To tag (RFC 3261 9.2).
  cancel_tx->set_local_tag(invite->local_tag());
  cancel_tx->respond(200);
  if (invite->state() == tx_state::proceeding) tu_.on_cancel(invite, cancel);
}

void transaction_layer::on_response(message rsp, const endpoint& peer) {
  ++stats_.responses_in;
  // RFC 3261 18.1.2: a response whose top Via is not ours is discarded; the
  // branch lookup below covers that, since only our branches are keys.
  const auto key = client_key(rsp);
  if (key) {
    if (const auto it = clients_.find(*key); it != clients_.end()) {
      auto keep = it->second;
      keep->on_response(rsp);
      return;
    }
  }
  ++stats_.stray_responses;
  tu_.on_stray_response(rsp, peer);
}

}  // namespace cmr::sip
