// The main() of a fuzz target when it is built without libFuzzer (gcc, the
// release and ASan presets CI runs): every seed file, then a fixed number of
// deterministic mutations of them, through LLVMFuzzerTestOneInput. Under the
// asan preset this is a short sanitised fuzz run in the ordinary suite; the
// long coverage-guided runs stay with the libFuzzer build (CMR_FUZZ=ON).
//
//   fuzz_<name> [-runs=N] [-seed=S] [-max_len=L] <seed file or dir>...
//
// The input a run fails on (an abort, a signal, a sanitizer report) is
// written to ./replay-crash-<target>, so that it can be replayed alone
// (fuzz_<name> replay-crash-<target>) and minimised with the libFuzzer build.
#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <csignal>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size);
extern "C" __attribute__((weak)) int LLVMFuzzerInitialize(int* argc, char*** argv);
// ASan's hook before it exits on a report (absent without ASan).
extern "C" __attribute__((weak)) void __sanitizer_set_death_callback(void (*callback)());

namespace {

using bytes = std::vector<std::uint8_t>;

// splitmix64: the same mutations on every run and every machine.
struct prng {
  std::uint64_t state;
  std::uint64_t next() {
    std::uint64_t z = (state += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30U)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27U)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31U);
  }
  std::size_t below(std::size_t n) { return n == 0 ? 0 : static_cast<std::size_t>(next() % n); }
};

// The input being run, for the failure handlers (plain globals: they run in
// a signal handler, where only write(2) and friends are safe).
char crash_file[256];
const bytes* current = nullptr;

void save_current() {
  if (current == nullptr) return;
  const int fd = ::open(crash_file, O_WRONLY | O_CREAT | O_TRUNC, 0644);
  if (fd < 0) return;
  const auto* p = current->data();
  std::size_t left = current->size();
  while (left > 0) {
    const ssize_t n = ::write(fd, p, left);
    if (n <= 0) break;
    p += n;
    left -= static_cast<std::size_t>(n);
  }
  ::close(fd);
  static constexpr char note[] = "replay: the failing input is in ./";
  [[maybe_unused]] auto w = ::write(2, note, sizeof note - 1);
  w = ::write(2, crash_file, std::strlen(crash_file));
  w = ::write(2, "\n", 1);
  current = nullptr;
}

void on_fatal_signal(int sig) {
  save_current();
  std::signal(sig, SIG_DFL);
  std::raise(sig);
}

void run_one(const bytes& in) {
  // A copy of exactly `size` bytes, so that ASan sees a read past the end.
  std::unique_ptr<std::uint8_t[]> copy(new std::uint8_t[in.size() == 0 ? 1 : in.size()]);
  if (!in.empty()) std::memcpy(copy.get(), in.data(), in.size());
  current = &in;
  LLVMFuzzerTestOneInput(copy.get(), in.size());
  current = nullptr;
}

// Values that make parsers take their boundary branches.
constexpr std::uint8_t interesting[] = {0x00, 0x01, 0x7f, 0x80, 0xff, '\r', '\n', ' ', ':',  ';',
                                        '<',  '>',  '"',  '\\', '%',  '=',  ',', '0', '9', '&'};

void mutate(bytes& b, const std::vector<bytes>& seeds, prng& r, std::size_t max_len) {
  const std::size_t steps = 1 + r.below(6);
  for (std::size_t s = 0; s < steps; ++s) {
    switch (r.below(9)) {
      case 0:  // flip a bit
        if (!b.empty()) b[r.below(b.size())] ^= static_cast<std::uint8_t>(1U << r.below(8));
        break;
      case 1:  // an interesting byte
        if (!b.empty()) b[r.below(b.size())] = interesting[r.below(sizeof interesting)];
        break;
      case 2:  // a random byte
        if (!b.empty()) b[r.below(b.size())] = static_cast<std::uint8_t>(r.next());
        break;
      case 3: {  // insert a few bytes
        const std::size_t at = r.below(b.size() + 1);
        const std::size_t n = 1 + r.below(8);
        for (std::size_t i = 0; i < n; ++i)
          b.insert(b.begin() + static_cast<std::ptrdiff_t>(at), interesting[r.below(sizeof interesting)]);
        break;
      }
      case 4: {  // erase a range
        if (b.empty()) break;
        const std::size_t at = r.below(b.size());
        const std::size_t n = 1 + r.below(std::min<std::size_t>(b.size() - at, 16));
        b.erase(b.begin() + static_cast<std::ptrdiff_t>(at), b.begin() + static_cast<std::ptrdiff_t>(at + n));
        break;
      }
      case 5: {  // duplicate a range (repeated headers, parameters, lines)
        if (b.empty()) break;
        const std::size_t at = r.below(b.size());
        const std::size_t n = 1 + r.below(std::min<std::size_t>(b.size() - at, 64));
        const bytes piece(b.begin() + static_cast<std::ptrdiff_t>(at), b.begin() + static_cast<std::ptrdiff_t>(at + n));
        b.insert(b.begin() + static_cast<std::ptrdiff_t>(r.below(b.size() + 1)), piece.begin(), piece.end());
        break;
      }
      case 6:  // truncate
        if (!b.empty()) b.resize(r.below(b.size()));
        break;
      case 7: {  // splice with another seed
        const bytes& o = seeds[r.below(seeds.size())];
        if (o.empty()) break;
        const std::size_t from = r.below(o.size());
        const std::size_t n = 1 + r.below(o.size() - from);
        b.insert(b.begin() + static_cast<std::ptrdiff_t>(r.below(b.size() + 1)),
                 o.begin() + static_cast<std::ptrdiff_t>(from), o.begin() + static_cast<std::ptrdiff_t>(from + n));
        break;
      }
      default: {  // an ASCII digit run changed (lengths, counts, ports)
        for (std::size_t tries = 0; tries < 8 && !b.empty(); ++tries) {
          const std::size_t at = r.below(b.size());
          if (b[at] >= '0' && b[at] <= '9') {
            b[at] = static_cast<std::uint8_t>('0' + r.below(10));
            if (r.below(2) == 0) b.insert(b.begin() + static_cast<std::ptrdiff_t>(at), '9');
            break;
          }
        }
        break;
      }
    }
  }
  if (b.size() > max_len) b.resize(max_len);
}

bool read_file(const std::filesystem::path& p, bytes& out) {
  std::ifstream in(p, std::ios::binary);
  if (!in) return false;
  out.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  return true;
}

}  // namespace

int main(int argc, char** argv) {
  std::size_t runs = 20000;
  std::uint64_t seed = 1;
  std::size_t max_len = 1U << 20U;
  std::vector<std::filesystem::path> paths;
  for (int i = 1; i < argc; ++i) {
    const std::string_view a = argv[i];
    if (a.starts_with("-runs=")) {
      runs = std::strtoull(argv[i] + 6, nullptr, 10);
    } else if (a.starts_with("-seed=")) {
      seed = std::strtoull(argv[i] + 6, nullptr, 10);
    } else if (a.starts_with("-max_len=")) {
      max_len = std::strtoull(argv[i] + 9, nullptr, 10);
    } else if (a.starts_with("-")) {
      // libFuzzer flags (-max_total_time=, -rss_limit_mb=...) mean nothing here.
    } else {
      paths.emplace_back(a);
    }
  }
  if (LLVMFuzzerInitialize != nullptr) LLVMFuzzerInitialize(&argc, &argv);
  std::snprintf(crash_file, sizeof crash_file, "replay-crash-%s",
                std::filesystem::path(argv[0]).filename().c_str());
  // Under ASan its own handlers report a SEGV (and then call the death
  // callback); an abort() is ours to catch in every build.
  std::signal(SIGABRT, on_fatal_signal);
  if (__sanitizer_set_death_callback != nullptr) {
    __sanitizer_set_death_callback(save_current);
  } else {
    for (const int sig : {SIGSEGV, SIGBUS, SIGFPE, SIGILL}) std::signal(sig, on_fatal_signal);
  }

  std::vector<bytes> seeds;
  for (const auto& p : paths) {
    std::error_code ec;
    if (std::filesystem::is_directory(p, ec)) {
      std::vector<std::filesystem::path> files;
      for (const auto& e : std::filesystem::recursive_directory_iterator(p))
        if (e.is_regular_file()) files.push_back(e.path());
      std::sort(files.begin(), files.end());  // the same order, so the same mutations
      for (const auto& f : files) {
        bytes b;
        if (read_file(f, b)) seeds.push_back(std::move(b));
      }
    } else {
      bytes b;
      if (!read_file(p, b)) {
        std::fprintf(stderr, "cannot read %s\n", p.c_str());
        return 2;
      }
      seeds.push_back(std::move(b));
    }
  }
  if (seeds.empty()) {
    std::fprintf(stderr, "no seed inputs (give seed files or directories)\n");
    return 2;
  }

  const auto start = std::chrono::steady_clock::now();
  for (const auto& s : seeds) run_one(s);
  run_one({});
  prng r{seed};
  for (std::size_t i = 0; i < runs; ++i) {
    bytes b = seeds[r.below(seeds.size())];
    mutate(b, seeds, r, max_len);
    run_one(b);
  }
  const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::printf("%zu seeds + %zu mutations in %.2f s, no failure\n", seeds.size(), runs, secs);
  return 0;
}
