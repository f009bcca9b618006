// Where to start walking a resource box: sequential boxes rotate per owner
// (each (owner, box) pair has its own counter, so two owners sharing a box id
// rotate independently), random boxes start at a random member.
//
// The counters live in sharded maps; a lookup takes one shard's shared lock,
// and the counter itself is atomic, so concurrent calls for the same box each
// get their own slot.
#pragma once

#include <array>
#include <atomic>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <shared_mutex>
#include <string>
#include <string_view>
#include <unordered_map>

#include "store/model.h"
#include "store/random_source.h"

namespace cmr::store {

class rotation_state {
public:
  // Uses an internal thread_random_source.
  rotation_state();
  // `rnd` must outlive this object.
  explicit rotation_state(random_source& rnd);
  rotation_state(const rotation_state&) = delete;
  rotation_state& operator=(const rotation_state&) = delete;

  // A walk over a box of `size` members (> 0): members are tried from index
  // `start` on, wrapping.
  struct walk {
    std::size_t start = 0;
    std::atomic<std::uint64_t>* counter = nullptr;  // sequential only
  };
  walk begin(std::string_view owner, std::string_view box_id, play_mode mode, std::size_t size);
  // The member at `start + skipped` was chosen: a sequential box moves past
  // it, so the next call starts with the member after the one played.
  static void chosen(const walk& w, std::size_t skipped);

private:
  struct key_view {
    std::string_view owner;
    std::string_view box;
  };
  struct key {
    std::string owner;
    std::string box;
  };
  struct key_hash {
    using is_transparent = void;
    std::size_t operator()(const key_view& k) const;
    std::size_t operator()(const key& k) const { return (*this)(key_view{k.owner, k.box}); }
  };
  struct key_eq {
    using is_transparent = void;
    static key_view v(const key& k) { return {k.owner, k.box}; }
    static key_view v(const key_view& k) { return k; }
    template <typename A, typename B>
    bool operator()(const A& a, const B& b) const {
      return v(a).owner == v(b).owner && v(a).box == v(b).box;
    }
  };
  struct shard {
    std::shared_mutex mutex;
    // unique_ptr: atomics cannot move, and the pointer handed out by begin()
    // must survive rehashing.
    std::unordered_map<key, std::unique_ptr<std::atomic<std::uint64_t>>, key_hash, key_eq> counters;
  };
  static constexpr std::size_t shard_count = 32;

  std::atomic<std::uint64_t>& counter(std::string_view owner, std::string_view box_id);

  std::unique_ptr<thread_random_source> own_random_;
  random_source& random_;
  std::array<shard, shard_count> shards_;
};

}  // namespace cmr::store
