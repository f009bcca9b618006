// compact() and expand(): the snapshot's one-allocation layout (snapshot.h).
//
//   [compact_snapshot header][lists: items, rules, settings, library, groups,
//    boxes][string pool][member numbers]
//
// Lists are written before the lists that point at them, each aligned for
// its element type; offsets are 32-bit (a snapshot is far below 4 GB: the
// management interface bounds groups, members and library sizes).
#include <sys/mman.h>

#include <algorithm>
#include <array>
#include <cstdlib>
#include <cstring>
#include <mutex>
#include <new>
#include <type_traits>
#include <unordered_map>

#include "store/snapshot.h"

namespace cmr::store {

namespace {

using cs = compact_snapshot;

static_assert(std::is_trivially_copyable_v<cs> && std::is_trivially_destructible_v<cs>);
static_assert(std::is_trivially_copyable_v<cs::item> && std::is_trivially_copyable_v<cs::rule> &&
              std::is_trivially_copyable_v<cs::setting> &&
              std::is_trivially_copyable_v<cs::library_item> &&
              std::is_trivially_copyable_v<cs::group> && std::is_trivially_copyable_v<cs::box>);

constexpr std::size_t align_up(std::size_t n, std::size_t a) { return (n + a - 1) / a * a; }

constexpr std::size_t k_header = align_up(sizeof(cs), alignof(std::uint64_t));
constexpr int k_len_shift = 57;
constexpr std::uint64_t k_value_mask = (std::uint64_t{1} << k_len_shift) - 1;

std::uint32_t u32(std::size_t n) { return static_cast<std::uint32_t>(n); }

// Where snapshots live: 2 MB chunks on transparent huge pages, carved into
// 64-byte-aligned blocks by size class (64-byte steps up to 16 KB; larger
// snapshots use operator new). With a million snapshots (~1.5 GB) on 4 KB
// pages, each decision's snapshot also missed the TLB; on 2 MB pages it
// rarely does. A freed block goes to its class's free list and is reused by
// the next snapshot of that size; memory is not returned to the system, which
// the cache's bound keeps bounded. Sanitizer builds use plain operator new so
// ASan still sees every snapshot's bounds and lifetime.
class snapshot_arena {
public:
  static snapshot_arena& get() {
    static auto* arena = new snapshot_arena();  // never destroyed: snapshots may outlive statics
    return *arena;
  }

  void* allocate(std::size_t bytes) {
    const std::size_t c = size_class(bytes);
    if (c >= k_classes) return ::operator new(bytes, std::align_val_t{k_line});
    const std::lock_guard lk(mu_);
    auto& free = free_[c];
    if (!free.empty()) {
      void* p = free.back();
      free.pop_back();
      return p;
    }
    const std::size_t block = (c + 1) * k_line;
    if (left_ < block) {
      void* chunk = std::aligned_alloc(k_chunk, k_chunk);
      if (chunk == nullptr) throw std::bad_alloc();
      (void)::madvise(chunk, k_chunk, MADV_HUGEPAGE);  // a hint: without THP, plain pages
      next_ = static_cast<char*>(chunk);
      left_ = k_chunk;
    }
    void* p = next_;
    next_ += block;
    left_ -= block;
    return p;
  }

  void deallocate(void* p, std::size_t bytes) {
    const std::size_t c = size_class(bytes);
    if (c >= k_classes) {
      ::operator delete(p, std::align_val_t{k_line});
      return;
    }
    const std::lock_guard lk(mu_);
    free_[c].push_back(p);
  }

private:
  static constexpr std::size_t k_line = 64;
  static constexpr std::size_t k_chunk = std::size_t{2} << 20;
  static constexpr std::size_t k_classes = 256;  // up to 16 KB
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
  static std::size_t size_class(std::size_t /*bytes*/) { return k_classes; }
#else
  static std::size_t size_class(std::size_t bytes) { return (std::max<std::size_t>(bytes, 1) - 1) / k_line; }
#endif

  std::mutex mu_;
  std::array<std::vector<void*>, k_classes> free_;
  char* next_ = nullptr;
  std::size_t left_ = 0;
};

template <class T>
struct arena_allocator {
  using value_type = T;
  arena_allocator() = default;
  template <class U>
  explicit arena_allocator(const arena_allocator<U>& /*other*/) {}
  T* allocate(std::size_t n) { return static_cast<T*>(snapshot_arena::get().allocate(n * sizeof(T))); }
  void deallocate(T* p, std::size_t n) { snapshot_arena::get().deallocate(p, n * sizeof(T)); }
  friend bool operator==(const arena_allocator&, const arena_allocator&) = default;
};

class layout {
public:
  cs::text_ref intern(std::string_view s) {
    auto [it, inserted] = interned_.try_emplace(s);
    if (inserted) {
      it->second = cs::text_ref{u32(pool_.size()), u32(s.size())};
      pool_.append(s);
    }
    return it->second;
  }

  template <class T>
  cs::list_ref<T> put(const std::vector<T>& v) {
    const std::size_t at = align_up(lists_.size(), alignof(T));
    lists_.resize(at + v.size() * sizeof(T));
    if (!v.empty()) std::memcpy(lists_.data() + at, v.data(), v.size() * sizeof(T));
    return {u32(k_header + at), u32(v.size())};
  }

  std::vector<cs::item> items(const std::vector<item_ref>& v) {
    std::vector<cs::item> out;
    out.reserve(v.size());
    for (const auto& i : v) out.push_back({intern(i.id), i.what});
    return out;
  }

  // Appends a group's member numbers; returns their first index.
  std::uint32_t add_numbers(std::vector<std::uint64_t> v) {
    std::sort(v.begin(), v.end());
    const auto at = u32(numbers_.size());
    numbers_.insert(numbers_.end(), v.begin(), v.end());
    return at;
  }

  struct offsets {
    std::uint32_t pool = 0;
    std::uint32_t members = 0;
    std::uint32_t size = 0;
  };
  [[nodiscard]] offsets sections() const {
    offsets o;
    o.pool = u32(k_header + align_up(lists_.size(), alignof(std::uint64_t)));
    o.members = u32(o.pool + align_up(pool_.size(), alignof(std::uint64_t)));
    o.size = u32(o.members + numbers_.size() * sizeof(std::uint64_t));
    return o;
  }

  // Copies the header and the sections into one shared allocation (the
  // control block included).
  snapshot_ptr finish(const cs& header, const offsets& o) const {
    auto buf = std::allocate_shared<std::uint64_t[]>(arena_allocator<std::uint64_t>{},
                                                     o.size / sizeof(std::uint64_t));
    auto* bytes = reinterpret_cast<char*>(buf.get());
    std::memcpy(bytes, &header, sizeof header);
    if (!lists_.empty()) std::memcpy(bytes + k_header, lists_.data(), lists_.size());
    if (!pool_.empty()) std::memcpy(bytes + o.pool, pool_.data(), pool_.size());
    if (!numbers_.empty())
      std::memcpy(bytes + o.members, numbers_.data(), numbers_.size() * sizeof(std::uint64_t));
    const auto* snap = std::launder(reinterpret_cast<const cs*>(bytes));
    return snapshot_ptr(std::move(buf), snap);
  }

private:
  std::unordered_map<std::string_view, cs::text_ref> interned_;
  std::vector<char> lists_;
  std::string pool_;
  std::vector<std::uint64_t> numbers_;
};

}  // namespace

std::optional<std::uint64_t> compact_snapshot::pack_number(std::string_view digits) {
  if (digits.empty() || digits.size() > 17) return std::nullopt;
  std::uint64_t v = 0;
  for (const char c : digits) {
    if (c < '0' || c > '9') return std::nullopt;
    v = v * 10 + static_cast<std::uint64_t>(c - '0');
  }
  return (std::uint64_t{digits.size()} << k_len_shift) | v;
}

snapshot_ptr compact(const subscriber_snapshot& s) {
  layout out;
  cs h;
  h.id_ = out.intern(s.sub.id);
  h.time_zone_ = out.intern(s.sub.time_zone);
  h.presence_ = out.intern(s.sub.presence);
  h.location_ = out.intern(s.sub.location);
  h.cmrbt_ = s.sub.cmrbt;
  h.cmrt_ = s.sub.cmrt;
  h.status_ = s.sub.status;
  h.privacy_ = s.sub.privacy;
  h.has_credit_limit_ = s.sub.credit_limit.has_value();
  h.credit_limit_ = s.sub.credit_limit.value_or(0);
  h.charged_ = s.sub.charged;
  if (s.controls) {
    h.has_controls_ = true;
    h.copy_keys_ = out.intern(s.controls->copy_keys);
    h.skip_keys_ = out.intern(s.controls->skip_keys);
    h.stop_keys_ = out.intern(s.controls->stop_keys);
    h.on_forward_ = s.controls->on_forward;
    h.on_announcement_ = s.controls->on_announcement;
  }

  for (std::size_t svc = 0; svc < s.rules.size(); ++svc) {
    const service_rules& r = s.rules[svc];
    std::vector<cs::setting> settings;
    settings.reserve(r.settings.size());
    for (const preference_setting& ps : r.settings) {
      std::vector<cs::rule> rules;
      rules.reserve(ps.rules.size());
      for (const preference_rule& pr : ps.rules)
        rules.push_back({out.intern(pr.condition), out.put(out.items(pr.items))});
      settings.push_back({ps.type, ps.priority, out.put(rules)});
    }
    h.rules_[svc].settings = out.put(settings);
    h.rules_[svc].default1 = out.put(out.items(r.default1));
    h.rules_[svc].default2 = out.put(out.items(r.default2));
  }

  std::vector<cs::library_item> library;
  library.reserve(s.library.size());
  for (const library_entry& e : s.library)
    library.push_back({out.intern(e.item.id), e.item.what,
                       e.expires_at ? e.expires_at->time_since_epoch().count() : cs::k_never});
  h.library_ = out.put(library);

  std::vector<cs::group> groups;
  groups.reserve(s.groups.size());
  for (const group_members& g : s.groups) {
    std::vector<std::uint64_t> numbers;
    std::vector<std::string_view> others;
    numbers.reserve(g.members.size());
    for (const std::string& m : g.members) {
      if (auto n = cs::pack_number(m))
        numbers.push_back(*n);
      else
        others.push_back(m);
    }
    std::sort(others.begin(), others.end());
    std::vector<cs::text_ref> other_refs;
    other_refs.reserve(others.size());
    for (const auto o : others) other_refs.push_back(out.intern(o));
    cs::group cg;
    cg.id = out.intern(g.group_id);
    cg.members_count = u32(numbers.size());
    cg.members_off = out.add_numbers(std::move(numbers));
    cg.other_members = out.put(other_refs);
    groups.push_back(cg);
  }
  h.groups_ = out.put(groups);

  std::vector<cs::box> boxes;
  boxes.reserve(s.boxes.size());
  for (const resource_box& b : s.boxes) {
    std::vector<cs::text_ref> ids;
    ids.reserve(b.resource_ids.size());
    for (const std::string& id : b.resource_ids) ids.push_back(out.intern(id));
    boxes.push_back({out.intern(b.id), out.intern(b.owner_id), out.intern(b.name), b.mode, out.put(ids)});
  }
  h.boxes_ = out.put(boxes);

  const auto o = out.sections();
  h.pool_off_ = o.pool;
  h.members_off_ = o.members;
  h.size_ = o.size;
  return out.finish(h, o);
}

std::optional<ringback::controls> compact_snapshot::controls() const {
  if (!has_controls_) return std::nullopt;
  ringback::controls c;
  c.copy_keys = std::string(text(copy_keys_));
  c.skip_keys = std::string(text(skip_keys_));
  c.stop_keys = std::string(text(stop_keys_));
  c.on_forward = on_forward_;
  c.on_announcement = on_announcement_;
  c.from_subscriber = true;
  return c;
}

subscriber_snapshot compact_snapshot::expand() const {
  subscriber_snapshot s;
  s.sub.id = std::string(id());
  s.sub.cmrbt = cmrbt_;
  s.sub.cmrt = cmrt_;
  s.sub.status = status_;
  s.sub.time_zone = std::string(time_zone());
  s.sub.privacy = privacy_;
  s.sub.presence = std::string(presence());
  s.sub.location = std::string(location());
  if (has_credit_limit_) s.sub.credit_limit = credit_limit_;
  s.sub.charged = charged_;
  s.controls = controls();

  auto items = [&](list_ref<item> l) {
    std::vector<item_ref> v;
    for (const item& i : list(l)) v.push_back(item_ref{i.what, std::string(text(i.id))});
    return v;
  };
  for (std::size_t svc = 0; svc < rules_.size(); ++svc) {
    service_rules& r = s.rules[svc];
    for (const setting& st : list(rules_[svc].settings)) {
      preference_setting ps;
      ps.type = st.type;
      ps.priority = st.priority;
      for (const rule& ru : list(st.rules))
        ps.rules.push_back(preference_rule{std::string(text(ru.condition)), items(ru.items)});
      r.settings.push_back(std::move(ps));
    }
    r.default1 = items(rules_[svc].default1);
    r.default2 = items(rules_[svc].default2);
  }
  for (const library_item& li : library()) {
    library_entry e;
    e.subscriber_id = s.sub.id;
    e.item = item_ref{li.what, std::string(text(li.id))};
    if (li.expires != k_never) e.expires_at = timestamp(std::chrono::seconds(li.expires));
    s.library.push_back(std::move(e));
  }
  for (const group& g : groups()) {
    group_members gm;
    gm.group_id = std::string(text(g.id));
    for (const std::uint64_t n : members(g)) {
      const auto len = static_cast<std::size_t>(n >> k_len_shift);
      std::string digits(len, '0');
      auto v = n & k_value_mask;
      for (std::size_t i = len; i > 0 && v != 0; --i, v /= 10) digits[i - 1] = static_cast<char>('0' + v % 10);
      gm.members.push_back(std::move(digits));
    }
    for (const text_ref t : list(g.other_members)) gm.members.emplace_back(text(t));
    std::sort(gm.members.begin(), gm.members.end());
    s.groups.push_back(std::move(gm));
  }
  for (const box& b : boxes()) {
    resource_box rb;
    rb.id = std::string(text(b.id));
    rb.owner_id = std::string(text(b.owner));
    rb.name = std::string(text(b.name));
    rb.mode = b.mode;
    for (const text_ref t : list(b.resources)) rb.resource_ids.emplace_back(text(t));
    s.boxes.push_back(std::move(rb));
  }
  return s;
}

}  // namespace cmr::store
