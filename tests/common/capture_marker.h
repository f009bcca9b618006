// Marker datagrams that prove a tshark capture is live, and later that the
// capture file holds everything sent before.
//
// tshark prints "Capturing on" before the capture really runs, and dumpcap
// writes the file on its own schedule (in blocks, on its update interval), so
// neither the log line nor a delay can be trusted. Instead a test sends UDP
// datagrams to an address and port its capture filter passes until one of
// them is in the file: then the capture runs. Frames on lo are captured in
// order, so once a marker sent after some traffic is in the file, all of that
// traffic is too: an "end" marker lets a test stop the capture without
// losing the last frames.
#pragma once

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <iterator>
#include <string>
#include <thread>

namespace cmr::test {

// Sends `payload` as one UDP datagram to ip:port every 50 ms until the
// capture file `pcap_path` holds those bytes, or `timeout` passes. The marker
// must be unique enough that an older one cannot be mistaken for it (a start
// and an end marker of one capture differ). True when it was seen.
inline bool mark_capture(const std::string& ip, unsigned short port, const std::string& pcap_path,
                         const std::string& payload,
                         std::chrono::milliseconds timeout = std::chrono::seconds(20)) {
  sockaddr_in sa{};
  sa.sin_family = AF_INET;
  sa.sin_port = htons(port);
  if (::inet_pton(AF_INET, ip.c_str(), &sa.sin_addr) != 1) return false;
  const int fd = ::socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return false;
  const auto in_file = [&] {
    std::ifstream in(pcap_path, std::ios::binary);
    const std::string bytes{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
    return bytes.find(payload) != std::string::npos;
  };
  bool seen = false;
  for (const auto deadline = std::chrono::steady_clock::now() + timeout;
       !seen && std::chrono::steady_clock::now() < deadline;) {
    ::sendto(fd, payload.data(), payload.size(), 0, reinterpret_cast<const sockaddr*>(&sa),
             sizeof sa);
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    seen = in_file();
  }
  ::close(fd);
  return seen;
}

}  // namespace cmr::test
