// The bridge between the osmo thread (every libosmo call) and the Boost.Asio
// io_context that runs everything else (DESIGN.md section 3).
//
//   asio -> osmo: run_on_osmo(task)   queued, the eventfd wakes osmo_select_main
//   osmo -> asio: post_to_asio(task)  boost::asio::post onto the io_context or a
//                                     strand; data received from libosmo must be
//                                     copied into the task (the msgb is freed on
//                                     the osmo thread before the task runs)
//   batching:     add_turn_hook(f)    f runs on the osmo thread after each busy
//                                     turn of its loop: collect during the turn,
//                                     post once (sccp_binding does this)
//
// Each direction keeps the order of one producer's tasks. The io_context must
// outlive the bridge's running period; the bridge may be destroyed before or
// after stop() and in any order relative to the io_context being stopped.
#pragma once

#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <cstdint>
#include <functional>
#include <future>
#include <memory>
#include <stdexcept>
#include <type_traits>
#include <utility>

#include "sigtran/osmo_thread.h"
#include "sigtran/unique_task.h"

namespace cmr::sigtran {

class bridge {
public:
  explicit bridge(boost::asio::io_context& io) : io_(io) {}
  ~bridge() { stop(); }
  bridge(const bridge&) = delete;
  bridge& operator=(const bridge&) = delete;

  void start() { osmo_.start(); }
  // Runs no osmo work after it returns (see osmo_thread::stop). Tasks already
  // posted to Asio stay there and run (or are destroyed) with the io_context.
  void stop() { osmo_.stop(); }

  // Any thread. False when the osmo thread is not running (task dropped).
  bool run_on_osmo(unique_task task) { return osmo_.post(std::move(task)); }

  // Runs `f` on the osmo thread and waits for its result: for start-up and
  // configuration only, where blocking is fine. Runs inline when already on the
  // osmo thread. Throws std::runtime_error when the osmo thread is not running;
  // an exception thrown by `f` is rethrown here, never inside libosmo.
  template <typename F>
  std::invoke_result_t<F&> call_on_osmo(F f);

  // Osmo thread (or any thread): onto the io_context, or onto a strand /
  // executor given explicitly to keep per-dialogue ordering.
  void post_to_asio(unique_task task) { boost::asio::post(io_, std::move(task)); }
  template <typename Executor>
  static void post_to_asio(const Executor& ex, unique_task task) {
    boost::asio::post(ex, std::move(task));
  }

  // Osmo thread only: runs `hook` at the end of every busy osmo-thread turn
  // (see osmo_thread.h), e.g. to hand a batch of received messages to Asio in
  // one post. remove_turn_hook() with the returned id.
  std::uint64_t add_turn_hook(std::function<void()> hook) { return osmo_.add_turn_hook(std::move(hook)); }
  void remove_turn_hook(std::uint64_t id) { osmo_.remove_turn_hook(id); }

  [[nodiscard]] bool on_osmo_thread() const { return osmo_.is_current(); }
  [[nodiscard]] bool running() const { return osmo_.running(); }
  boost::asio::io_context& io() { return io_; }

private:
  boost::asio::io_context& io_;
  osmo_thread osmo_;
};

template <typename F>
std::invoke_result_t<F&> bridge::call_on_osmo(F f) {
  using R = std::invoke_result_t<F&>;
  if (osmo_.is_current()) return f();
  // Only the task owns the promise: if the thread is stopped before the task
  // runs, destroying the task breaks the promise and get() throws
  // std::future_error instead of waiting forever.
  auto done = std::make_shared<std::promise<R>>();
  auto result = done->get_future();
  const bool queued = osmo_.post([&f, done] {
    try {
      if constexpr (std::is_void_v<R>) {
        f();
        done->set_value();
      } else {
        done->set_value(f());
      }
    } catch (...) {
      done->set_exception(std::current_exception());
    }
  });
  if (!queued) throw std::runtime_error("osmo thread is not running");
  return result.get();
}

}  // namespace cmr::sigtran
