// SIP over UDP: one socket, one datagram per message (RFC 3261 18.1.1/18.2.1).
#pragma once

#include <array>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/udp.hpp>
#include <memory>
#include <string>

#include "common/counters.h"
#include "common/result.h"
#include "sip/transport/transport.h"

namespace cmr::sip {

class udp_transport final : public transport {
public:
  static result<std::unique_ptr<udp_transport>, std::string> open(
      boost::asio::io_context& io, transport_user& user, const boost::asio::ip::address& address,
      std::uint16_t port, const transport_options& options = {});
  ~udp_transport() override;

  [[nodiscard]] transport_kind kind() const override { return transport_kind::udp; }
  [[nodiscard]] endpoint local_endpoint() const override { return local_; }
  bool send(const endpoint& to, std::string bytes, connection_id conn = 0) override;
  void close() override;

  // libosmocore group "cmr_sip-udp" (common/counters.h).
  struct counters {
    explicit counters(std::string instance);
    counter_group group;
    counter_ref received{group, "received"}, sent{group, "sent"},
        parse_errors{group, "parse-errors"}, send_errors{group, "send-errors"};
  };
  [[nodiscard]] const counters& stats() const { return stats_; }

private:
  udp_transport(boost::asio::io_context& io, transport_user& user, transport_options options);
  void receive();

  boost::asio::ip::udp::socket socket_;
  transport_user& user_;
  transport_options options_;
  endpoint local_;
  std::array<char, 65536> buffer_{};
  boost::asio::ip::udp::endpoint sender_;
  counters stats_;
  std::shared_ptr<bool> alive_ = std::make_shared<bool>(true);
};

}  // namespace cmr::sip
