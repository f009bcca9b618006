// The one thread that owns every libosmocore / libosmo-sigtran call
// (DESIGN.md section 3). libosmocore keeps its select and timer state per
// thread and its talloc trees and lists global, so everything osmo lives here.
// Other threads hand work in through post(): a mutex-protected queue plus an
// eventfd registered as an osmo_fd wakes osmo_select_main().
#pragma once

#include <atomic>
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

private:
  struct state;
  void join_locked();
  std::unique_ptr<state> s_;
};

}  // namespace cmr::sigtran
