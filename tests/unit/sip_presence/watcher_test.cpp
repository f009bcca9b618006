// The watcher's subscription state machine over a fake transport and a
// manual clock: what it sends, when, and what it does with the answers and
// the NOTIFYs (sip/presence/watcher.h). Never sleeps.
#include <gtest/gtest.h>

#include <deque>
#include <set>
#include <map>

#include "common/manual_timer_service.h"
#include "sip/message/parser.h"
#include "sip/presence/watcher.h"

namespace cmr::sip::presence {
namespace {

using namespace std::chrono_literals;

class fake_transport final : public transport {
public:
  [[nodiscard]] transport_kind kind() const override { return transport_kind::udp; }
  [[nodiscard]] endpoint local_endpoint() const override { return local; }
  // Retransmissions (the same bytes again) are counted, not queued.
  bool send(const endpoint& to, std::string bytes, connection_id) override {
    if (!seen.insert(bytes).second) {
      ++retransmissions;
      return true;
    }
    auto m = parse_message(bytes);
    EXPECT_TRUE(m) << bytes;
    if (m) sent.push_back({to, std::move(*m)});
    return true;
  }
  void close() override {}
  endpoint local{boost::asio::ip::make_address("127.0.0.40"), 5064, transport_kind::udp};
  std::deque<std::pair<endpoint, message>> sent;
  std::set<std::string> seen;
  int retransmissions = 0;
};

class fake_list final : public watch_list {
public:
  std::optional<std::vector<std::string>> watched() override { return ids; }
  std::vector<std::string> ids;
};

class fake_sink final : public presence_sink {
public:
  bool apply(const std::string& id, const mapped_state& s) override {
    applied.emplace_back(id, s);
    return true;
  }
  std::vector<std::pair<std::string, mapped_state>> applied;
};

const endpoint k_server{boost::asio::ip::make_address("127.0.0.41"), 5065, transport_kind::udp};

const char* k_busy = R"(<presence xmlns="urn:ietf:params:xml:ns:pidf" entity="sip:1@example.org"
  xmlns:dm="urn:ietf:params:xml:ns:pidf:data-model" xmlns:rpid="urn:ietf:params:xml:ns:pidf:rpid">
  <tuple id="t"><status><basic>open</basic></status></tuple>
  <dm:person id="p"><rpid:activities><rpid:on-the-phone/></rpid:activities></dm:person></presence>)";

class WatcherTest : public ::testing::Test {
protected:
  WatcherTest() {
    o.server = k_server;
    o.domain = "example.org";
    o.max_per_second = 20;  // a burst of 2 (0.1 s worth), then one per 50 ms
    o.max_in_flight = 10;
    o.rescan_interval = 3600s;
    w = std::make_unique<watcher>(o, timers, list, sink);
    layer = std::make_unique<transaction_layer>(timers, timer_config{}, *w, "presence-test");
    layer->add_transport(net);
    w->set_layer(*layer, net.local);
  }
  ~WatcherTest() override {
    w->stop();
    layer.reset();
    w.reset();
  }

  // The oldest request sent and not yet looked at.
  message take() {
    EXPECT_FALSE(net.sent.empty());
    if (net.sent.empty()) return message::make_request("NONE", {});
    auto m = std::move(net.sent.front().second);
    net.sent.pop_front();
    return m;
  }
  // The server's answer to `req`.
  void answer(const message& req, int status, const std::string& to_tag = "srv1",
              const std::string& expires = "600") {
    auto rsp = make_response(req, status, {}, to_tag);
    if (status < 300) {
      rsp.add_header("Expires", expires);
      rsp.add_header("Contact", "<sip:127.0.0.41:5065>");
    }
    layer->on_message(std::move(rsp), k_server, 0);
  }
  // A NOTIFY in the dialog of `sub` (the SUBSCRIBE as sent); returns the
  // watcher's answer.
  message notify(const message& sub, const std::string& state, const std::string& body,
                 const std::string& content_type = "application/pidf+xml",
                 const std::string& from_tag = "srv1") {
    static int cseq = 1;
    auto n = message::make_request("NOTIFY", *parse_uri("sip:cmr-watcher@127.0.0.40:5064"));
    n.add_header("Via", "SIP/2.0/UDP 127.0.0.41:5065;branch=z9hG4bKn" + std::to_string(++cseq));
    n.add_header("From", sub.to()->to_string() + ";tag=" + from_tag);
    n.add_header("To", sub.from()->to_string());
    n.add_header("Call-ID", sub.call_id());
    n.add_header("CSeq", std::to_string(cseq) + " NOTIFY");
    n.add_header("Event", "presence");
    n.add_header("Subscription-State", state);
    n.add_header("Contact", "<sip:127.0.0.41:5065>");
    if (!body.empty()) n.add_header("Content-Type", content_type);
    n.body = body;
    layer->on_message(std::move(n), k_server, 0);
    return take();
  }

  manual_timer_service timers;
  fake_transport net;
  fake_list list;
  fake_sink sink;
  watcher_options o;
  std::unique_ptr<watcher> w;
  std::unique_ptr<transaction_layer> layer;
};

TEST_F(WatcherTest, SubscribesWithinTheRateCap) {
  list.ids = {"491700000001", "491700000002", "491700000003"};
  w->start();
  ASSERT_EQ(net.sent.size(), 2U);  // the burst
  auto s = take();
  EXPECT_EQ(s.method, "SUBSCRIBE");
  EXPECT_EQ(s.request_uri.to_string(), "sip:491700000001@example.org");
  EXPECT_EQ(*s.header("Event"), "presence");
  EXPECT_EQ(*s.header("Accept"), "application/pidf+xml");
  EXPECT_EQ(*s.header("Expires"), "600");
  EXPECT_EQ(*s.header("Contact"), "<sip:cmr-watcher@127.0.0.40:5064>");
  EXPECT_EQ(net.sent.front().first, k_server);
  timers.advance(40ms);
  EXPECT_EQ(net.sent.size(), 1U);
  timers.advance(20ms);  // 1/20 s after the start: the next token
  EXPECT_EQ(net.sent.size(), 2U);
  EXPECT_EQ(net.sent.back().second.request_uri.user, "491700000003");
  EXPECT_EQ(w->stats().subscribes.load(), 3U);
}

TEST_F(WatcherTest, InFlightCapHoldsTheQueue) {
  o.max_in_flight = 1;
  o.max_per_second = 100;
  w = std::make_unique<watcher>(o, timers, list, sink);
  layer = std::make_unique<transaction_layer>(timers, timer_config{}, *w, "presence-test");
  layer->add_transport(net);
  w->set_layer(*layer, net.local);
  list.ids = {"1", "2"};
  w->start();
  ASSERT_EQ(net.sent.size(), 1U);
  const auto first = take();
  timers.advance(1s);  // retransmissions of the first only
  while (!net.sent.empty()) EXPECT_EQ(take().call_id(), first.call_id());
  answer(first, 200);
  timers.advance(1ms);
  ASSERT_EQ(net.sent.size(), 1U);
  EXPECT_EQ(take().request_uri.user, "2");
}

TEST_F(WatcherTest, NotifyAppliesAndRefreshKeepsTheDialog) {
  list.ids = {"491700000001"};
  w->start();
  const auto sub = take();
  answer(sub, 200);
  EXPECT_EQ(w->state_of("491700000001"), "ACTIVE");
  auto rsp = notify(sub, "active;expires=600", k_busy);
  EXPECT_EQ(rsp.status, 200);
  ASSERT_EQ(sink.applied.size(), 1U);
  EXPECT_EQ(sink.applied[0].first, "491700000001");
  EXPECT_EQ(sink.applied[0].second.presence, "busy");
  EXPECT_FALSE(sink.applied[0].second.location);
  // A NOTIFY without a body (no state yet) changes nothing.
  EXPECT_EQ(notify(sub, "active;expires=600", "").status, 200);
  EXPECT_EQ(sink.applied.size(), 1U);

  timers.advance(419s);
  EXPECT_TRUE(net.sent.empty());
  for (int i = 0; i < 91 && net.sent.empty(); ++i) timers.advance(1s);  // 70-85 % of 600 s
  ASSERT_EQ(net.sent.size(), 1U);
  const auto refresh = take();
  EXPECT_EQ(refresh.call_id(), sub.call_id());
  EXPECT_EQ(refresh.to()->tag(), "srv1");
  EXPECT_EQ(refresh.cseq()->number, 2U);
  EXPECT_EQ(*refresh.header("Expires"), "600");
  EXPECT_EQ(w->state_of("491700000001"), "REFRESHING");
  answer(refresh, 200);
  EXPECT_EQ(w->state_of("491700000001"), "ACTIVE");
  EXPECT_EQ(w->stats().refreshes.load(), 1U);
}

TEST_F(WatcherTest, NotifyBeforeTheTwoHundred) {
  list.ids = {"7"};
  w->start();
  const auto sub = take();
  EXPECT_EQ(notify(sub, "active;expires=600", k_busy).status, 200);
  EXPECT_EQ(sink.applied.size(), 1U);
  answer(sub, 202);
  EXPECT_EQ(w->state_of("7"), "ACTIVE");
}

TEST_F(WatcherTest, RefreshAnswered481StartsANewSubscription) {
  list.ids = {"1"};
  w->start();
  const auto sub = take();
  answer(sub, 200, "srv1", "60");
  timers.advance(52s);
  const auto refresh = take();
  answer(refresh, 481);  // the server restarted and forgot us
  timers.advance(1ms);
  ASSERT_EQ(net.sent.size(), 1U);
  const auto again = take();
  EXPECT_NE(again.call_id(), sub.call_id());
  EXPECT_TRUE(again.to()->tag().empty());
  EXPECT_EQ(w->stats().resubscribes.load(), 1U);
  // The old dialog's NOTIFYs are unknown now.
  EXPECT_EQ(notify(sub, "active", k_busy).status, 481);
}

TEST_F(WatcherTest, TimeoutBacksOffThenRetries) {
  list.ids = {"1"};
  w->start();
  take();
  timers.advance(32s + 1ms);  // Timer F
  net.sent.clear();           // retransmissions
  EXPECT_EQ(w->state_of("1"), "WAITING");
  timers.advance(2900ms);
  EXPECT_TRUE(net.sent.empty());
  timers.advance(2200ms);  // 4 s +- 25 %
  ASSERT_FALSE(net.sent.empty());
  EXPECT_EQ(take().method, "SUBSCRIBE");
  EXPECT_EQ(w->stats().subscribe_failures.load(), 1U);
}

TEST_F(WatcherTest, TerminatedReasons) {
  list.ids = {"1"};
  w->start();
  auto sub = take();
  answer(sub, 200);
  EXPECT_EQ(notify(sub, "terminated;reason=deactivated", "").status, 200);
  timers.advance(1ms);
  ASSERT_EQ(net.sent.size(), 1U);  // at once
  sub = take();
  answer(sub, 200, "srv2");
  EXPECT_EQ(notify(sub, "terminated;reason=probation;retry-after=20", "", "", "srv2").status, 200);
  timers.advance(19s);
  EXPECT_TRUE(net.sent.empty());
  timers.advance(2s);
  ASSERT_EQ(net.sent.size(), 1U);
  sub = take();
  answer(sub, 200, "srv3");
  EXPECT_EQ(notify(sub, "terminated;reason=rejected", "", "", "srv3").status, 200);
  timers.advance(3599s);
  EXPECT_TRUE(net.sent.empty());
  timers.advance(2s);
  EXPECT_EQ(net.sent.size(), 1U);
}

TEST_F(WatcherTest, BadNotifiesAreRefused) {
  list.ids = {"1"};
  w->start();
  const auto sub = take();
  answer(sub, 200);
  auto r = notify(sub, "active", "<presence", "application/pidf+xml");
  EXPECT_EQ(r.status, 400);
  r = notify(sub, "active", "{}", "application/json");
  EXPECT_EQ(r.status, 415);
  ASSERT_NE(r.header("Accept"), nullptr);
  EXPECT_EQ(*r.header("Accept"), "application/pidf+xml");
  r = notify(sub, "active", "<presence xmlns=\"urn:ietf:params:xml:ns:pidf\">" +
                               std::string(70000, ' ') + "</presence>");
  EXPECT_EQ(r.status, 413);
  EXPECT_EQ(w->stats().parse_failures.load(), 3U);
  EXPECT_TRUE(sink.applied.empty());
  // Unknown dialog.
  auto other = sub;
  other.set_header("Call-ID", "nobody@x");
  EXPECT_EQ(notify(other, "active", k_busy).status, 481);
  // Still subscribed, still applying.
  EXPECT_EQ(notify(sub, "active", k_busy).status, 200);
  EXPECT_EQ(sink.applied.size(), 1U);
}

TEST_F(WatcherTest, RescanUnsubscribesWhoIsNoLongerWatched) {
  list.ids = {"1", "2"};
  w->start();
  auto a = take();
  auto b = take();
  answer(a, 200, "ta");
  answer(b, 200, "tb");
  list.ids = {"2"};
  timers.advance(1s);
  w->rescan();
  ASSERT_EQ(net.sent.size(), 1U);
  const auto un = take();
  EXPECT_EQ(un.call_id(), a.call_id());
  EXPECT_EQ(*un.header("Expires"), "0");
  answer(un, 200, "ta", "0");
  // The server's final NOTIFY is still answered 200; then the subscription goes.
  EXPECT_EQ(w->state_of("1"), "UNSUBSCRIBING");
  EXPECT_EQ(notify(a, "terminated;reason=timeout", "", "", "ta").status, 200);
  EXPECT_EQ(w->state_of("1"), "");
  EXPECT_EQ(w->size(), 1U);
  EXPECT_EQ(w->stats().unsubscribes.load(), 1U);
}

TEST_F(WatcherTest, UnsubscribedWithoutAFinalNotifyGoesAfterAWhile) {
  list.ids = {"1"};
  w->start();
  const auto a = take();
  answer(a, 200);
  w->stop();
  ASSERT_EQ(net.sent.size(), 1U);
  const auto un = take();
  EXPECT_EQ(*un.header("Expires"), "0");
  answer(un, 200);
  EXPECT_EQ(w->size(), 1U);
  timers.advance(2001ms);
  EXPECT_EQ(w->size(), 0U);
}

TEST_F(WatcherTest, ThousandsOfSubscribersStayWithinBothCaps) {
  o.max_per_second = 200;
  o.max_in_flight = 100;
  w = std::make_unique<watcher>(o, timers, list, sink);
  layer = std::make_unique<transaction_layer>(timers, timer_config{}, *w, "presence-test");
  layer->add_transport(net);
  w->set_layer(*layer, net.local);
  for (int i = 0; i < 3000; ++i) list.ids.push_back(std::to_string(491700100000 + i));
  w->start();
  EXPECT_EQ(net.sent.size(), 20U);  // the burst: a tenth of a second's worth
  EXPECT_EQ(w->stats().queued.load(), 2980);
  timers.advance(1s);  // unanswered: the in-flight cap holds them at 100
  EXPECT_EQ(w->stats().in_flight.load(), 100);
  EXPECT_EQ(w->stats().queued.load(), 2900);
  std::size_t answered = 0;
  // The server answers everything at once; per second no more than 200 go out.
  for (int second = 0; second < 20 && answered < 3000; ++second) {
    std::size_t this_second = 0;
    for (int tick = 0; tick < 10; ++tick) {
      while (!net.sent.empty()) {
        const auto req = take();
        ASSERT_EQ(req.method, "SUBSCRIBE");
        answer(req, 200, "t" + req.request_uri.user);
        ++answered;
        ++this_second;
      }
      timers.advance(100ms);
    }
    // (second 0 also answers the 100 held in flight before)
    if (second > 0) {
      EXPECT_LE(this_second, 220U) << "second " << second;
    }
  }
  EXPECT_EQ(answered, 3000U);
  EXPECT_EQ(w->stats().active.load(), 3000);
  EXPECT_EQ(w->stats().queued.load(), 0);
  EXPECT_EQ(w->stats().in_flight.load(), 0);
  // Refreshes spread over 70-85 % of 600 s after each subscription, within
  // the rate cap; every one answered, none fails.
  std::size_t refreshed = 0, busiest = 0;
  for (int second = 0; second < 600; ++second) {
    std::size_t this_second = 0;
    while (!net.sent.empty()) {
      answer(take(), 200);
      ++refreshed;
      ++this_second;
    }
    busiest = std::max(busiest, this_second);
    timers.advance(1s);
  }
  EXPECT_GE(w->stats().refreshes.load(), 3000U);
  EXPECT_EQ(refreshed, w->stats().refreshes.load());
  EXPECT_LE(busiest, 220U);
  EXPECT_EQ(w->stats().subscribe_failures.load(), 0U);
}

}  // namespace
}  // namespace cmr::sip::presence
