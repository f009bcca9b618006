#include "sip/presence/presence_service.h"

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/post.hpp>
#include <future>
#include <thread>

#include "sip/presence/log.h"

namespace cmr::sip::presence {

presence_service::presence_service(service_options options, watch_list& list, presence_sink& sink)
    : options_(std::move(options)),
      timers_(io_),
      watcher_(options_.watcher, timers_, list, sink),
      layer_(timers_, timer_config{}, watcher_, "presence") {}

presence_service::~presence_service() { stop(); }

result<void, std::string> presence_service::start() {
  boost::system::error_code ec;
  const auto addr = boost::asio::ip::make_address(options_.address, ec);
  if (ec) return unexpected{"presence-watcher bind address " + options_.address + ": " + ec.message()};
  auto topt = options_.transport;
  topt.instance = "presence";
  auto udp = udp_transport::open(io_, layer_, addr, options_.port, topt);
  if (!udp) return unexpected{"presence-watcher: " + udp.error()};
  udp_ = std::move(*udp);
  layer_.add_transport(*udp_);
  watcher_.set_layer(layer_, udp_->local_endpoint());
  CMR_LOG(presence, notice, "presence watcher on %s, presence server %s, domain %s",
          udp_->local_endpoint().to_string().c_str(),
          options_.watcher.server.to_string().c_str(), options_.watcher.domain.c_str());
  boost::asio::post(io_, [this] { watcher_.start(); });
  thread_ = std::thread([this] {
    auto guard = boost::asio::make_work_guard(io_);
    io_.run();
  });
  return ok;
}

void presence_service::stop() {
  if (!thread_.joinable()) return;
  std::promise<void> done;
  boost::asio::post(io_, [this, &done] {
    watcher_.stop();
    done.set_value();
  });
  done.get_future().wait_for(std::chrono::seconds(2));
  // The unsubscribes are answered and the final NOTIFYs too (each ended
  // subscription goes once that happened, or after 2 s): at most 3 s.
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(3);
  std::size_t left_over = 0;
  while (std::chrono::steady_clock::now() < deadline) {
    auto left = std::make_shared<std::promise<std::size_t>>();
    auto f = left->get_future();
    boost::asio::post(io_, [this, left] { left->set_value(watcher_.size()); });
    if (f.wait_for(std::chrono::seconds(1)) != std::future_status::ready) break;
    left_over = f.get();
    if (left_over == 0) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  io_.stop();
  CMR_LOG(presence, notice, "presence watcher stopped%s",
          left_over == 0 ? "" : (" (" + std::to_string(left_over) + " subscriptions not ended in time)").c_str());
  thread_.join();
  if (udp_) udp_->close();
}

std::string presence_service::status_text() {
  if (!thread_.joinable()) return "not running\n";
  auto done = std::make_shared<std::promise<std::string>>();
  auto text = done->get_future();
  boost::asio::post(io_, [this, done] {
    std::string t = "local " + udp_->local_endpoint().to_string() + "\n" + watcher_.status_text();
    t += "client-transactions " + std::to_string(layer_.client_count()) + "\n";
    done->set_value(std::move(t));
  });
  if (text.wait_for(std::chrono::seconds(2)) != std::future_status::ready)
    return "% presence thread did not answer within 2 s\n";
  return text.get();
}

}  // namespace cmr::sip::presence
