// Hostile and broken input, HTTP limits and durability: malformed bodies,
// wrong namespace, unknown elements, wrong JSON types, overlong strings,
// invalid UTF-8, DOCTYPE/entities (never fetched), oversized bodies, a client
// sending a byte a second, the connection cap, concurrent writers on one
// subscriber, and SIGKILL during writes.
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <csignal>
#include <set>
#include <thread>

#include "tests/integration/mgmt/mgmt_harness.h"

namespace cmr::test {
namespace {

const std::string ns = "xmlns=\"urn:oma:xml:CMR:messages:1.0\"";
const std::string good_xml = "<GetResourceListRequest " + ns +
                             "><SubscriberId>491700000001</SubscriberId><ResourceListId>000000</ResourceListId>"
                             "</GetResourceListRequest>";

// A connection to the server on 127.0.0.1, from `source` (another loopback
// address: a different client as far as the server can tell).
int raw_socket(unsigned short port, const char* source = nullptr) {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  if (source != nullptr) {
    sockaddr_in from{};
    from.sin_family = AF_INET;
    ::inet_pton(AF_INET, source, &from.sin_addr);
    if (::bind(fd, reinterpret_cast<const sockaddr*>(&from), sizeof from) != 0) {
      ::close(fd);
      return -1;
    }
  }
  sockaddr_in sa{};
  sa.sin_family = AF_INET;
  sa.sin_port = htons(port);
  sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::connect(fd, reinterpret_cast<const sockaddr*>(&sa), sizeof sa) != 0) {
    ::close(fd);
    return -1;
  }
  return fd;
}

// Reads until EOF or timeout; returns what arrived.
std::string read_all(int fd, std::chrono::milliseconds timeout, bool* eof) {
  std::string out;
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  *eof = false;
  while (std::chrono::steady_clock::now() < deadline) {
    pollfd p{fd, POLLIN, 0};
    if (::poll(&p, 1, 50) <= 0) continue;
    char buf[4096];
    const ssize_t n = ::read(fd, buf, sizeof buf);
    if (n <= 0) {
      *eof = true;
      break;
    }
    out.append(buf, static_cast<std::size_t>(n));
  }
  return out;
}

TEST(mgmt_input, malformed_and_invalid_bodies) {
  mgmt_server srv;
  const auto code = [&](const std::string& ct, const std::string& body, unsigned http = 200) {
    auto r = srv.raw("GetResourceList", ct, body);
    EXPECT_EQ(r.http.status, http) << body << "\n" << r.http.body;
    return r.code;
  };
  EXPECT_EQ(code("application/xml", good_xml), 0);
  EXPECT_EQ(code("application/xml", "<GetResourceListRequest " + ns + "><Subscr", 400), 10007);
  EXPECT_EQ(code("application/json", "{\"SubscriberId\": ", 400), 10007);
  EXPECT_EQ(code("application/json", "[1,2]", 400), 10007);
  EXPECT_EQ(code("application/json", std::string(100, '[') + std::string(100, ']'), 400), 10007);
  // Wrong namespace, wrong root, unknown element, attribute, mixed content.
  std::string wrong_ns = good_xml;
  wrong_ns.replace(wrong_ns.find("messages:1.0"), 12, "messages:2.0");
  EXPECT_EQ(code("application/xml", wrong_ns), 10007);
  EXPECT_EQ(code("application/xml", "<LoginRequest " + ns + "/>"), 10007);
  std::string unknown = good_xml;
  unknown.insert(unknown.find("</GetResourceListRequest>"), "<Colour>red</Colour>");
  EXPECT_EQ(code("application/xml", unknown), 10007);
  EXPECT_EQ(code("application/json", R"({"SubscriberId":"491700000001","ResourceListId":"000000","Colour":"red"})"), 10007);
  // Wrong types: a JSON string for a number, a number for a string.
  EXPECT_EQ(code("application/json", R"({"SubscriberId":"491700000001","ResourceListId":"000000","ResourceListCategory":"1"})"), 10007);
  EXPECT_EQ(code("application/json", R"({"SubscriberId":"491700000001","ResourceListId":0})"), 10007);
  EXPECT_EQ(code("application/json", R"({"SubscriberId":"491700000001","ResourceListId":"000000","ResourceListCategory":-1})"), 10007);
  EXPECT_EQ(code("application/json", R"({"SubscriberId":"491700000001","ResourceListId":"000000","ResourceListCategory":1.5})"), 10007);
  // Overlong strings.
  EXPECT_EQ(code("application/json", R"({"SubscriberId":"491700000001","ResourceListId":")" + std::string(65, 'x') + "\"}"), 10007);
  // Invalid UTF-8 in both formats.
  EXPECT_EQ(code("application/json", "{\"SubscriberId\":\"49\xff\",\"ResourceListId\":\"000000\"}", 400), 10007);
  std::string bad_utf8 = good_xml;
  bad_utf8.replace(bad_utf8.find("000000"), 6, "\xc3\x28");
  EXPECT_EQ(code("application/xml", bad_utf8, 400), 10007);
  // The TransactionId is echoed even when the rest is invalid.
  auto echoed = srv.raw("GetResourceList", "application/json", R"({"TransactionId":"e-1","SubscriberId":"491700000001"})");
  EXPECT_EQ(echoed.code, 10007);
  EXPECT_EQ(echoed.value("TransactionId"), "e-1");
}

TEST(mgmt_input, doctype_and_entities_are_refused_and_never_fetched) {
  mgmt_server srv;
  // A listener that would see any attempt to fetch an external entity.
  const int lfd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in sa{};
  sa.sin_family = AF_INET;
  sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ASSERT_EQ(::bind(lfd, reinterpret_cast<const sockaddr*>(&sa), sizeof sa), 0);
  ASSERT_EQ(::listen(lfd, 4), 0);
  socklen_t len = sizeof sa;
  ::getsockname(lfd, reinterpret_cast<sockaddr*>(&sa), &len);
  const std::string url = "http://127.0.0.1:" + std::to_string(ntohs(sa.sin_port)) + "/x";

  const std::string billion = "<?xml version=\"1.0\"?><!DOCTYPE r [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;&a;&a;\">]>"
                              "<GetResourceListRequest " + ns + "><SubscriberId>&b;</SubscriberId><ResourceListId>000000</ResourceListId></GetResourceListRequest>";
  const std::string external = "<?xml version=\"1.0\"?><!DOCTYPE r [<!ENTITY ext SYSTEM \"" + url + "\">]>"
                               "<GetResourceListRequest " + ns + "><SubscriberId>&ext;</SubscriberId><ResourceListId>000000</ResourceListId></GetResourceListRequest>";
  const std::string undeclared = "<GetResourceListRequest " + ns + "><SubscriberId>&ext;</SubscriberId><ResourceListId>000000</ResourceListId></GetResourceListRequest>";
  for (const auto& body : {billion, external, undeclared}) {
    auto r = srv.raw("GetResourceList", "application/xml", body);
    EXPECT_EQ(r.http.status, 400u) << body;
    EXPECT_EQ(r.code, 10007);
  }
  pollfd p{lfd, POLLIN, 0};
  EXPECT_EQ(::poll(&p, 1, 300), 0) << "the server tried to fetch the external entity";
  ::close(lfd);
}

TEST(mgmt_input, http_level_errors) {
  mgmt_server srv(" max-body-size 2048\n");
  auto& c = srv.client();
  EXPECT_EQ(c.send("POST", "/cmr/1/NoSuchOperation", "application/xml", good_xml).status, 404u);
  EXPECT_EQ(c.send("GET", "/cmr/1/GetResourceList", "", "").status, 405u);
  EXPECT_EQ(c.send("POST", "/other", "application/xml", good_xml).status, 404u);
  EXPECT_EQ(c.send("POST", "/cmr/1/GetResourceList", "text/plain", good_xml, {{"Authorization", "Bearer demo-portal"}}).status, 415u);
  auto big = c.send("POST", "/cmr/1/GetResourceList", "application/xml", std::string(4096, ' ') + good_xml,
                    {{"Authorization", "Bearer demo-portal"}});
  EXPECT_EQ(big.status, 413u) << big.body;
  EXPECT_TRUE(big.closed);
  auto huge_header = c.send("POST", "/cmr/1/GetResourceList", "application/xml", good_xml, {{"X-Pad", std::string(20000, 'p')}});
  EXPECT_EQ(huge_header.status, 431u);
  // Still serving, keep-alive works.
  auto r1 = srv.raw("GetResourceList", "application/xml", good_xml);
  auto r2 = srv.raw("GetResourceList", "application/xml", good_xml);
  EXPECT_EQ(r1.code, 0);
  EXPECT_EQ(r2.code, 0);
  EXPECT_FALSE(r1.http.closed);
}

TEST(mgmt_input, slow_client_is_cut_off_and_others_are_served) {
  mgmt_server srv(" read-timeout 2\n");
  const int fd = raw_socket(srv.port());
  ASSERT_GE(fd, 0);
  const std::string request = "POST /cmr/1/GetResourceList HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n";
  const auto start = std::chrono::steady_clock::now();
  bool closed = false;
  for (char ch : request) {
    if (::send(fd, &ch, 1, MSG_NOSIGNAL) != 1) {
      closed = true;
      break;
    }
    bool eof = false;
    read_all(fd, std::chrono::milliseconds(1000), &eof);
    if (eof) {
      closed = true;
      break;
    }
    // Meanwhile the server answers everyone else.
    EXPECT_EQ(srv.raw("GetResourceList", "application/xml", good_xml).code, 0);
  }
  const auto took = std::chrono::steady_clock::now() - start;
  EXPECT_TRUE(closed);
  EXPECT_LT(took, std::chrono::seconds(5));
  ::close(fd);
}

TEST(mgmt_input, connection_cap) {
  mgmt_server srv(" max-connections 4\n");
  std::vector<int> held;
  for (int i = 0; i < 3; ++i) held.push_back(raw_socket(srv.port()));  // + the harness client = 4
  EXPECT_EQ(srv.raw("GetResourceList", "application/xml", good_xml).code, 0);
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  const int extra = raw_socket(srv.port());
  bool eof = false;
  const std::string answer = read_all(extra, std::chrono::milliseconds(2000), &eof);
  EXPECT_NE(answer.find("503"), std::string::npos) << answer;
  ::close(extra);
  for (int fd : held) ::close(fd);
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  http_client fresh(srv.port());
  EXPECT_EQ(fresh.send("POST", "/cmr/1/GetResourceList", "application/xml", good_xml, {{"Authorization", "Bearer demo-portal"}}).status, 200u);
}

// A GetResourceList request written by hand (`extra` header lines end in \r\n).
std::string raw_request(const std::string& extra = "Authorization: Bearer demo-portal\r\n") {
  return "POST /cmr/1/GetResourceList HTTP/1.1\r\nHost: x\r\nContent-Type: application/xml\r\n" +
         extra + "Content-Length: " + std::to_string(good_xml.size()) + "\r\n\r\n" + good_xml;
}

// Item: one address could take every connection slot (256 trickling
// connections, the others answered 503 until the read timeout).
TEST(mgmt_input, per_address_connection_cap_leaves_room_for_other_clients) {
  mgmt_server srv(" max-connections-per-address 3\n");
  EXPECT_EQ(srv.raw("GetResourceList", "application/xml", good_xml).code,
            0);  // the harness's connection: 1
  std::vector<int> held;
  for (int i = 0; i < 2; ++i)
    held.push_back(raw_socket(srv.port()));  // 3 from 127.0.0.1, all silent
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  // A fourth from the same address: refused at once (503, closed), long
  // before any timeout.
  const int extra = raw_socket(srv.port());
  ASSERT_GE(extra, 0);
  const auto start = std::chrono::steady_clock::now();
  bool eof = false;
  const std::string answer = read_all(extra, std::chrono::milliseconds(3000), &eof);
  EXPECT_TRUE(eof);
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::milliseconds(1500));
  EXPECT_NE(answer.find("503"), std::string::npos) << answer;
  ::close(extra);
  // Another client (127.0.0.2) is served meanwhile.
  const int other = raw_socket(srv.port(), "127.0.0.2");
  ASSERT_GE(other, 0) << "cannot bind 127.0.0.2";
  const std::string req = raw_request("Authorization: Bearer demo-portal\r\nConnection: close\r\n");
  ASSERT_EQ(::send(other, req.data(), req.size(), MSG_NOSIGNAL), static_cast<ssize_t>(req.size()));
  const std::string reply = read_all(other, std::chrono::milliseconds(3000), &eof);
  EXPECT_EQ(reply.rfind("HTTP/1.1 200", 0), 0u) << reply;
  EXPECT_NE(reply.find("<StatusCode>0</StatusCode>"), std::string::npos) << reply;
  ::close(other);
  EXPECT_TRUE(srv.process().err().find("per-address connection cap 3 reached by 127.0.0.1") !=
              std::string::npos);
  // A slot given back is a slot again.
  ::close(held.back());
  held.pop_back();
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  const int again = raw_socket(srv.port());
  const std::string req2 =
      raw_request("Authorization: Bearer demo-portal\r\nConnection: close\r\n");
  ::send(again, req2.data(), req2.size(), MSG_NOSIGNAL);
  EXPECT_EQ(read_all(again, std::chrono::milliseconds(3000), &eof).rfind("HTTP/1.1 200", 0), 0u);
  ::close(again);
  for (int fd : held) ::close(fd);
  // Both settings are written back by the VTY.
  vty_client vty(srv.process().vty_port());
  ASSERT_TRUE(vty.connected());
  vty.command("enable");
  const std::string running = vty.command("show running-config");
  EXPECT_NE(running.find(" max-connections-per-address 3\n"), std::string::npos) << running;
  EXPECT_NE(running.find(" header-timeout 5\n"), std::string::npos) << running;
}

// Item: a client trickling its headers held its connection until the read
// timeout; the header deadline cuts it first, while a slow body still has
// the whole read timeout.
TEST(mgmt_input, header_deadline_cuts_a_trickling_client) {
  mgmt_server srv(" header-timeout 1\n read-timeout 10\n");
  const int fd = raw_socket(srv.port());
  ASSERT_GE(fd, 0);
  const std::string header =
      "POST /cmr/1/GetResourceList HTTP/1.1\r\nHost: x\r\nX-Slow: " + std::string(100, 'z') +
      "\r\n\r\n";
  const auto start = std::chrono::steady_clock::now();
  bool closed = false;
  for (char ch : header) {
    if (::send(fd, &ch, 1, MSG_NOSIGNAL) != 1) {
      closed = true;
      break;
    }
    bool eof = false;
    read_all(fd, std::chrono::milliseconds(100), &eof);
    if (eof) {
      closed = true;
      break;
    }
  }
  const auto took = std::chrono::steady_clock::now() - start;
  ::close(fd);
  EXPECT_TRUE(closed);
  EXPECT_GE(took, std::chrono::milliseconds(800));
  EXPECT_LT(took, std::chrono::milliseconds(3000));  // the read timeout is 10 s

  // The header at once, the body over 2.5 s: within read-timeout, served.
  const int slow_body = raw_socket(srv.port());
  const std::string req = raw_request("Authorization: Bearer demo-portal\r\nConnection: close\r\n");
  const auto body_at = req.find("\r\n\r\n") + 4;
  ::send(slow_body, req.data(), body_at, MSG_NOSIGNAL);
  const std::size_t chunk = (req.size() - body_at) / 5 + 1;
  for (std::size_t at = body_at; at < req.size(); at += chunk) {
    std::this_thread::sleep_for(std::chrono::milliseconds(500));
    ::send(slow_body, req.data() + at, std::min(chunk, req.size() - at), MSG_NOSIGNAL);
  }
  bool eof = false;
  EXPECT_EQ(read_all(slow_body, std::chrono::milliseconds(3000), &eof).rfind("HTTP/1.1 200", 0),
            0u);
  ::close(slow_body);
}

// A header read once must be there once (as a JSON member must).
TEST(mgmt_input, repeated_singleton_headers_are_refused) {
  mgmt_server srv;
  for (const std::string extra :
       {"Authorization: Bearer demo-portal\r\nAuthorization: Bearer no-such-token\r\n",
        "Authorization: Bearer demo-portal\r\nContent-Type: application/json\r\n"}) {
    const int fd = raw_socket(srv.port());
    const std::string req = raw_request(extra);
    ::send(fd, req.data(), req.size(), MSG_NOSIGNAL);
    bool eof = false;
    const std::string reply = read_all(fd, std::chrono::milliseconds(3000), &eof);
    EXPECT_EQ(reply.rfind("HTTP/1.1 400", 0), 0u) << reply;
    ::close(fd);
  }
  const int fd = raw_socket(srv.port());
  const std::string req = raw_request();
  ::send(fd, req.data(), req.size(), MSG_NOSIGNAL);
  bool eof = false;
  EXPECT_EQ(read_all(fd, std::chrono::milliseconds(1000), &eof).rfind("HTTP/1.1 200", 0), 0u);
  ::close(fd);
}

// Creates `n` free resources so that every write below is a distinct one.
void create_resources(mgmt_server& srv, int n) {
  for (int i = 0; i < n; ++i) {
    auto r = srv.call(wire_format::json, "ResourceManagement",
                      message({{"OperationType", "2"}, {"ResourceId", "r-" + std::to_string(i)}, {"Name", "R"},
                               {"MediaType", "Audio"}, {"Price", "0.01"}}));
    ASSERT_EQ(r.code, 0) << r.http.body;
  }
}

TEST(mgmt_durability, concurrent_writers_on_one_subscriber_lose_nothing) {
  mgmt_server srv;
  constexpr int threads = 6, per_thread = 15;
  create_resources(srv, threads * per_thread);
  std::atomic<int> failures{0};
  std::vector<std::thread> pool;
  for (int t = 0; t < threads; ++t)
    pool.emplace_back([&, t] {
      http_client c(srv.port());
      for (int i = 0; i < per_thread; ++i) {
        const std::string body = R"({"SubscriberId":"491700000002","ResourceId":"r-)" +
                                 std::to_string(t * per_thread + i) + "\"}";
        auto r = c.send("POST", "/cmr/1/SubscribeResource", "application/json", body,
                        {{"Authorization", "Bearer demo-portal"}});
        if (r.status != 200 || r.body.find("\"StatusCode\": 0") == std::string::npos) ++failures;
      }
    });
  for (auto& th : pool) th.join();
  EXPECT_EQ(failures.load(), 0);
  auto lib = srv.call(wire_format::json, "LibraryManagement", message({{"SubscriberId", "491700000002"}, {"OperationType", "1"}}));
  EXPECT_EQ(lib.msg.all("LibraryEntry").size(), static_cast<std::size_t>(4 + threads * per_thread));
  auto s = srv.call(wire_format::json, "ServiceSubscription", message({{"SubscriberId", "491700000002"}, {"OperationType", "1"}}));
  EXPECT_EQ(s.msg.child("Subscription")->value("Charged"), "0.9");
}

TEST(mgmt_durability, acknowledged_writes_survive_sigkill) {
  server_process keeper;  // owns the directory of the database
  const std::string db = keeper.dir() + "/durable.db";
  std::vector<std::string> acknowledged;
  {
    mgmt_server srv("", db);
    create_resources(srv, 200);
    std::atomic<bool> stop{false};
    std::thread writer([&] {
      http_client c(srv.port());
      for (int i = 0; i < 200 && !stop; ++i) {
        const std::string id = "r-" + std::to_string(i);
        http_reply r;
        try {
          r = c.send("POST", "/cmr/1/SubscribeResource", "application/json",
                     R"({"SubscriberId":"491700000002","ResourceId":")" + id + "\"}",
                     {{"Authorization", "Bearer demo-portal"}});
        } catch (const std::exception&) {
          break;  // the client's reconnect after the kill is refused
        }
        if (r.status == 200 && r.body.find("\"StatusCode\": 0") != std::string::npos) acknowledged.push_back(id);
        if (r.closed && r.status == 0) break;
      }
    });
    std::this_thread::sleep_for(std::chrono::milliseconds(150));
    srv.process().send_signal(SIGKILL);
    stop = true;
    writer.join();
  }
  ASSERT_FALSE(acknowledged.empty());
  mgmt_server again("", db);
  auto lib = again.call(wire_format::json, "LibraryManagement", message({{"SubscriberId", "491700000002"}, {"OperationType", "1"}}));
  std::set<std::string> present;
  for (const auto* e : lib.msg.all("LibraryEntry")) present.insert(std::string(e->value("ResourceId")));
  for (const auto& id : acknowledged) EXPECT_TRUE(present.count(id)) << id << " acknowledged but lost";
}

}  // namespace
}  // namespace cmr::test
