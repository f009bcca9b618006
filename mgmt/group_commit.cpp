#include "mgmt/group_commit.h"

#include <exception>

#include "mgmt/operation.h"
#include "mgmt/log.h"

namespace cmr::mgmt {

group_commit::group_commit(store::store& db, group_commit_options options)
    : db_(db), options_(std::move(options)) {
  if (options_.max_batch == 0) options_.max_batch = 1;
  if (options_.max_queue == 0) options_.max_queue = 1;
  thread_ = std::thread([this] { loop(); });
}

group_commit::~group_commit() {
  {
    const std::lock_guard lk(mu_);
    stopping_ = true;
  }
  wake_.notify_one();
  thread_.join();
  CMR_LOG(mgmt, notice, "group commit: %llu requests in %llu transactions (largest batch %llu, %llu refused)",
          static_cast<unsigned long long>(stats_.requests), static_cast<unsigned long long>(stats_.transactions),
          static_cast<unsigned long long>(stats_.largest_batch), static_cast<unsigned long long>(stats_.refused));
}

bool group_commit::submit(work w, completion done) {
  {
    const std::lock_guard lk(mu_);
    if (stopping_ || queue_.size() >= options_.max_queue) {
      ++stats_.refused;
      ++counters_.refused;
      return false;
    }
    queue_.push_back({std::move(w), std::move(done)});
    counters_.waiting = static_cast<std::int64_t>(queue_.size());
  }
  wake_.notify_one();
  return true;
}

group_commit_stats group_commit::stats() const {
  const std::lock_guard lk(mu_);
  group_commit_stats s = stats_;
  s.waiting = queue_.size();
  return s;
}

void group_commit::loop() {
  std::vector<job> batch;
  batch.reserve(options_.max_batch);
  for (;;) {
    {
      std::unique_lock lk(mu_);
      wake_.wait(lk, [this] { return stopping_ || !queue_.empty(); });
      if (queue_.empty()) return;  // stopping, nothing left
      // Everything that queued while the previous batch was committing: the
      // more requests wait on one fsync, the larger the next batch.
      while (!queue_.empty() && batch.size() < options_.max_batch) {
        batch.push_back(std::move(queue_.front()));
        queue_.pop_front();
      }
      counters_.waiting = static_cast<std::int64_t>(queue_.size());
      stats_.running = batch.size();
    }
    run_batch(batch);
    batch.clear();
  }
}

void group_commit::run_batch(std::vector<job>& batch) {
  std::vector<outcome> verdicts(batch.size());
  std::vector<std::function<void()>> after;
  bool committed = false;
  {
    auto tx = db_.begin();  // BEGIN IMMEDIATE
    if (!tx) {
      const outcome e = internal_error(tx.error(), "batch begin");
      for (auto& v : verdicts) v = e;
    } else {
      sqlite3* handle = db_.connection().handle();
      bool aborted = false;
      for (std::size_t i = 0; i < batch.size(); ++i) {
        if (aborted) {
          verdicts[i] = fail(status::general_error);
          continue;
        }
        std::vector<std::function<void()>> mine;
        {
          auto sp = db_.begin();  // SAVEPOINT: this request's own changes
          if (!sp) {
            verdicts[i] = internal_error(sp.error(), "savepoint");
          } else {
            try {
              verdicts[i] = batch[i].run(db_, mine);
            } catch (const std::exception& e) {
              CMR_LOG(mgmt, error, "writer: unexpected exception: %s", e.what());
              verdicts[i] = fail(status::general_error);
            }
            if (verdicts[i].ok()) {
              if (auto r = sp->commit(); !r) verdicts[i] = internal_error(r.error(), "release");
            }
            // Otherwise the savepoint's destructor rolls back this request
            // only, its repeated-operation guard and charging with it.
          }
        }
        if (verdicts[i].ok()) after.insert(after.end(), std::make_move_iterator(mine.begin()),
                                           std::make_move_iterator(mine.end()));
        // An error SQLite answers by rolling back the whole transaction
        // (SQLITE_FULL, IOERR): what ran before is gone, and what follows
        // would run outside any transaction. Fail the batch.
        if (sqlite3_get_autocommit(handle) != 0) {
          CMR_LOG(mgmt, error, "writer: the batch transaction was rolled back by SQLite");
          for (std::size_t k = 0; k <= i; ++k)
            if (verdicts[k].ok()) verdicts[k] = fail(status::general_error);
          after.clear();
          aborted = true;
        }
      }
      if (!aborted) {
        if (auto c = tx->commit(); !c) {  // the one fsync of the batch
          const outcome e = internal_error(c.error(), "batch commit");
          for (auto& v : verdicts)
            if (v.ok()) v = e;
          after.clear();
        } else {
          committed = true;
        }
      }
    }  // the transaction (and the connection lock) ends here
  }
  {
    const std::lock_guard lk(mu_);
    stats_.requests += batch.size();
    ++stats_.transactions;
    stats_.running = 0;
    if (!committed) ++stats_.failed_commits;
    counters_.requests += batch.size();
    ++counters_.transactions;
    if (!committed) ++counters_.failed_commits;
    if (batch.size() > stats_.largest_batch) stats_.largest_batch = batch.size();
  }
  for (auto& f : after) f();
  for (std::size_t i = 0; i < batch.size(); ++i) {
    if (options_.complete_on) {
      options_.complete_on([done = std::move(batch[i].done), v = std::move(verdicts[i])]() mutable {
        done(std::move(v));
      });
    } else {
      batch[i].done(std::move(verdicts[i]));
    }
  }
}

}  // namespace cmr::mgmt
