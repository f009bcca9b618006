// How a transaction puts a message on the wire; implemented by the
// transaction layer, faked in unit tests.
#pragma once

#include "sip/message/message.h"
#include "sip/transport/endpoint.h"

namespace cmr::sip {

class transaction_sender {
public:
  virtual ~transaction_sender() = default;
  virtual bool send_message(const message& msg, const endpoint& to, connection_id conn) = 0;
};

}  // namespace cmr::sip
