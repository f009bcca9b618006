// The intelligent peripheral on a test-owned io_context (run by the test
// thread, no sleeps: run_until polls the loop), a raw-socket SIP UAC and RTP
// receiver on loopback, renditions written into a temp directory, and a
// scripted SCP TC-user on the far side of a local_sccp_pair.
#pragma once

#include <gtest/gtest.h>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/udp.hpp>
#include <chrono>
#include <fstream>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "in/ip/intelligent_peripheral.h"
#include "in/tcap/local_sccp_pair.h"
#include "common/manual_timer_service.h"
#include "in/tcap/tcap_layer.h"
#include "sip/message/parser.h"
#include "tests/common/temp_dir.h"

namespace cmr::in::ip::test {

using boost::asio::ip::udp;
using clock_type = std::chrono::steady_clock;

// Frame i, byte j of a test rendition: distinct per frame and per law.
inline std::uint8_t frame_byte(std::size_t i, std::size_t j, media::g711_law law) {
  return static_cast<std::uint8_t>((i * 31 + j * 7 + (law == media::g711_law::ulaw ? 101 : 0)) & 0xff);
}

class fake_announcements final : public announcement_source {
public:
  explicit fake_announcements(const testing::temp_dir& dir) : dir_(dir) {}
  // Writes a rendition of `frames` frames for announcement `id` in `law`.
  std::vector<std::uint8_t> add(std::uint32_t id, media::g711_law law, std::size_t frames) {
    std::vector<std::uint8_t> bytes;
    for (std::size_t i = 0; i < frames; ++i)
      for (std::size_t j = 0; j < media::playout_frame_bytes; ++j) bytes.push_back(frame_byte(i, j, law));
    const auto path = dir_.file(std::to_string(id) + (law == media::g711_law::alaw ? ".alaw" : ".ulaw"));
    std::ofstream(path, std::ios::binary)
        .write(reinterpret_cast<const char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
    paths_[{id, law}] = path;
    return bytes;
  }
  std::shared_ptr<const media::playout_rendition> rendition(std::uint32_t id, media::g711_law law) override {
    const auto it = paths_.find({id, law});
    if (it == paths_.end()) return nullptr;
    auto r = media::playout_rendition::open(it->second, law);
    if (!r) return nullptr;
    return std::make_shared<const media::playout_rendition>(std::move(*r));
  }

private:
  const testing::temp_dir& dir_;
  std::map<std::pair<std::uint32_t, media::g711_law>, std::string> paths_;
};

struct rtp_packet {
  bool marker = false;
  std::uint8_t pt = 0;
  std::uint16_t seq = 0;
  std::uint32_t ts = 0;
  std::uint32_t ssrc = 0;
  std::vector<std::uint8_t> payload;
};

// A scripted SCP: records every dialogue indication; the test answers.
class scripted_scp final : public tcap::tc_user {
public:
  std::vector<tcap::dialogue_ind> dialogues;
  std::vector<tcap::dialogue_id> aborted;
  std::function<void(const tcap::dialogue_ind&)> on_ind;
  void on_dialogue(const tcap::dialogue_ind& ind) override {
    dialogues.push_back(ind);
    if (on_ind) on_ind(ind);
  }
  void on_u_abort(const tcap::u_abort_ind& ind) override { aborted.push_back(ind.id); }
  void on_p_abort(const tcap::p_abort_ind& ind) override { aborted.push_back(ind.id); }
  void on_l_cancel(const tcap::l_cancel_ind&) override {}
  void on_notice(const tcap::notice_ind&) override {}
};

class ip_test : public ::testing::Test {
protected:
  static constexpr std::uint32_t scp_pc = 0x0b82;  // 1.112.2 in 3.8.3, any value
  static constexpr std::uint8_t ip_ssn = 12;

  ip_test()
      : announcements_(dir_),
        ports_({0, 0}),
        sccp_(address(ip_ssn), address(146)) {}

  static sigtran::sccp_address address(std::uint8_t ssn) {
    sigtran::sccp_address a;
    a.point_code = scp_pc;
    a.ssn = ssn;
    return a;
  }

  ~ip_test() override {
    if (ip_) {
      ip_->stop_all();
      run_for(std::chrono::milliseconds(20));
      ip_->close();
    }
  }

  // Starts the peripheral (after the test adjusted config_).
  void start(bool with_tcap = true) {
    config_.port = 0;
    config_.scp_cap = address(146);
    config_.scp_inap = address(241);
    config_.release_grace = std::chrono::milliseconds(200);
    ip_ = std::make_unique<intelligent_peripheral>(io_, config_, announcements_, ports_);
    ASSERT_TRUE(ip_->open());
    if (with_tcap) {
      ip_->attach_sccp(sccp_.a());
      sccp_.a().on_receive = [this](sigtran::n_unitdata m) { ip_->on_unitdata(m); };
      scp_layer_ = std::make_unique<tcap::tcap_layer>(sccp_.b(), scp_timers_, scp_,
                                                      tcap::ac_table::all_known(),
                                                      tcap::operation_table::cap_inap_defaults());
      sccp_.b().on_receive = [this](sigtran::n_unitdata m) { scp_layer_->receive(m); };
    }
    sip_.open(udp::v4());
    sip_.bind({boost::asio::ip::make_address("127.0.0.1"), 0});
    rtp_.open(udp::v4());
    rtp_.bind({boost::asio::ip::make_address("127.0.0.1"), 0});
  }

  // Runs the loop (and the SCCP pair) until pred() or the timeout.
  bool run_until(const std::function<bool()>& pred,
                 std::chrono::milliseconds timeout = std::chrono::seconds(10)) {
    const auto end = clock_type::now() + timeout;
    while (!pred()) {
      if (clock_type::now() > end) return false;
      io_.run_for(std::chrono::milliseconds(2));
      if (io_.stopped()) io_.restart();
      sccp_.pump();
      if (also_pump_) also_pump_();
      drain();
    }
    return true;
  }
  void run_for(std::chrono::milliseconds d) {
    const auto end = clock_type::now() + d;
    (void)run_until([&] { return clock_type::now() >= end; }, d + std::chrono::seconds(1));
  }

  // Reads whatever arrived on the UAC's SIP and RTP sockets.
  void drain() {
    std::array<std::uint8_t, 65536> buf{};
    boost::system::error_code ec;
    while (sip_.available(ec) > 0) {
      udp::endpoint from;
      const auto n = sip_.receive_from(boost::asio::buffer(buf), from, 0, ec);
      if (ec) break;
      auto m = sip::parse_message(std::string_view(reinterpret_cast<const char*>(buf.data()), n));
      if (m) sip_in_.push_back(std::move(*m));
    }
    while (rtp_.available(ec) > 0) {
      const auto n = rtp_.receive(boost::asio::buffer(buf), 0, ec);
      if (ec || n < 12) break;
      rtp_packet p;
      p.marker = (buf[1] & 0x80) != 0;
      p.pt = buf[1] & 0x7f;
      p.seq = static_cast<std::uint16_t>(buf[2] << 8 | buf[3]);
      p.ts = static_cast<std::uint32_t>(buf[4]) << 24 | static_cast<std::uint32_t>(buf[5]) << 16 |
             static_cast<std::uint32_t>(buf[6]) << 8 | buf[7];
      p.ssrc = static_cast<std::uint32_t>(buf[8]) << 24 | static_cast<std::uint32_t>(buf[9]) << 16 |
               static_cast<std::uint32_t>(buf[10]) << 8 | buf[11];
      p.payload.assign(buf.begin() + 12, buf.begin() + static_cast<std::ptrdiff_t>(n));
      rtp_in_.push_back(std::move(p));
    }
  }

  void send_sip(const std::string& text) {
    sip_.send_to(boost::asio::buffer(text),
                 udp::endpoint(boost::asio::ip::make_address("127.0.0.1"), ip_->udp_endpoint().port));
  }

  [[nodiscard]] std::uint16_t uac_port() const { return sip_.local_endpoint().port(); }
  [[nodiscard]] std::uint16_t rtp_port() const { return rtp_.local_endpoint().port(); }

  std::string offer(const std::string& formats = "8 0") const {
    std::string maps;
    if (formats.find('8') != std::string::npos) maps += "a=rtpmap:8 PCMA/8000\r\n";
    if (formats.find("0") != std::string::npos && formats != "8") maps += "a=rtpmap:0 PCMU/8000\r\n";
    return "v=0\r\no=ssf 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\nm=audio " +
           std::to_string(rtp_port()) + " RTP/AVP " + formats + "\r\n" + maps;
  }

  std::string invite(const std::string& ruri_user_and_params, const std::string& call_id,
                     const std::string& body, const std::string& extra = {}) const {
    const auto port = std::to_string(uac_port());
    const auto ipport = std::to_string(ip_->udp_endpoint().port);
    std::string user = ruri_user_and_params;
    std::string params;
    if (const auto semi = user.find(';'); semi != std::string::npos) {
      params = user.substr(semi);
      user.resize(semi);
    }
    return "INVITE sip:" + user + "@127.0.0.1:" + ipport + params + " SIP/2.0\r\n" +
           "Via: SIP/2.0/UDP 127.0.0.1:" + port + ";branch=z9hG4bK-" + call_id + "\r\n" +
           "Max-Forwards: 70\r\nFrom: <sip:ssf@127.0.0.1>;tag=uac-" + call_id + "\r\n" +
           "To: <sip:" + user + "@127.0.0.1>\r\nCall-ID: " + call_id + "\r\nCSeq: 1 INVITE\r\n" +
           "Contact: <sip:ssf@127.0.0.1:" + port + ">\r\n" + extra +
           (body.empty() ? "" : "Content-Type: application/sdp\r\n") +
           "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body;
  }

  // The ACK (or BYE/CANCEL) for the 2xx `ok` of the INVITE `call_id`.
  std::string in_dialog(const std::string& method, const sip::message& ok, std::uint32_t cseq,
                        const std::string& branch) const {
    const auto port = std::to_string(uac_port());
    return method + " sip:annc@127.0.0.1:" + std::to_string(ip_->udp_endpoint().port) + " SIP/2.0\r\n" +
           "Via: SIP/2.0/UDP 127.0.0.1:" + port + ";branch=z9hG4bK-" + branch + "\r\n" +
           "Max-Forwards: 70\r\nFrom: " + *ok.header("From") + "\r\nTo: " + *ok.header("To") +
           "\r\nCall-ID: " + ok.call_id() + "\r\nCSeq: " + std::to_string(cseq) + " " + method +
           "\r\nContent-Length: 0\r\n\r\n";
  }

  // The first received response with this status (and CSeq method).
  std::optional<sip::message> response(int status, const std::string& call_id) const {
    for (const auto& m : sip_in_)
      if (m.is_response() && m.status == status && m.call_id() == call_id) return m;
    return std::nullopt;
  }
  std::optional<sip::message> request(const std::string& method, const std::string& call_id) const {
    for (const auto& m : sip_in_)
      if (m.is_request() && m.method == method && m.call_id() == call_id) return m;
    return std::nullopt;
  }
  // Answers a request from the IP (its BYE) with 200.
  void answer(const sip::message& req, int status = 200) {
    auto rsp = sip::make_response(req, status);
    send_sip(rsp.serialize());
  }

  // INVITE + 200 + ACK; returns the 200.
  std::optional<sip::message> establish(const std::string& ruri, const std::string& call_id,
                                        const std::string& formats = "8 0") {
    send_sip(invite(ruri, call_id, offer(formats)));
    if (!run_until([&] { return response(200, call_id).has_value(); })) return std::nullopt;
    auto ok = *response(200, call_id);
    send_sip(in_dialog("ACK", ok, 1, call_id + "-ack"));
    return ok;
  }

  // Payload bytes of all RTP packets, and header checks (one stream).
  std::vector<std::uint8_t> stream_bytes(std::uint8_t pt) const {
    std::vector<std::uint8_t> out;
    for (std::size_t i = 0; i < rtp_in_.size(); ++i) {
      const auto& p = rtp_in_[i];
      EXPECT_EQ(p.pt, pt);
      EXPECT_EQ(p.marker, i == 0) << "packet " << i;
      if (i > 0) {
        EXPECT_EQ(p.seq, static_cast<std::uint16_t>(rtp_in_[i - 1].seq + 1));
        EXPECT_EQ(p.ts, rtp_in_[i - 1].ts + 160);
        EXPECT_EQ(p.ssrc, rtp_in_[0].ssrc);
      }
      EXPECT_EQ(p.payload.size(), media::playout_frame_bytes);
      out.insert(out.end(), p.payload.begin(), p.payload.end());
    }
    return out;
  }

  testing::temp_dir dir_{"cmr-ip-test"};
  boost::asio::io_context io_;
  fake_announcements announcements_;
  media::rtp::port_pool ports_;
  tcap::local_sccp_pair sccp_;
  ip_config config_;
  std::unique_ptr<intelligent_peripheral> ip_;
  cmr::manual_timer_service scp_timers_;
  scripted_scp scp_;
  std::unique_ptr<tcap::tcap_layer> scp_layer_;
  udp::socket sip_{io_};
  udp::socket rtp_{io_};
  std::vector<sip::message> sip_in_;
  std::vector<rtp_packet> rtp_in_;
  // A further SCCP pair a test runs beside sccp_ (the WIN SSN's).
  std::function<void()> also_pump_;
};

}  // namespace cmr::in::ip::test
