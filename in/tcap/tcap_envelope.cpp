#include "in/tcap/tcap_envelope.h"

namespace cmr::in::tcap {

namespace {

constexpr std::uint8_t tag_otid = 0x48;        // [APPLICATION 8]
constexpr std::uint8_t tag_dtid = 0x49;        // [APPLICATION 9]
constexpr std::uint8_t tag_components = 0x6c;  // [APPLICATION 12] constructed
constexpr int max_depth = 16;

struct tlv {
  std::uint8_t tag = 0;
  byte_span content;
  std::size_t size = 0;  // header + content (+ end-of-contents)
};

std::optional<tlv> read_tlv(byte_span in, int depth = 0);

// Content of an indefinite-length value: children up to the 00 00.
std::optional<std::size_t> indefinite_content(byte_span in, int depth) {
  std::size_t pos = 0;
  while (pos + 2 <= in.size()) {
    if (in[pos] == 0 && in[pos + 1] == 0) return pos;
    auto child = read_tlv(in.subspan(pos), depth + 1);
    if (!child) return std::nullopt;
    pos += child->size;
  }
  return std::nullopt;
}

// One BER TLV at the start of `in`; nullopt when it does not fit or nests
// deeper than any TCAP message does.
std::optional<tlv> read_tlv(byte_span in, int depth) {
  if (depth > max_depth || in.size() < 2) return std::nullopt;
  tlv t;
  t.tag = in[0];
  std::size_t pos = 1;
  if ((t.tag & 0x1f) == 0x1f) {  // high tag number: skip its octets
    while (pos < in.size() && (in[pos] & 0x80) != 0 && pos < 5) ++pos;
    ++pos;
  }
  if (pos >= in.size()) return std::nullopt;
  const std::uint8_t l = in[pos++];
  if (l == 0x80) {
    if ((t.tag & 0x20) == 0) return std::nullopt;  // indefinite needs constructed
    auto n = indefinite_content(in.subspan(pos), depth);
    if (!n) return std::nullopt;
    t.content = in.subspan(pos, *n);
    t.size = pos + *n + 2;
    return t;
  }
  std::size_t len = l;
  if (l > 0x80) {
    const std::size_t n = l & 0x7f;
    if (n > 4 || pos + n > in.size()) return std::nullopt;
    len = 0;
    for (std::size_t i = 0; i < n; ++i) len = (len << 8) | in[pos++];
  }
  if (len > in.size() - pos) return std::nullopt;
  t.content = in.subspan(pos, len);
  t.size = pos + len;
  return t;
}

// Every TLV inside `in` (recursively for constructed ones) is well framed.
bool framing_ok(byte_span in, int depth) {
  std::size_t pos = 0;
  while (pos < in.size()) {
    auto t = read_tlv(in.subspan(pos), depth);
    if (!t) return false;
    if ((t->tag & 0x20) != 0 && !framing_ok(t->content, depth + 1)) return false;
    pos += t->size;
  }
  return true;
}

void put_tlv(codec::bytes& out, std::uint8_t tag, byte_span content) {
  out.push_back(tag);
  const std::size_t n = content.size();
  if (n < 0x80) {
    out.push_back(static_cast<std::uint8_t>(n));
  } else if (n < 0x100) {
    out.insert(out.end(), {0x81, static_cast<std::uint8_t>(n)});
  } else {
    out.insert(out.end(), {0x82, static_cast<std::uint8_t>(n >> 8), static_cast<std::uint8_t>(n)});
  }
  out.insert(out.end(), content.begin(), content.end());
}

// The message's content as far as it can be read: a truncated message (a
// length beyond the data) still yields the children that fit.
byte_span lenient_content(byte_span msg, bool& complete) {
  complete = false;
  if (msg.size() < 2) return {};
  if (auto t = read_tlv(msg)) {
    complete = t->size == msg.size();
    return t->content;
  }
  std::size_t pos = 2;
  const std::uint8_t l = msg[1];
  if (l > 0x80) pos += l & 0x7f;
  if (pos > msg.size()) return {};
  return msg.subspan(pos);
}

}  // namespace

tcap_envelope scan_envelope(byte_span msg) {
  tcap_envelope env;
  if (msg.empty()) return env;
  env.tag = msg[0];
  bool complete = false;
  const byte_span content = lenient_content(msg, complete);
  bool children_ok = true;
  codec::bytes rebuilt_content;
  std::size_t pos = 0;
  while (pos < content.size()) {
    auto t = read_tlv(content.subspan(pos));
    if (!t) {
      children_ok = false;
      break;
    }
    const auto whole = content.subspan(pos, t->size);
    if (t->tag == tag_otid || t->tag == tag_dtid) {
      auto& slot = t->tag == tag_otid ? env.otid : env.dtid;
      if (!slot && !t->content.empty() && t->content.size() <= 4) {
        slot = codec::bytes(t->content.begin(), t->content.end());
      }
    }
    if (t->tag == tag_components) {
      env.has_components = true;
    } else {
      rebuilt_content.insert(rebuilt_content.end(), whole.begin(), whole.end());
    }
    pos += t->size;
  }
  env.framing_ok = complete && children_ok && framing_ok(content, 1);
  if (complete && children_ok) {
    // The transaction portion alone: everything except the components.
    codec::bytes rebuilt;
    put_tlv(rebuilt, env.tag, rebuilt_content);
    auto m = codec::decode_tc_message(rebuilt);
    if (m) env.transaction = std::move(*m);
  }
  return env;
}

std::vector<salvaged_component> salvage_components(byte_span msg) {
  std::vector<salvaged_component> out;
  auto outer = read_tlv(msg);
  if (!outer) return out;
  std::optional<tlv> portion;
  for (std::size_t pos = 0; pos < outer->content.size();) {
    auto t = read_tlv(outer->content.subspan(pos));
    if (!t) break;
    if (t->tag == tag_components) portion = t;
    pos += t->size;
  }
  if (!portion) return out;
  const byte_span comps = portion->content;
  static const std::uint8_t probe_otid[] = {tag_otid, 1, 1};
  for (std::size_t pos = 0; pos < comps.size();) {
    auto t = read_tlv(comps.subspan(pos));
    if (!t) {
      // The rest cannot be split into components: one reject for it all.
      out.push_back({std::nullopt, reject_problem::of(general_problem::badly_structured_component),
                     std::nullopt});
      break;
    }
    const auto whole = comps.subspan(pos, t->size);
    pos += t->size;
    // Decode this component alone, inside a minimal TC-BEGIN.
    codec::bytes portion_bytes;
    put_tlv(portion_bytes, tag_components, whole);
    codec::bytes content(std::begin(probe_otid), std::end(probe_otid));
    content.insert(content.end(), portion_bytes.begin(), portion_bytes.end());
    codec::bytes probe;
    put_tlv(probe, 0x62, content);
    auto m = codec::decode_tc_message(probe);
    if (m && m->components.size() == 1) {
      out.push_back({std::move(m->components[0]), {}, std::nullopt});
      continue;
    }
    salvaged_component s;
    // The invoke ID is the first element of every component type.
    if (auto first = read_tlv(t->content);
        first && first->tag == 0x02 && first->content.size() == 1) {
      s.invoke_id = static_cast<std::int8_t>(first->content[0]);
    }
    const bool known_type =
        t->tag == 0xa1 || t->tag == 0xa2 || t->tag == 0xa3 || t->tag == 0xa4 || t->tag == 0xa7;
    if (!known_type) {
      s.problem = reject_problem::of(general_problem::unrecognized_component);
    } else if (!framing_ok(t->content, 2)) {
      s.problem = reject_problem::of(general_problem::badly_structured_component);
    } else {
      s.problem = reject_problem::of(general_problem::mistyped_component);
    }
    out.push_back(std::move(s));
  }
  return out;
}

}  // namespace cmr::in::tcap
