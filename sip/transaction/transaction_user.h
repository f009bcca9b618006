// What the transaction layer reports upward (the TU: dialog layer, B2BUA).
#pragma once

#include <memory>

#include "sip/message/message.h"
#include "sip/transaction/server_transaction.h"
#include "sip/transport/endpoint.h"

namespace cmr::sip {

class transaction_user {
public:
  virtual ~transaction_user() = default;
  // A new request (not a retransmission, not ACK, not CANCEL). Answer through
  // tx->respond(); set tx->on_error to hear about timer H / transport errors.
  virtual void on_request(const std::shared_ptr<server_transaction>& tx) = 0;
  // An ACK no server transaction absorbed: the ACK for a 2xx (RFC 3261 17.2.3).
  virtual void on_ack(const message& ack, const endpoint& peer) = 0;
  // A CANCEL matched `invite` while it was still Proceeding. The layer has
  // already answered the CANCEL with 200; the TU answers the INVITE (487).
  virtual void on_cancel(const std::shared_ptr<server_transaction>& invite,
                         const message& cancel) = 0;
  // A response no client transaction claimed (late 2xx retransmissions).
  virtual void on_stray_response(const message& rsp, const endpoint& peer) = 0;
};

}  // namespace cmr::sip
