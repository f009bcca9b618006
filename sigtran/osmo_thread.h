// The one thread that owns every libosmocore / libosmo-sigtran call
// (DESIGN.md section 3). libosmocore keeps its select and timer state per
// thread and its talloc trees and lists global, so everything osmo lives here.
// Other threads hand work in through post(): a mutex-protected queue plus an
// eventfd registered as an osmo_fd wakes osmo_select_main().
//
// The loop works in turns: one blocking osmo_select_main(0) (sleeps in poll
// until a socket, the eventfd or an osmo timer needs it), then non-blocking
// osmo_select_main(1) rounds while they still find work (libosmo-netif sends
// and reads one IPA frame per round), at most max_rounds_per_turn, then the
// turn-end hooks. Hooks are where per-turn batches leave the thread: received
// messages go to Asio in one post, corked sockets are pushed out. Nothing
// spins while idle: an idle turn is one poll that sleeps.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <thread>

#include "sigtran/unique_task.h"

namespace cmr::sigtran {

class osmo_thread {
public:
  osmo_thread();
  ~osmo_thread();  // stop()s and joins
  osmo_thread(const osmo_thread&) = delete;
  osmo_thread& operator=(const osmo_thread&) = delete;

  // Starts the thread running osmo_select_main(0) in a loop. Throws
  // std::system_error when the eventfd cannot be created (start-up only).
  // Starting a running thread does nothing; a stopped one can be restarted.
  void start();

  // Wakes the loop, runs no queued work after that, destroys what is left in
  // the queue (on the osmo thread) and joins. Idempotent and thread-safe.
  // Called from the osmo thread itself (from a task) it only requests the
  // stop: the join happens in a later stop() or the destructor.
  void stop();

  // Queues `task` to run on the osmo thread, after everything queued before it
  // by the same producer. Returns false (and drops the task) when the thread
  // is not running or is stopping.
  bool post(unique_task task);

  [[nodiscard]] bool is_current() const;
  [[nodiscard]] bool running() const;

  // Osmo thread only: `hook` runs at the end of every turn that did work,
  // until removed (by the id returned; 0 is never returned). A hook may add or
  // remove hooks; a removed hook does not run again, even later in the same turn.
  std::uint64_t add_turn_hook(std::function<void()> hook);
  void remove_turn_hook(std::uint64_t id);

  static constexpr int max_rounds_per_turn = 256;

private:
  struct state;
  void join_locked();
  std::unique_ptr<state> s_;
};

}  // namespace cmr::sigtran
