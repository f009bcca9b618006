#include "sip/as/ringback_keys.h"

#include <algorithm>

#include "sip/as/party_identity.h"
#include "sip/message/name_addr.h"
#include "sip/sdp/multipart.h"
#include "sip/sdp/p_early_media.h"
#include "sip/sdp/sdp.h"

namespace cmr::sip::as {

namespace {

const counter_desc k_counters[] = {
    {"keys", "Key presses taken during a ringback (RTP events, in-band, SIP INFO)"},
    {"keys-rtp", "Key presses from the caller's RTP (RFC 4733 telephone-event or in-band G.711)"},
    {"keys-info", "Key presses from SIP INFO application/dtmf-relay"},
    {"keys-ignored", "Key presses with no action in the owner's controls"},
    {"copies-asked", "On-line copies asked of the copy port (first copy key of a call)"},
    {"copy-repeated",
     "Copy keys after the call's copy was asked (nothing copied or charged again)"},
    {"copy-copied", "On-line copies done (charged)"},
    {"copy-already-owned", "On-line copies of a resource the caller had already"},
    {"copy-privacy-refused", "On-line copies refused by the owner's CopyPrivacy"},
    {"copy-credit-refused", "On-line copies refused by the caller's credit limit"},
    {"copy-library-full", "On-line copies refused by the caller's library limit"},
    {"copy-not-subscriber", "Copy keys from callers who are no CMR subscribers"},
    {"copy-own-resource", "Copy keys from the owner itself"},
    {"copy-resource-unavailable", "On-line copies of a resource that cannot be copied"},
    {"copy-busy", "On-line copies refused because the store's write queue was full"},
    {"copy-failed", "On-line copies that failed in the store"},
    {"copy-late", "Copy outcomes that came back after the ringback had ended (no prompt)"},
    {"prompts", "Confirmation, refusal and offer prompts played into a ringback"},
    {"skips", "Skips to the next resource of the box"},
    {"skips-ignored", "Skip keys while the resource was not from a box with another resource"},
    {"stops", "Stops of the presentation (DefaultCMRResourceId1, else silence)"},
    {"floods", "Calls whose key presses exceeded max-keys-per-call (later keys ignored)"},
    {"late-keys", "Key presses after the ringback or the call had ended"},
    {"info-bad-body", "SIP INFO with a malformed application/dtmf-relay body (400)"},
    {"info-unsupported", "SIP INFO with another body type during a ringback (415)"},
    {"rtp-malformed", "Datagrams on a ringback's port that were no RTP, or bad RFC 4733 events"},
    {"rtp-unknown-events", "RFC 4733 events other than the DTMF keys 0-15"},
    {"forward-rules", "181 Call Is Being Forwarded during a ringback: forward rule applied"},
    {"announcement-rules", "182/183 network announcements during a ringback: rule applied"},
};
const counter_group_desc k_desc{"sip-as-keys", "SIP AS on-line copy and presentation control",
                                k_counters};

std::vector<std::string> split_entries(const std::vector<std::string>& values) {
  std::vector<std::string> out;
  for (const auto& v : values) {
    int angle = 0;
    bool quoted = false;
    std::string cur;
    for (const char c : v) {
      if (c == '"') quoted = !quoted;
      if (!quoted && c == '<') ++angle;
      if (!quoted && c == '>') --angle;
      if (c == ',' && angle == 0 && !quoted) {
        out.push_back(cur);
        cur.clear();
        continue;
      }
      cur += c;
    }
    if (!cur.empty()) out.push_back(cur);
  }
  return out;
}

void append_resources(const store::compact_snapshot& s, const store::compact_snapshot::item& it,
                      std::vector<std::string>& out) {
  if (it.what == store::item_ref::kind::resource) {
    out.emplace_back(s.text(it.id));
    return;
  }
  for (const auto& b : s.boxes())
    if (s.text(b.id) == s.text(it.id))
      for (const auto r : s.list(b.resources)) out.emplace_back(s.text(r));
}

}  // namespace

key_counters::key_counters() : group(k_desc) {}

void key_counters::count(ringback::copy_outcome o) {
  using ringback::copy_outcome;
  switch (o) {
    case copy_outcome::copied:
      ++copied;
      return;
    case copy_outcome::already_owned:
      ++already_owned;
      return;
    case copy_outcome::privacy_refused:
      ++privacy_refused;
      return;
    case copy_outcome::credit_refused:
      ++credit_refused;
      return;
    case copy_outcome::library_full:
      ++library_full;
      return;
    case copy_outcome::not_subscriber:
      ++not_subscriber;
      return;
    case copy_outcome::own_resource:
      ++own_resource;
      return;
    case copy_outcome::resource_unavailable:
      ++unavailable;
      return;
    case copy_outcome::busy:
      ++busy;
      return;
    case copy_outcome::failed:
      ++failed;
      return;
  }
}

std::string key_counters::text() const {
  return group.text();
}

ringback::controls controls_of(const store::decision& d,
                               const ringback::presentation_settings& settings) {
  // The owner's CMR-6 PresentationControl; else the system's, as this
  // node's presentation-control settings have them (the same values the
  // decision's defaults carry, and set in tests without a store).
  if (d.snapshot != nullptr)
    if (auto own = d.snapshot->controls()) return std::move(*own);
  return settings.system;
}

ringback_plan plan_of(const store::decision& d, const ringback::presentation_settings& settings) {
  ringback_plan p;
  p.rules = controls_of(d, settings);
  const auto* s = d.snapshot;
  if (s == nullptr) return p;
  if (d.from_box()) {
    p.box_id = std::string(d.box_id);
    p.box_mode = d.box_mode;
    for (const auto& b : s->boxes())
      if (s->text(b.id) == d.box_id)
        for (const auto r : s->list(b.resources)) p.box.emplace_back(s->text(r));
  }
  for (const auto& it : s->list(s->rules_for(d.svc).default1)) append_resources(*s, it, p.default1);
  return p;
}

std::vector<std::string> skip_candidates(const std::vector<std::string>& box,
                                         std::string_view current) {
  std::vector<std::string> out;
  const auto at = std::find(box.begin(), box.end(), current);
  const std::size_t start = at == box.end() ? 0 : static_cast<std::size_t>(at - box.begin()) + 1;
  for (std::size_t i = 0; i < box.size(); ++i) {
    const auto& id = box[(start + i) % box.size()];
    if (id != current && std::find(out.begin(), out.end(), id) == out.end()) out.push_back(id);
  }
  return out;
}

std::string forwarded_to_number(const message& rsp) {
  const auto entries = split_entries(rsp.header_values("History-Info"));
  for (auto it = entries.rbegin(); it != entries.rend(); ++it) {
    const auto na = parse_name_addr(*it);
    if (!na) continue;
    const auto n = normalize_number(na->uri.user);
    if (!n.empty()) return n;
  }
  if (const auto* c = rsp.header("Contact")) {
    const auto entries2 = split_entries({*c});
    if (!entries2.empty())
      if (const auto na = parse_name_addr(entries2.front())) return normalize_number(na->uri.user);
  }
  return {};
}

bool is_network_announcement(const message& rsp) {
  if (rsp.status != 182 && rsp.status != 183) return false;
  const auto part = find_body_part(rsp, "application", "sdp", "session");
  if (!part || !sdp::parse(part->body)) return false;
  std::string joined;
  for (const auto& v : rsp.header_values("P-Early-Media"))
    joined += (joined.empty() ? "" : ",") + v;
  if (joined.empty()) return true;
  const auto pem = parse_p_early_media(joined);
  return pem && (pem->has(early_media_param::sendonly) || pem->has(early_media_param::sendrecv));
}

}  // namespace cmr::sip::as
