#include "mgmt/dispatcher.h"

#include <algorithm>
#include <boost/asio/post.hpp>
#include <cctype>
#include <exception>
#include <future>
#include <stdexcept>
#include <utility>

#include "mgmt/json_codec.h"
#include "mgmt/lexical.h"
#include "mgmt/operation_registry.h"
#include "mgmt/operations/copy_write.h"
#include "mgmt/operations/presence_write.h"
#include "mgmt/validator.h"
#include "mgmt/xml_codec.h"
#include "mgmt/log.h"

namespace cmr::mgmt {
namespace {

std::string lower_media_type(std::string_view content_type) {
  const auto semi = content_type.find(';');
  std::string t(trim(content_type.substr(0, semi)));
  std::transform(t.begin(), t.end(), t.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return t;
}

// Echoed only when it is something we can safely put back on the wire.
std::string echo_transaction_id(std::string_view t) {
  if (t.empty() || !valid_utf8(t) || has_non_xml_char(t) || utf8_length(t) > 64) return {};
  return std::string(t);
}

// A decoded request's TransactionId: the first one, when it is a string (a
// JSON number, array or object is no TransactionId to echo).
std::string echo_transaction_id(const element& msg) {
  const element* t = msg.child("TransactionId");
  if (t == nullptr || t->is_structure || t->json_array_item) return {};
  if (t->kind != element::json_kind::xml && t->kind != element::json_kind::json_string) return {};
  return echo_transaction_id(t->text);
}

std::string with_transaction_id(const response_cache::page& page, body_format fmt, std::string_view tid) {
  if (tid.empty()) return page.body;
  const std::string line = fmt == body_format::json ? json_string_member_line("TransactionId", tid)
                                                    : xml_leaf_line("TransactionId", tid);
  std::string out;
  out.reserve(page.body.size() + line.size());
  out.append(page.body, 0, page.tid_at);
  out += line;
  out.append(page.body, page.tid_at, std::string::npos);
  return out;
}

}  // namespace

body_format format_of(std::string_view content_type) {
  const std::string t = lower_media_type(content_type);
  if (t == "application/xml" || t == "text/xml") return body_format::xml;
  if (t == "application/json") return body_format::json;
  return body_format::unsupported;
}

dispatcher::dispatcher(store::store& db, const cmr::clock& clk, const std::vector<access_token>& tokens,
                       handler_options options, dispatcher_options dopt)
    : db_(db), clk_(clk), options_(std::move(options)) {
  for (const auto& t : tokens) tokens_.emplace(t.secret, t);
  auto readers = reader_pool::open(db.connection().path(), dopt.readers);
  if (!readers) throw std::runtime_error("management readers: " + readers.error().message);
  readers_ = std::move(*readers);
  auth_cache_ = std::make_unique<auth_cache>();
  db_.add_observer(auth_cache_.get());
  cache_ = std::make_unique<response_cache>();
  db_.add_observer(cache_.get());
  options_.catalogue_changed = [c = cache_.get()] { c->invalidate(); };
  writer_ = std::make_unique<group_commit>(db_, std::move(dopt.writer));
  password_workers_ = std::make_unique<boost::asio::thread_pool>(std::max<std::size_t>(1, dopt.password_workers));
}

dispatcher::~dispatcher() {
  password_workers_->join();  // prepared requests still go to the writer
  writer_.reset();            // finishes the queued writes first
  db_.remove_observer(cache_.get());
  db_.remove_observer(auth_cache_.get());
}

bool dispatcher::update_presence_location(std::string subscriber_id,
                                          std::optional<std::string> presence,
                                          std::optional<std::string> location) const {
  auto work = [id = subscriber_id, presence = std::move(presence), location = std::move(location)](
                  store::store& db, std::vector<std::function<void()>>&) {
    return ops::write_presence_location(db, id, presence, location);
  };
  auto done = [id = std::move(subscriber_id)](outcome verdict) {
    if (!verdict.ok())
      CMR_LOG(mgmt, info, "presence/location of %s not stored: %s", id.c_str(),
              verdict.detail.c_str());
  };
  return writer_->submit(std::move(work), std::move(done));
}

void dispatcher::copy_online(ringback::copy_request req,
                             std::function<void(ringback::copy_outcome)> done) const {
  using ringback::copy_outcome;
  // What the work found, read by the completion after the COMMIT (the same
  // thread, or posted after it).
  auto found = std::make_shared<copy_outcome>(copy_outcome::failed);
  auto work = [this, req, found](store::store& db, std::vector<std::function<void()>>& after) {
    const ops::copy_parties parties{.to = req.caller, .owner = req.owner, .gift = false};
    auto checked = ops::check_copy_parties(db, parties);
    if (!checked.ok()) {
      *found = checked.what;
      return checked.verdict;
    }
    // No CMR message behind it: an empty request (no TransactionId, no
    // repeated-operation guard; a second press is already_owned) and the
    // copier as the principal.
    const principal who{.who = role_subscriber, .subscriber_id = req.caller, .provider_id = {}};
    const element none;
    element unused;
    op_context ctx{db, clk_, who, none, unused, options_, &after};
    const std::string details = "on-line copy from " + req.owner + " during " + req.call_ref;
    auto added = ops::add_library_item(ctx, parties, req.resource_id, details);
    *found = added.what;
    return added.verdict;
  };
  auto finished = [found, done](outcome verdict) {
    // A refusal stands whatever happened to the batch (nothing of it was
    // applied); a copy counts only when its COMMIT did.
    if (verdict.ok())
      done(copy_outcome::copied);
    else
      done(*found == copy_outcome::copied ? copy_outcome::failed : *found);
  };
  if (!writer_->submit(std::move(work), std::move(finished))) {
    CMR_LOG(mgmt, notice, "on-line copy of %s for %s (%s): write queue full",
            printable(req.resource_id).c_str(), printable(req.caller).c_str(),
            printable(req.call_ref).c_str());
    done(copy_outcome::busy);
  }
}

const access_token* dispatcher::token(std::string_view authorization) const {
  constexpr std::string_view scheme = "Bearer ";
  if (authorization.size() <= scheme.size()) return nullptr;
  std::string s(authorization.substr(0, scheme.size()));
  std::transform(s.begin(), s.end(), s.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  if (s != "bearer ") return nullptr;
  const auto it = tokens_.find(std::string(trim(authorization.substr(scheme.size()))));
  return it == tokens_.end() ? nullptr : &it->second;
}

dispatcher::auth_result dispatcher::identify(const operation_desc& op,
                                             const cmr_request& req) const {
  auth_result a;
  if (!req.authorization.empty()) {
    const access_token* t = token(req.authorization);
    if (t == nullptr) return {fail(status::security_error, "unknown token"), {}};
    a.who.who = t->who;
    a.who.provider_id = t->provider_id;
  }
  if ((op.roles & a.who.who) == 0) return {fail(status::security_error, "not allowed for this role"), {}};
  return a;
}

dispatcher::auth_result dispatcher::authenticate(const operation_desc& op, auth_result a,
                                                 const element& msg, store::store& reader) const {
  if (op.request->find("SubscriberId") != nullptr && msg.value("SubscriberId").empty())
    return {fail(status::missing_subscriber_id), {}};
  if (!op.subscriber_scoped) return a;

  const std::string_view target = msg.value("SubscriberId");
  const bool creating = op.may_create_subscriber != nullptr && op.may_create_subscriber(msg);
  std::string_view acting = op.acting_subscriber != nullptr ? op.acting_subscriber(msg) : target;
  if (acting.empty()) acting = target;
  if (a.who.who == role_subscriber && msg.value("SessionKey").empty())
    return {fail(status::missing_session_key), {}};
  if (!creating || a.who.who == role_subscriber) {
    auto exists = auth_cache_->subscriber_exists(reader, a.who.who == role_subscriber ? acting : target);
    if (!exists) return {internal_error(exists.error(), "authenticate"), {}};
    if (!*exists) return {fail(status::invalid_subscriber_id), {}};
  }
  if (a.who.who != role_subscriber) return a;
  auto session = auth_cache_->session(reader, msg.value("SessionKey"), clk_.now());
  if (!session) {
    if (session.error().what == store::error::code::not_found)
      return {fail(status::invalid_session_key), {}};
    return {internal_error(session.error(), "session"), {}};
  }
  if (session->subscriber_id != acting)
    return {fail(status::security_error, "another subscriber's data"), {}};
  a.who.subscriber_id = session->subscriber_id;
  return a;
}

// What a request carries from the io thread to its answer.
struct dispatcher::pending {
  const operation_desc* op = nullptr;
  body_format fmt = body_format::xml;
  std::string request_root;
  element msg;
  element resp;
  principal who;
  std::string tid;
  std::string prepared;  // op_context::prepared
  cmr_reply reply;
  mgmt_counters* counters = nullptr;  // the dispatcher's
};

namespace {

cmr_reply finish(dispatcher::pending& p, outcome verdict) {
  if (verdict.code == status::general_error) {
    verdict.detail.clear();
    p.resp.children.clear();  // nothing half-done goes out with a 99999
  }
  if (!p.tid.empty()) p.resp.add("TransactionId", p.tid);
  p.resp.add("StatusCode", std::to_string(static_cast<int>(verdict.code)));
  std::string text(describe(verdict.code));
  if (!verdict.detail.empty()) text += ": " + verdict.detail;
  p.resp.add("StatusDescription", text);
  ++(verdict.code == status::success         ? p.counters->succeeded
     : verdict.code == status::general_error ? p.counters->general_errors
                                             : p.counters->refused);
  const std::string response_root = std::string(p.op->name) + "Response";
  p.reply.body = p.fmt == body_format::json ? encode_json(p.resp, *p.op->response)
                                            : encode_xml(p.resp, *p.op->response, response_root);
  // A refusal is the client's business (info), 99999 was logged where it
  // happened (error); the detail may quote the client, so it is made
  // printable and short.
  if (verdict.code == status::success || verdict.code == status::general_error)
    CMR_LOG(mgmt, debug, "%s -> %d", p.request_root.c_str(), static_cast<int>(verdict.code));
  else
    CMR_LOG(mgmt, info, "%s -> %d (HTTP %u) %s", p.request_root.c_str(),
            static_cast<int>(verdict.code), p.reply.http_status, printable(text, 200).c_str());
  return std::move(p.reply);
}

}  // namespace

std::optional<cmr_reply> dispatcher::handle_async(const cmr_request& req, reply_handler done) const {
  auto p = std::make_shared<pending>();
  p->counters = &counters_;
  ++counters_.requests;
  cmr_reply& reply = p->reply;
  const operation_desc* op = find_operation(req.operation);
  if (op == nullptr) {
    ++counters_.unknown_operation;
    reply.http_status = 404;
    reply.content_type = "text/plain";
    reply.body = "unknown operation\n";
    CMR_LOG(mgmt, info, "refused with HTTP 404: unknown operation %s",
            printable(req.operation).c_str());
    return std::move(reply);
  }
  const body_format fmt = format_of(req.content_type);
  if (fmt == body_format::unsupported) {
    ++counters_.unsupported_type;
    reply.http_status = 415;
    reply.content_type = "text/plain";
    reply.body = "use application/xml, text/xml or application/json\n";
    CMR_LOG(mgmt, info, "%.*s: refused with HTTP 415: Content-Type %s",
            static_cast<int>(req.operation.size()), req.operation.data(),
            printable(req.content_type).c_str());
    return std::move(reply);
  }
  reply.content_type = fmt == body_format::json ? "application/json" : lower_media_type(req.content_type);
  p->op = op;
  p->fmt = fmt;
  p->request_root = std::string(op->name) + "Request";

  outcome verdict;
  enum class next { answer, prepare, queue } then = next::answer;
  std::string cache_key;  // a cacheable read's, "" otherwise
  std::uint64_t generation = 0;
  store::timestamp fresh_until = store::timestamp::max();
  try {
    auto decoded = fmt == body_format::json ? decode_json(req.body, p->request_root)
                                            : decode_xml(req.body, p->request_root);
    if (!decoded) {
      // Whatever is wrong, the TransactionId is echoed when it could be read.
      p->tid = echo_transaction_id(decoded.error().transaction_id);
      if (decoded.error().malformed) reply.http_status = 400;
      verdict = fail(status::invalid_parameter, decoded.error().message);
    } else {
      p->msg = std::move(*decoded);
      p->tid = echo_transaction_id(p->msg);
      // The token and its role (10003) need nothing from the body. Then the
      // message is validated, before authentication reads SubscriberId,
      // SessionKey and the rest: a value of the wrong type is 10007, never
      // taken for an absent or an unknown one.
      auto caller = identify(*op, req);
      verdict = caller.verdict;
      if (verdict.ok()) {
        if (auto v = validate(p->msg, *op->request); !v)
          verdict = fail(status::invalid_parameter, v.error());
      }
      if (verdict.ok()) {
        // Everything before the writer reads through a reader view: an io
        // thread never waits for the write transaction or its fsync.
        auto lease = readers_->acquire();
        auto auth = authenticate(*op, std::move(caller), p->msg, *lease.db);
        verdict = auth.verdict;
        p->who = std::move(auth.who);
        if (!verdict.ok()) {
          // refused: answered below
        } else if (op->prepare != nullptr &&
                   (op->prepare_needed == nullptr || op->prepare_needed(p->msg))) {
          then = next::prepare;
        } else if (op->read_only && op->cache_key != nullptr) {
          cache_key = op->cache_key(p->msg);
          cache_key += fmt == body_format::json ? "|j" : "|x";
          if (auto page = cache_->find(cache_key, clk_.now())) {
            ++counters_.cache_hits;
            ++counters_.succeeded;
            reply.body = with_transaction_id(*page, fmt, p->tid);
            return std::move(reply);
          }
          generation = cache_->generation();  // before the store read
          op_context ctx{*lease.db, clk_, p->who, p->msg, p->resp, options_, nullptr, nullptr, &fresh_until};
          verdict = op->handler(ctx);
        } else if (op->read_only) {
          op_context ctx{*lease.db, clk_, p->who, p->msg, p->resp, options_};
          verdict = op->handler(ctx);
        } else {
          then = next::queue;
        }
      }
    }
  } catch (const std::exception& e) {
    // Handlers report through outcome; this is the last line of defence so
    // that nothing throws into the HTTP layer (and Asio).
    CMR_LOG(mgmt, error, "%s: unexpected exception: %s", p->request_root.c_str(), e.what());
    verdict = fail(status::general_error);
    p->resp.children.clear();
    then = next::answer;
  }
  if (then == next::answer) {
    if (cache_key.empty() || !verdict.ok()) return finish(*p, std::move(verdict));
    // A cacheable answer: encoded once without the TransactionId, kept, and
    // given this request's TransactionId.
    const std::string tid = std::exchange(p->tid, std::string());
    cmr_reply out = finish(*p, std::move(verdict));
    auto page = std::make_shared<response_cache::page>();
    page->tid_at = fmt == body_format::json ? json_first_member_at(out.body) : xml_first_child_at(out.body);
    page->fresh_until = fresh_until;
    page->generation = generation;
    page->body = std::move(out.body);
    out.body = with_transaction_id(*page, fmt, tid);
    cache_->put(std::move(cache_key), std::move(page));
    return out;
  }
  auto reply_to = std::make_shared<reply_handler>(std::move(done));
  if (then == next::prepare) {
    boost::asio::post(*password_workers_, [this, p, reply_to]() mutable { prepare_then_run(std::move(p), reply_to); });
    return std::nullopt;
  }
  if (!writer_->submit(write_job(p), write_done(p, reply_to))) return busy(*p);
  return std::nullopt;
}

group_commit::work dispatcher::write_job(const std::shared_ptr<pending>& p) const {
  return [this, raw = p.get()](store::store& db, std::vector<std::function<void()>>& after) {
    op_context ctx{db, clk_, raw->who, raw->msg, raw->resp, options_, &after, &raw->prepared};
    return raw->op->handler(ctx);
  };
}

group_commit::completion dispatcher::write_done(std::shared_ptr<pending> p, std::shared_ptr<reply_handler> reply_to) {
  return [p = std::move(p), reply_to = std::move(reply_to)](outcome v) { (*reply_to)(finish(*p, std::move(v))); };
}

cmr_reply dispatcher::busy(pending& p) {
  // Nothing was applied: the client may retry, with the same TransactionId.
  CMR_LOG(mgmt, notice, "%s: write queue full, answered 503", p.request_root.c_str());
  ++p.counters->busy;
  cmr_reply r = finish(p, fail(status::general_error));
  r.http_status = 503;
  return r;
}

// On a password worker: the prepare step against a reader view, then the
// handler (a read-only one here, any other queued to the writer).
void dispatcher::prepare_then_run(std::shared_ptr<pending> p, std::shared_ptr<reply_handler> reply_to) const {
  outcome verdict;
  bool queue = false;
  try {
    auto lease = readers_->acquire();
    op_context ctx{*lease.db, clk_, p->who, p->msg, p->resp, options_, nullptr, &p->prepared};
    verdict = p->op->prepare(ctx);
    if (verdict.ok()) {
      if (p->op->read_only)
        verdict = p->op->handler(ctx);
      else
        queue = true;
    }
  } catch (const std::exception& e) {
    CMR_LOG(mgmt, error, "%s: unexpected exception: %s", p->request_root.c_str(), e.what());
    verdict = fail(status::general_error);
  }
  if (!queue) return (*reply_to)(finish(*p, std::move(verdict)));
  if (!writer_->submit(write_job(p), write_done(p, reply_to))) (*reply_to)(busy(*p));
}

cmr_reply dispatcher::handle(const cmr_request& req) const {
  std::promise<cmr_reply> answer;
  auto f = answer.get_future();
  if (auto now = handle_async(req, [&answer](cmr_reply r) { answer.set_value(std::move(r)); })) return *now;
  return f.get();
}

}  // namespace cmr::mgmt
