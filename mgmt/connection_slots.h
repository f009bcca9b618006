// The management server's connection slots: at most `max_total` connections
// at once, and at most `max_per_address` from one source address, so that a
// single client (a slowloris trickling its headers, a runaway script) cannot
// hold every slot of the port. Accepted on the acceptor's strand, released by
// the sessions on any io thread: one mutex.
#pragma once

#include <boost/asio/ip/address.hpp>
#include <cstdint>
#include <mutex>
#include <string>
#include <unordered_map>

namespace cmr::mgmt {

class connection_slots {
public:
  enum class verdict : std::uint8_t { admitted, server_full, address_full };

  connection_slots(std::uint32_t max_total, std::uint32_t max_per_address)
      : max_total_(max_total), max_per_address_(max_per_address) {}

  // A connection from `from`; when admitted, release(from) must follow.
  verdict admit(const boost::asio::ip::address& from);
  void release(const boost::asio::ip::address& from);
  [[nodiscard]] std::uint32_t total() const;

private:
  mutable std::mutex mutex_;
  const std::uint32_t max_total_;
  const std::uint32_t max_per_address_;
  std::uint32_t total_ = 0;
  std::unordered_map<std::string, std::uint32_t> per_address_;  // only addresses with a connection
};

}  // namespace cmr::mgmt
