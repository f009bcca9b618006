// The CMR application server between two sipp instances on 127.0.0.1: a
// sipp UAC calls through the B2BUA, a sipp UAS answers as the next hop. The
// scenarios (tests/sipp/) check what each side must see; the test checks
// that both scenarios pass and that every call was freed. Bounded: sipp
// runs with -timeout and the test kills it past a deadline.
#include <gtest/gtest.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/udp.hpp>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <string>
#include <thread>
#include <vector>

#include "media/rtp/rtp_sender.h"
#include "sip/as/application_server.h"
#include "sip/as/callback_content_source.h"
#include "store/decision_port.h"
#include "tests/common/free_port.h"

namespace cmr::sip::as {
namespace {

using namespace std::chrono_literals;

const std::string k_scenarios = std::string(CMR_SOURCE_DIR) + "/tests/sipp/";

// A child process with a deadline; the exit status or -1 when killed.
class child {
public:
  explicit child(std::vector<std::string> args, const std::string& log) {
    pid_ = ::fork();
    if (pid_ == 0) {
      std::FILE* f = std::freopen(log.c_str(), "w", stdout);
      (void)f;
      ::dup2(::fileno(stdout), 2);
      std::vector<char*> argv;
      for (auto& a : args) argv.push_back(a.data());
      argv.push_back(nullptr);
      ::execvp(argv[0], argv.data());
      ::_exit(127);
    }
  }
  ~child() {
    if (pid_ > 0) {
      ::kill(pid_, SIGKILL);
      ::waitpid(pid_, nullptr, 0);
    }
  }
  child(const child&) = delete;
  child& operator=(const child&) = delete;
  int wait(std::chrono::milliseconds limit) {
    const auto deadline = std::chrono::steady_clock::now() + limit;
    while (std::chrono::steady_clock::now() < deadline) {
      int status = 0;
      if (::waitpid(pid_, &status, WNOHANG) == pid_) {
        pid_ = -1;
        return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
      }
      std::this_thread::sleep_for(10ms);
    }
    return -1;
  }

private:
  pid_t pid_ = -1;
};

// The decision port: resource r1 for owner 4930123, nothing for anyone else.
class fixed_decisions final : public store::decision_port {
public:
  std::optional<store::decision> decide_or_defer(const store::decision_request& r,
                                                 decided_fn) override {
    store::decision d;
    d.svc = r.svc;
    if (r.owner == "4930123") {
      auto res = std::make_shared<store::resource>();
      res->id = "r1";
      d.resource = std::move(res);
      d.why = store::decision::reason::rule;
    }
    return d;
  }
};

std::string slurp(const std::string& path) {
  std::ifstream in(path);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

class SipAsTest : public ::testing::Test {
protected:
  void SetUp() override {
    char tmpl[] = "/tmp/cmr-sipas-XXXXXX";
    ASSERT_NE(::mkdtemp(tmpl), nullptr);
    dir_ = tmpl;
    // A 1 s rendition: 50 frames.
    std::ofstream out(dir_ + "/r1.alaw", std::ios::binary);
    for (int i = 0; i < 50 * 160; ++i) out.put(static_cast<char>(0xd5 ^ (i % 16)));
  }
  void TearDown() override { std::system(("rm -rf " + dir_).c_str()); }

  void start_server(delivery_mode bt, delivery_mode rt, std::uint16_t next_hop_port) {
    resources_ = std::make_unique<callback_content_source>(
        [this](const std::string& id,
               media::g711_law law) -> std::shared_ptr<const media::playout_rendition> {
          if (id != "r1" || law != media::g711_law::alaw) return nullptr;
          auto r = media::playout_rendition::open(dir_ + "/r1.alaw", law);
          if (!r) return nullptr;
          return std::make_shared<const media::playout_rendition>(std::move(*r));
        },
        [](const std::string& id) {
          return "http://127.0.0.1:8080/cmr/1/content/" + id + "?exp=4102444800&sig=0123abcd";
        });
    server_options o;
    o.port = 0;
    o.rtp = {0, 0};
    o.as.next_hop = {boost::asio::ip::make_address("127.0.0.1"), next_hop_port,
                     transport_kind::udp};
    o.as.cmrbt_mode = bt;
    o.as.cmrt_mode = rt;
    o.as.ring_timeout = 5s;
    server_ = std::make_unique<application_server>(std::move(o), &decisions_, *resources_);
    ASSERT_TRUE(server_->start().has_value());
  }

  // Runs a UAS scenario as next hop and a UAC scenario calling `number`.
  void run_call(const std::string& uac, const std::string& uas, const std::string& number,
                std::string* uac_log = nullptr, std::string* uas_log = nullptr) {
    const auto uas_port = test::free_port();
    start_server(bt_mode_, rt_mode_, uas_port);
    child callee({"sipp", "-sf", k_scenarios + uas, "-i", "127.0.0.1", "-p",
                  std::to_string(uas_port), "-m", "1", "-timeout", "20s", "-timeout_error",
                  "-nostdin", "-trace_err", "-error_file", dir_ + "/uas_err.log"},
                 dir_ + "/uas.log");
    std::this_thread::sleep_for(200ms);  // sipp binds its socket
    const auto as = server_->udp_endpoint();
    child caller({"sipp", "-sf", k_scenarios + uac, "-i", "127.0.0.1", "-p",
                  std::to_string(test::free_port()), "-s", number,
                  "127.0.0.1:" + std::to_string(as.port), "-m", "1", "-timeout", "20s",
                  "-timeout_error", "-nostdin", "-trace_err", "-error_file",
                  dir_ + "/uac_err.log", "-trace_msg", "-message_file", dir_ + "/uac_msg.log"},
                 dir_ + "/uac.log");
    const int uac_rc = caller.wait(25s);
    const int uas_rc = callee.wait(10s);
    if (uac_log) *uac_log = slurp(dir_ + "/uac.log");
    if (uas_log) *uas_log = slurp(dir_ + "/uas.log");
    EXPECT_EQ(uac_rc, 0) << slurp(dir_ + "/uac_err.log") << slurp(dir_ + "/uac_msg.log");
    EXPECT_EQ(uas_rc, 0) << slurp(dir_ + "/uas_err.log");
  }

  std::string dir_;
  delivery_mode bt_mode_ = delivery_mode::http;
  delivery_mode rt_mode_ = delivery_mode::off;
  fixed_decisions decisions_;
  std::unique_ptr<callback_content_source> resources_;
  std::unique_ptr<application_server> server_;
};

TEST_F(SipAsTest, HttpModeCmrbtPutsTheUrlIntoThe180AndTheCallCompletes) {
  run_call("uac_http_cmrbt.xml", "uas_answer.xml", "4930123");
  server_->stop();
  EXPECT_EQ(media::rtp::rtp_sender::active_streams(), 0U);
}

TEST_F(SipAsTest, GatewayModeCmrbtAnswersWithEarlyMediaPlaysThenUpdatesAndAnswersWithoutSdp) {
  bt_mode_ = delivery_mode::gateway;
  // The caller's media port receives the RTP; sipp itself ignores it here,
  // the test checks that a stream ran and stopped.
  run_call("uac_gateway_cmrbt.xml", "uas_answer.xml", "4930123");
  server_->stop();
  EXPECT_EQ(media::rtp::rtp_sender::active_streams(), 0U);
}

}  // namespace
}  // namespace cmr::sip::as
