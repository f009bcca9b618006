// The CMR domain model: plain values shared by the store, the decision engine
// and every protocol layer above. Names follow the OMA CMR specification.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace cmr::store {

using timestamp = std::chrono::sys_seconds;

// Money is kept as an integer count of 1/10000 units (ResourcePrice is an
// xsd:decimal; four places cover every tariff we know of without rounding).
using money_e4 = std::int64_t;

enum class service : std::uint8_t { cmrbt = 1, cmrt = 2 };
enum class subscriber_status : std::uint8_t { active = 1, suspended = 2 };
enum class media_type : std::uint8_t { audio = 1, video = 2, text = 3, image = 4, vcard = 5 };
// Table 9 Status.
enum class resource_status : std::uint8_t { active = 1, inactive = 2, suspended = 3 };
// Table 9 Originator.
enum class originator : std::uint8_t { content_provider = 1, subscriber = 2 };
enum class library_origin : std::uint8_t { purchase = 1, copy = 2, gift = 3 };
enum class play_mode : std::uint8_t { random = 1, sequential = 2 };
// Whether other subscribers may copy from this subscriber's library (AddResource Action 1).
enum class copy_privacy : std::uint8_t { allow = 1, deny = 2 };
// Table 17 presentation types. The numeric order is the tie-break order for
// entries of equal Priority (DESIGN.md section 5).
enum class presentation_type : std::uint8_t {
  group = 0,
  time = 1,
  date = 2,
  presence = 3,
  location = 4
};
// Table 25.
enum class operation_type : std::uint8_t { query = 1, create = 2, update = 3, remove = 4 };

struct subscriber {
  std::string id;  // MSISDN, E.164 digits without '+'
  bool cmrbt = false;
  bool cmrt = false;
  subscriber_status status = subscriber_status::active;
  std::string password_hash;  // empty: no password set (portal-only subscriber)
  std::string time_zone = "UTC";  // IANA name ("Europe/Berlin") or fixed "UTC+05:30"
  copy_privacy privacy = copy_privacy::allow;
  std::string presence;  // CMR-7 PresenceUpdate, empty when unknown
  std::string location;  // CMR-7 LocationUpdate, empty when unknown
  std::optional<money_e4> credit_limit;  // nullopt: the system setting applies
  money_e4 charged = 0;  // running total of charges to this subscriber
};

// Table 4 and Table 9 in one record, plus what CS delivery needs.
struct resource {
  std::string id;
  std::string name;
  std::string author;
  std::string language;
  media_type type = media_type::audio;
  std::string format;  // MIME type with optional RFC 4281 codecs parameter
  std::optional<money_e4> price;
  std::string provider_id;       // Table 9 ProviderId: owner for the provider role
  std::string content_provider;  // Table 4 ContentProvider: shown to subscribers
  std::optional<originator> origin;
  std::string copyright_owner;
  std::optional<timestamp> expires_at;
  resource_status status = resource_status::active;
  std::int64_t announcement_id = 0;  // CS elementaryMessageID, unique
  std::optional<std::uint8_t> alerting_pattern;  // CS CMRT: 29.078 AlertingPattern octet 3
};

// Table 3.
struct resource_list {
  std::string id;
  std::string name;
  std::optional<std::uint32_t> category;
  std::vector<std::string> resource_ids;  // ordered membership
};

// A preference rule or library entry names either a resource or a box.
struct item_ref {
  enum class kind : std::uint8_t { resource = 1, box = 2 };
  kind what = kind::resource;
  std::string id;
  friend bool operator==(const item_ref&, const item_ref&) = default;
};

struct library_entry {
  std::int64_t id = 0;
  std::string subscriber_id;
  item_ref item;
  timestamp subscribed_at{};
  std::optional<timestamp> expires_at;
  library_origin origin = library_origin::purchase;
  std::string from_subscriber;  // copy source or gift payer; empty for purchases
};

struct resource_box {
  std::string id;
  std::string owner_id;
  std::string name;
  play_mode mode = play_mode::random;
  std::vector<std::string> resource_ids;  // ordered
};

// Table 12.
struct group {
  std::string subscriber_id;
  std::string group_id;
  std::string name;
};

// Table 14.
struct member {
  std::string member_id;  // E.164 digits of the other party
  std::string nickname;
};

// One of Tables 18-22: a condition and the resources it selects.
// condition holds: GroupId (group), "HH:MM[:SS]-HH:MM[:SS][;weekdays]" (time),
// "YYYY-MM-DD", "YYYY-MM-DD/YYYY-MM-DD" or "--MM-DD" (date), PresenceInfo,
// LocationInfo.
struct preference_rule {
  std::string condition;
  std::vector<item_ref> items;  // ordered
};

// Table 17: one presentation type with its priority and rules.
struct preference_setting {
  presentation_type type = presentation_type::group;
  std::int32_t priority = 0;
  std::vector<preference_rule> rules;
};

// Table 16/23 for one subscriber and one service.
struct presentation_rule {
  std::string subscriber_id;
  service svc = service::cmrbt;
  std::vector<preference_setting> settings;
  std::vector<item_ref> default1;  // DefaultCMRResourceId1
  std::vector<item_ref> default2;  // DefaultCMRResourceId2
};

struct charging_record {
  std::int64_t id = 0;
  timestamp at{};
  std::string kind;           // "subscribe", "gift", "copy", "call"
  std::string subscriber_id;  // beneficiary
  std::string payer_id;
  std::string resource_id;
  money_e4 amount = 0;
  std::string transaction_id;
  std::string details;  // free text (call parties, profile, outcome, durations)
};

struct tariff_rule {
  std::string id;
  std::string description;
  std::optional<std::uint32_t> list_category;  // applies to resources in lists of this category
  std::string resource_id;                     // or to one resource
  std::optional<money_e4> price;               // fixed price, or
  std::optional<std::uint32_t> discount_percent;
  std::optional<timestamp> valid_from;
  std::optional<timestamp> valid_until;
};

// A CMR-1 Login session (DESIGN.md section 6).
struct login_session {
  std::string key;  // random, handed to the client as SessionKey
  std::string subscriber_id;
  timestamp created_at{};
  timestamp expires_at{};
};

// One stored file of a resource's content: the upload as received
// ("original") or a playout rendition prepared from it ("alaw", "ulaw",
// "l16", "preview").
struct resource_content {
  std::string resource_id;
  std::string kind;
  std::string path;
  std::int64_t size = 0;
  std::string sha256;  // lowercase hex
  std::string content_type;
};

}  // namespace cmr::store
