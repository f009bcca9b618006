#include "sigtran/osmo_thread.h"

#include <sys/eventfd.h>
#include <unistd.h>

#include <cerrno>
#include <cstdint>
#include <mutex>
#include <system_error>
#include <vector>

#include "sigtran/osmo_headers.h"
#include "sigtran/log.h"

namespace cmr::sigtran {

struct osmo_thread::state {
  // Serialises start()/stop() against each other; never held by the osmo thread.
  std::mutex life_mu;
  std::thread thread;

  std::mutex mu;  // guards queue and accepting
  std::vector<unique_task> queue;
  bool accepting = false;

  struct hook {
    std::uint64_t id;
    std::function<void()> fn;
  };
  std::vector<hook> hooks;  // osmo thread only
  std::uint64_t next_hook_id = 1;

  std::atomic<bool> stop_requested{false};
  std::atomic<std::thread::id> id{};
  int efd = -1;

  void wake() const {
    const std::uint64_t one = 1;
    // A full counter (EAGAIN) still means "readable", so the wakeup is not lost.
    [[maybe_unused]] const auto n = ::write(efd, &one, sizeof one);
  }

  void run();
  void turn_end();
  static int on_wakeup(osmo_fd* ofd, unsigned int what);
};

int osmo_thread::state::on_wakeup(osmo_fd* ofd, unsigned int /*what*/) {
  auto* self = static_cast<state*>(ofd->data);
  // Read the counter before taking the queue: a post() racing with us then
  // either lands in this batch or re-arms the eventfd for the next wakeup.
  std::uint64_t count = 0;
  [[maybe_unused]] const auto n = ::read(self->efd, &count, sizeof count);

  std::vector<unique_task> batch;
  {
    const std::lock_guard lock(self->mu);
    batch.swap(self->queue);
  }
  for (auto& task : batch) {
    if (self->stop_requested.load(std::memory_order_acquire)) break;
    // Tasks run inside a C callback: nothing may propagate out of here.
    try {
      task();
    } catch (const std::exception& e) {
      CMR_LOG(sigtran, error, "osmo task threw: %s", e.what());
    } catch (...) {
      CMR_LOG(sigtran, error, "osmo task threw a non-standard exception");
    }
  }
  return 0;  // the unrun rest of `batch` is destroyed here, on the osmo thread
}

void osmo_thread::state::run() {
  // A fresh thread has no libosmocore per-thread state yet: the select list and
  // the volatile talloc contexts are set up by the library only for main().
  osmo_ctx_init("osmo");
  osmo_select_init();

  osmo_fd ofd{};
  osmo_fd_setup(&ofd, efd, OSMO_FD_READ, &state::on_wakeup, this, 0);
  if (osmo_fd_register(&ofd) != 0) {
    CMR_LOG(sigtran, fatal, "cannot register the osmo wakeup eventfd");
    stop_requested = true;
  }
  while (!stop_requested.load(std::memory_order_acquire)) {
    osmo_select_main(0);  // sleeps until something is due
    // Drain what is ready now without sleeping: queued IPA frames go out and
    // waiting ones are read, one per socket per round.
    for (int i = 0; i < max_rounds_per_turn && !stop_requested.load(std::memory_order_acquire); ++i) {
      if (osmo_select_main(1) == 0) break;
    }
    turn_end();
  }
  osmo_fd_unregister(&ofd);
  hooks.clear();

  std::vector<unique_task> dropped;
  {
    const std::lock_guard lock(mu);
    accepting = false;
    dropped.swap(queue);
  }
  dropped.clear();  // destroy unrun work here, where its captures were meant to live

  talloc_free(osmo_ctx);
  osmo_ctx = nullptr;
}

void osmo_thread::state::turn_end() {
  // By index and id: a hook may add or remove hooks while we iterate.
  for (std::size_t i = 0; i < hooks.size(); ++i) {
    const std::uint64_t hook_id = hooks[i].id;
    auto fn = hooks[i].fn;  // a copy: the hook may remove itself
    try {
      fn();
    } catch (const std::exception& e) {
      CMR_LOG(sigtran, error, "osmo turn hook threw: %s", e.what());
    } catch (...) {
      CMR_LOG(sigtran, error, "osmo turn hook threw a non-standard exception");
    }
    if (i >= hooks.size() || hooks[i].id != hook_id) {
      // Removed (itself or an earlier one): find where we are again.
      std::size_t j = 0;
      while (j < hooks.size() && hooks[j].id <= hook_id) ++j;
      i = j == 0 ? static_cast<std::size_t>(-1) : j - 1;
    }
  }
}

std::uint64_t osmo_thread::add_turn_hook(std::function<void()> hook) {
  const std::uint64_t id = s_->next_hook_id++;
  s_->hooks.push_back({id, std::move(hook)});
  return id;
}

void osmo_thread::remove_turn_hook(std::uint64_t id) {
  auto& h = s_->hooks;
  for (auto it = h.begin(); it != h.end(); ++it) {
    if (it->id == id) {
      h.erase(it);
      return;
    }
  }
}

osmo_thread::osmo_thread() : s_(std::make_unique<state>()) {}

osmo_thread::~osmo_thread() { stop(); }

void osmo_thread::start() {
  const std::lock_guard life(s_->life_mu);
  if (s_->thread.joinable()) {
    if (!s_->stop_requested.load()) return;  // already running
    join_locked();                          // stopped from inside: finish it first
  }
  const int fd = ::eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
  if (fd < 0) throw std::system_error(errno, std::generic_category(), "eventfd");
  s_->efd = fd;
  s_->stop_requested = false;
  {
    const std::lock_guard lock(s_->mu);
    s_->accepting = true;
  }
  s_->thread = std::thread([st = s_.get()] {
    st->id = std::this_thread::get_id();
    st->run();
  });
  // Publish the id before start() returns so is_current() is exact afterwards.
  s_->id = s_->thread.get_id();
}

void osmo_thread::stop() {
  {
    const std::lock_guard lock(s_->mu);
    s_->accepting = false;
  }
  // Harmless when not running: start() resets it.
  s_->stop_requested.store(true, std::memory_order_release);
  // From a task on the osmo thread we cannot join ourselves; the loop sees the
  // flag as soon as the current wakeup callback returns.
  if (is_current()) return;
  const std::lock_guard life(s_->life_mu);
  join_locked();
}

void osmo_thread::join_locked() {
  if (!s_->thread.joinable()) return;
  s_->stop_requested.store(true, std::memory_order_release);
  s_->wake();
  s_->thread.join();
  s_->id = std::thread::id{};
  ::close(s_->efd);
  s_->efd = -1;
}

bool osmo_thread::post(unique_task task) {
  bool was_empty = false;
  {
    const std::lock_guard lock(s_->mu);
    if (!s_->accepting) return false;
    was_empty = s_->queue.empty();
    s_->queue.push_back(std::move(task));
    // Waking while still holding the lock keeps efd valid: stop() closes it
    // only after accepting went false under this same mutex and the join.
    if (was_empty) s_->wake();
  }
  return true;
}

bool osmo_thread::is_current() const { return s_->id.load() == std::this_thread::get_id(); }

bool osmo_thread::running() const {
  const std::lock_guard lock(s_->mu);
  return s_->accepting;
}

}  // namespace cmr::sigtran
