// One CMR request from body to body, without HTTP: format by content type,
// decode, authenticate (SessionKey or bearer token), validate against the
// operation's description, run the handler, encode the response with
// TransactionId echo, StatusCode and StatusDescription (DESIGN.md section 6).
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include <boost/asio/thread_pool.hpp>

#include "common/ringback_control.h"
#include "mgmt/access_token.h"
#include "mgmt/auth_cache.h"
#include "mgmt/group_commit.h"
#include "mgmt/mgmt_counters.h"
#include "mgmt/operation.h"
#include "mgmt/reader_pool.h"
#include "mgmt/response_cache.h"

namespace cmr::mgmt {

struct cmr_request {
  std::string_view operation;
  std::string_view content_type;
  std::string_view authorization;  // the Authorization header, "" when absent
  std::string_view body;
};

struct cmr_reply {
  unsigned http_status = 200;
  std::string content_type;
  std::string body;
};

enum class body_format { xml, json, unsupported };
body_format format_of(std::string_view content_type);

struct dispatcher_options {
  std::size_t readers = 4;  // reader views for authentication and reads
  // Threads for the operations' prepare steps (PBKDF2 password checks and
  // hashes, tens of ms each by design): neither the io threads (which also
  // carry SIP) nor the group-commit writer ever derive a password.
  std::size_t password_workers = 2;
  group_commit_options writer;
};

class dispatcher {
public:
  // Throws at start-up when the reader views cannot be opened.
  dispatcher(store::store& db, const cmr::clock& clk, const std::vector<access_token>& tokens,
             handler_options options, dispatcher_options dopt = {});
  ~dispatcher();
  dispatcher(const dispatcher&) = delete;
  dispatcher& operator=(const dispatcher&) = delete;

  using reply_handler = std::function<void(cmr_reply)>;
  // Decodes, authenticates and validates on the calling (io) thread; a
  // read-only operation is answered there (against a reader view), any
  // other is queued to the group-commit writer and answered after its
  // batch's COMMIT (on the writer's completion executor). Returns the reply
  // when it was answered at once (done is then not called); otherwise done
  // gets it later. `req` need only live for the call. A full write queue:
  // HTTP 503 with a CMR body 99999 (nothing applied; retry).
  std::optional<cmr_reply> handle_async(const cmr_request& req, reply_handler done) const;
  // The same, waiting for the answer (tests, tools; not for io threads).
  cmr_reply handle(const cmr_request& req) const;
  [[nodiscard]] group_commit_stats writer_stats() const { return writer_->stats(); }
  // CMR-7 state from inside the server (the presence watcher, sip/presence):
  // the store writes of PresenceUpdate / LocationUpdate, through the same
  // group-commit writer, so the same COMMIT invalidates the subscriber's
  // cached snapshot and the next decision sees the new state. nullopt
  // leaves a field as it is. false when the write queue is full (nothing
  // applied). Any thread.
  bool update_presence_location(std::string subscriber_id, std::optional<std::string> presence,
                                std::optional<std::string> location) const;
  // The on-line copy during a ringback (spec 5.7, ringback::copy_port):
  // AddResource Action=1's checks and writes (mgmt/operations/copy_write.h)
  // for one resource, through the same group-commit writer, so the COMMIT
  // that applies it also invalidates the caches and the next decision and
  // CMR-1 read see it. `done` gets the outcome after that COMMIT (on the
  // writer's completion executor, the writer thread by default), or at once
  // on the calling thread with `busy` when the write queue is full (nothing
  // applied). Any thread.
  void copy_online(ringback::copy_request req, std::function<void(ringback::copy_outcome)> done) const;
  [[nodiscard]] const response_cache& responses() const { return *cache_; }
  // Authentication only, for routes outside the CMR messages (content
  // upload): the bearer token's principal, nullptr when unknown.
  const access_token* token(std::string_view authorization) const;
  store::store& store_ref() const { return db_; }
  const cmr::clock& clock_ref() const { return clk_; }

private:
  struct auth_result {
    outcome verdict;
    principal who;
  };
  // The bearer token's role (none: subscriber) and whether it may call
  // the operation: 10003 otherwise. Needs nothing from the body.
  auth_result identify(const operation_desc& op, const cmr_request& req) const;
  // After validation: SubscriberId (10001), SessionKey (10002), the
  // subscriber (10004), the session (10006, 10003).
  auth_result authenticate(const operation_desc& op, auth_result caller, const element& msg,
                           store::store& reader) const;

public:
  struct pending;  // one request between its decoding and its answer

private:
  // After decoding, authentication and validation: the prepare step (on a
  // password worker), then the handler (read-only: at once; else queued).
  void prepare_then_run(std::shared_ptr<pending> p, std::shared_ptr<reply_handler> reply_to) const;
  group_commit::work write_job(const std::shared_ptr<pending>& p) const;
  static group_commit::completion write_done(std::shared_ptr<pending> p, std::shared_ptr<reply_handler> reply_to);
  static cmr_reply busy(pending& p);  // the 503 of a full write queue

  store::store& db_;
  std::unique_ptr<reader_pool> readers_;
  std::unique_ptr<auth_cache> auth_cache_;
  std::unique_ptr<response_cache> cache_;
  std::unique_ptr<group_commit> writer_;
  std::unique_ptr<boost::asio::thread_pool> password_workers_;
  const cmr::clock& clk_;
  std::unordered_map<std::string, access_token> tokens_;
  handler_options options_;
  mutable mgmt_counters counters_;  // lock-free; handle_async() is const
};

}  // namespace cmr::mgmt
