#include "tests/integration/sip_server/key_pcap.h"

#include <fstream>

#include "media/dtmf/rtp_keys.h"

namespace cmr::test {

namespace {

void put16(std::vector<std::uint8_t>& b, std::uint16_t v) {
  b.push_back(static_cast<std::uint8_t>(v >> 8));
  b.push_back(static_cast<std::uint8_t>(v));
}
void put32(std::vector<std::uint8_t>& b, std::uint32_t v) {
  put16(b, static_cast<std::uint16_t>(v >> 16));
  put16(b, static_cast<std::uint16_t>(v));
}
void put32le(std::ofstream& o, std::uint32_t v) {
  for (int i = 0; i < 4; ++i) o.put(static_cast<char>((v >> (8 * i)) & 0xff));
}
void put16le(std::ofstream& o, std::uint16_t v) {
  o.put(static_cast<char>(v & 0xff));
  o.put(static_cast<char>(v >> 8));
}

std::vector<std::uint8_t> rtp(std::uint8_t pt, bool marker, std::uint16_t seq, std::uint32_t ts,
                              std::uint32_t ssrc, const std::vector<std::uint8_t>& payload) {
  std::vector<std::uint8_t> p{0x80, static_cast<std::uint8_t>((marker ? 0x80 : 0) | pt)};
  put16(p, seq);
  put32(p, ts);
  put32(p, ssrc);
  p.insert(p.end(), payload.begin(), payload.end());
  return p;
}

}  // namespace

std::vector<std::vector<std::uint8_t>> rfc4733_stream(const std::vector<key_press>& keys,
                                                      std::uint8_t payload_type,
                                                      std::vector<std::uint32_t>& offsets_ms) {
  std::vector<std::vector<std::uint8_t>> out;
  offsets_ms.clear();
  std::uint16_t seq = 1000;
  const std::uint32_t ssrc = 0x4b455953;  // "KEYS"
  for (const auto& k : keys) {
    const std::uint32_t ts = 8000 + k.at_ms * 8;
    if (k.raw_event >= 0) {
      // An event this server does not know: start, update, three ends.
      for (int i = 0; i < 5; ++i) {
        const bool end = i >= 2;
        const auto dur = static_cast<std::uint16_t>(160 * (i < 2 ? i + 1 : 3));
        std::vector<std::uint8_t> pl{static_cast<std::uint8_t>(k.raw_event),
                                     static_cast<std::uint8_t>((end ? 0x80 : 0) | 10)};
        put16(pl, dur);
        out.push_back(rtp(payload_type, i == 0, seq++, ts, ssrc, pl));
        offsets_ms.push_back(k.at_ms + static_cast<std::uint32_t>(i < 2 ? i * 20 : 40));
      }
      continue;
    }
    for (auto& p : media::dtmf::rfc4733_key_packets(k.key, payload_type, seq, ts, ssrc)) {
      offsets_ms.push_back(k.at_ms + p.offset_ms);
      out.push_back(std::move(p.bytes));
      ++seq;
    }
  }
  return out;
}

std::vector<std::vector<std::uint8_t>> inband_stream(const std::vector<key_press>& keys,
                                                     media::g711_law law,
                                                     std::vector<std::uint32_t>& offsets_ms) {
  std::vector<std::vector<std::uint8_t>> out;
  offsets_ms.clear();
  const std::uint8_t pt = law == media::g711_law::alaw ? 8 : 0;
  const std::uint8_t silence = law == media::g711_law::alaw ? 0xd5 : 0xff;
  std::uint16_t seq = 2000;
  std::uint32_t t = 0;  // ms
  for (const auto& k : keys) {
    for (; t < k.at_ms; t += 20) {
      out.push_back(
          rtp(pt, t == 0, seq++, t * 8, 0x494e4221, std::vector<std::uint8_t>(160, silence)));
      offsets_ms.push_back(t);
    }
    for (auto& f : media::dtmf::inband_key_frames(k.key, law)) {
      out.push_back(rtp(pt, false, seq++, t * 8, 0x494e4221, f));
      offsets_ms.push_back(t);
      t += 20;
    }
  }
  return out;
}

bool write_rtp_pcap(const std::string& path, const std::vector<std::vector<std::uint8_t>>& packets,
                    const std::vector<std::uint32_t>& offsets_ms) {
  std::ofstream o(path, std::ios::binary | std::ios::trunc);
  if (!o) return false;
  put32le(o, 0xa1b2c3d4);
  put16le(o, 2);
  put16le(o, 4);
  put32le(o, 0);
  put32le(o, 0);
  put32le(o, 65535);
  put32le(o, 1);  // LINKTYPE_ETHERNET
  const std::uint32_t base_s = 1700000000;
  for (std::size_t i = 0; i < packets.size(); ++i) {
    const auto& payload = packets[i];
    std::vector<std::uint8_t> f{0, 0, 0, 0, 0, 2, 0, 0, 0, 0, 0, 1, 0x08, 0x00};  // Ethernet
    const auto udp_len = static_cast<std::uint16_t>(8 + payload.size());
    const auto ip_len = static_cast<std::uint16_t>(20 + udp_len);
    std::vector<std::uint8_t> ip{0x45, 0};
    put16(ip, ip_len);
    put16(ip, static_cast<std::uint16_t>(i));
    put16(ip, 0x4000);
    ip.push_back(64);
    ip.push_back(17);
    put16(ip, 0);
    put32(ip, 0x7f000001);
    put32(ip, 0x7f000001);
    std::uint32_t sum = 0;
    for (std::size_t j = 0; j < ip.size(); j += 2)
      sum += static_cast<std::uint32_t>(ip[j] << 8 | ip[j + 1]);
    while (sum >> 16) sum = (sum & 0xffff) + (sum >> 16);
    const auto csum = static_cast<std::uint16_t>(~sum);
    ip[10] = static_cast<std::uint8_t>(csum >> 8);
    ip[11] = static_cast<std::uint8_t>(csum);
    f.insert(f.end(), ip.begin(), ip.end());
    put16(f, 40000);
    put16(f, 40002);
    put16(f, udp_len);
    put16(f, 0);  // no UDP checksum (IPv4 allows it)
    f.insert(f.end(), payload.begin(), payload.end());
    const std::uint32_t ms = offsets_ms[i];
    put32le(o, base_s + ms / 1000);
    put32le(o, (ms % 1000) * 1000);
    put32le(o, static_cast<std::uint32_t>(f.size()));
    put32le(o, static_cast<std::uint32_t>(f.size()));
    o.write(reinterpret_cast<const char*>(f.data()), static_cast<std::streamsize>(f.size()));
  }
  return static_cast<bool>(o);
}

}  // namespace cmr::test
