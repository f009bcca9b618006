// The management write path: one writer thread owns the store's write
// connection for mutating requests. It takes every pending request (up to a
// batch limit), runs each inside its own SAVEPOINT of one transaction (a
// failing request rolls back only its savepoint), COMMITs once (one fsync
// under synchronous=FULL for the whole batch) and only then completes the
// requests: nothing is acknowledged before its commit is durable. A failed
// COMMIT answers every request of the batch 99999. The io threads never wait
// for the writer: they queue and are called back.
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

#include "mgmt/mgmt_counters.h"
#include "mgmt/status.h"
#include "store/store.h"

namespace cmr::mgmt {

struct group_commit_options {
  std::size_t max_batch = 128;   // requests per transaction
  std::size_t max_queue = 4096;  // waiting requests; beyond: refused (busy)
  // Where completions run (e.g. posted to the io_context); empty: on the
  // writer thread.
  std::function<void(std::function<void()>)> complete_on;
};

struct group_commit_stats {
  std::uint64_t requests = 0;      // run by the writer
  std::uint64_t transactions = 0;  // batches committed (or attempted)
  std::uint64_t failed_commits = 0;
  std::uint64_t refused = 0;  // queue full
  std::uint64_t largest_batch = 0;
  std::uint64_t waiting = 0;  // queued now
  std::uint64_t running = 0;  // in the batch being run now
};

class group_commit {
public:
  // Runs on the writer thread inside the request's savepoint. Side effects
  // outside the database go to `after_commit`.
  using work = std::function<outcome(store::store& db, std::vector<std::function<void()>>& after_commit)>;
  // Called once per request after the batch's COMMIT: the request's verdict,
  // or 99999 when the commit failed.
  using completion = std::function<void(outcome verdict)>;

  group_commit(store::store& db, group_commit_options options);
  ~group_commit();  // finishes what is queued, then stops
  group_commit(const group_commit&) = delete;
  group_commit& operator=(const group_commit&) = delete;

  // false (and nothing runs) when the queue is full.
  bool submit(work w, completion done);

  [[nodiscard]] group_commit_stats stats() const;

private:
  struct job {
    work run;
    completion done;
  };
  void loop();
  void run_batch(std::vector<job>& batch);

  store::store& db_;
  group_commit_options options_;
  mutable std::mutex mu_;
  std::condition_variable wake_;
  std::deque<job> queue_;
  bool stopping_ = false;
  group_commit_stats stats_;
  mgmt_writer_counters counters_;  // the same, for "show rate-counters"
  std::thread thread_;
};

}  // namespace cmr::mgmt
