#include "common/asio_timer_service.h"

namespace cmr {
namespace {
// A timer_id: generation in the high half, slot index + 1 in the low half
// (never 0).
timer_service::timer_id make_id(std::uint32_t generation, std::uint32_t index) {
  return (static_cast<timer_service::timer_id>(generation) << 32) | (index + 1U);
}
}  // namespace

asio_timer_service::asio_timer_service(boost::asio::any_io_executor ex) : timer_(std::move(ex)) {}

// Destroying the steady_timer cancels its wait; the handler then sees
// operation_aborted, or finds the alive flag gone, and does nothing.
asio_timer_service::~asio_timer_service() = default;

asio_timer_service::slot* asio_timer_service::find(timer_id id) {
  const auto low = static_cast<std::uint32_t>(id & 0xffffffffU);
  if (low == 0 || low > slots_.size()) return nullptr;
  slot& s = slots_[low - 1];
  if (!s.armed || s.generation != static_cast<std::uint32_t>(id >> 32)) return nullptr;
  return &s;
}

void asio_timer_service::release(std::uint32_t index) {
  slot& s = slots_[index];
  s.armed = false;
  ++s.generation;
  s.cb = nullptr;
  --fifos_[s.fifo].live;
  --live_;
  free_.push_back(index);
}

timer_service::timer_id asio_timer_service::start(duration after, callback cb) {
  if (after < duration::zero()) after = duration::zero();
  std::uint32_t f = 0;
  while (f < fifos_.size() && fifos_[f].after != after) ++f;
  if (f == fifos_.size()) fifos_.push_back(fifo{after, {}, 0});

  std::uint32_t index = 0;
  if (!free_.empty()) {
    index = free_.back();
    free_.pop_back();
  } else {
    index = static_cast<std::uint32_t>(slots_.size());
    slots_.emplace_back();
  }
  slot& s = slots_[index];
  s.armed = true;
  s.fifo = f;
  s.cb = std::move(cb);
  const timer_id id = make_id(s.generation, index);
  const time_point at = now() + after;
  fifos_[f].entries.push_back({at, id});
  ++fifos_[f].live;
  ++live_;
  // Callbacks never run from inside start(): at most the steady_timer moves.
  if (!firing_ && (!armed_at_ || at < *armed_at_)) arm();
  return id;
}

void asio_timer_service::cancel(timer_id id) {
  slot* s = find(id);
  if (s == nullptr) return;
  const auto index = static_cast<std::uint32_t>(s - slots_.data());
  fifo& f = fifos_[s->fifo];
  release(index);
  if (f.entries.size() > 1024 && f.entries.size() > 4 * f.live) compact(f);
  // The steady_timer stays armed: if this was the earliest timer, its expiry
  // finds nothing due and re-arms for the next one.
}

void asio_timer_service::compact(fifo& f) {
  std::deque<entry> kept;
  for (const entry& e : f.entries)
    if (find(e.id) != nullptr) kept.push_back(e);
  f.entries.swap(kept);
}

std::optional<timer_service::time_point> asio_timer_service::earliest() {
  std::optional<time_point> best;
  for (fifo& f : fifos_) {
    // Cancelled entries at the head are dropped here, lazily.
    while (!f.entries.empty() && find(f.entries.front().id) == nullptr) f.entries.pop_front();
    if (!f.entries.empty() && (!best || f.entries.front().at < *best)) best = f.entries.front().at;
  }
  return best;
}

void asio_timer_service::arm() {
  armed_at_ = earliest();
  if (!armed_at_) {
    timer_.cancel();
    return;
  }
  timer_.expires_at(*armed_at_);  // cancels the previous wait (operation_aborted)
  timer_.async_wait(
      [this, alive = std::weak_ptr<alive_flag>(alive_)](const boost::system::error_code& ec) {
        if (ec || alive.expired()) return;
        fire();
      });
}

void asio_timer_service::fire() {
  armed_at_.reset();
  firing_ = true;
  const time_point t = now();
  // One due timer at a time, earliest first; a callback may start or cancel
  // timers (fifos_ may grow: no references are held across a callback).
  for (;;) {
    std::optional<std::uint32_t> best;
    for (std::uint32_t f = 0; f < fifos_.size(); ++f) {
      auto& q = fifos_[f].entries;
      while (!q.empty() && find(q.front().id) == nullptr) q.pop_front();
      if (q.empty() || q.front().at > t) continue;
      if (!best || q.front().at < fifos_[*best].entries.front().at) best = f;
    }
    if (!best) break;
    const timer_id id = fifos_[*best].entries.front().id;
    fifos_[*best].entries.pop_front();
    slot* s = find(id);
    callback cb = std::move(s->cb);
    release(static_cast<std::uint32_t>(s - slots_.data()));
    cb();
  }
  firing_ = false;
  arm();
}

}  // namespace cmr
