#include "in/ip/ip_node.h"

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/post.hpp>
#include <future>

#include "in/ip/log.h"

namespace cmr::in::ip {

ip_node::ip_node(ip_config config, announcement_source& announcements)
    : ports_(config.rtp), ip_(io_, std::move(config), announcements, ports_) {}

ip_node::~ip_node() { stop(); }

result<void, std::string> ip_node::open() { return ip_.open(); }

void ip_node::start(sigtran::sccp_service* sccp, sigtran::sccp_service* win) {
  if (sccp != nullptr) ip_.attach_sccp(*sccp);
  if (win != nullptr) ip_.attach_win_sccp(*win);
  thread_ = std::thread([this] {
    auto guard = boost::asio::make_work_guard(io_);
    io_.run();
  });
}

void ip_node::stop() {
  if (!thread_.joinable()) {
    ip_.close();
    return;
  }
  // Bearers end on the node's thread (their BYE and TC-END go out), then the
  // loop gets a moment to send them before it stops.
  std::promise<void> done;
  boost::asio::post(io_, [this, &done] {
    ip_.stop_all();
    done.set_value();
  });
  done.get_future().wait_for(std::chrono::seconds(2));
  io_.stop();
  thread_.join();
  ip_.close();
}

std::string ip_node::status_text() {
  if (!thread_.joinable()) return "not running\n";
  auto done = std::make_shared<std::promise<std::string>>();
  auto text = done->get_future();
  boost::asio::post(io_, [this, done] { done->set_value(ip_.status_text()); });
  if (text.wait_for(std::chrono::seconds(2)) != std::future_status::ready)
    return "% IP thread did not answer within 2 s\n";
  return text.get();
}

}  // namespace cmr::in::ip
