// Writes the fuzz seed corpora from the golden vectors: corpus/tcap gets
// every TCAP message, corpus/args every component parameter prefixed with
// the selector byte fuzz_args expects.
#include <filesystem>
#include <fstream>

#include "golden_vectors.h"
#include "in/codec/protocol_constants.h"

int main(int argc, char** argv) {
  using namespace cmr::in::codec;
  if (argc != 2) return 2;
  std::filesystem::path root(argv[1]);
  std::filesystem::create_directories(root / "tcap");
  std::filesystem::create_directories(root / "args");
  static const std::int32_t ops[] = {0, 16, 17, 19, 20, 22, 23, 24, 32, 33, 47, 49, 53, 86, 88, 90, 93};
  int n = 0;
  for (const auto& g : test::golden_vectors()) {
    bytes msg = encode_tc_message(g.msg);
    std::ofstream(root / "tcap" / g.name, std::ios::binary)
        .write(reinterpret_cast<const char*>(msg.data()), static_cast<std::streamsize>(msg.size()));
    int c = 0;
    for (const auto& comp : g.msg.components) {
      if (!comp.parameter || comp.type != tc_component::kind::invoke) continue;
      for (unsigned i = 0; i < sizeof(ops) / sizeof(ops[0]); ++i) {
        if (ops[i] != comp.code.local) continue;
        bytes seed{static_cast<std::uint8_t>(i << 2 | static_cast<unsigned>(g.variant))};
        seed.insert(seed.end(), comp.parameter->begin(), comp.parameter->end());
        std::ofstream(root / "args" / (g.name + "_" + std::to_string(c++)), std::ios::binary)
            .write(reinterpret_cast<const char*>(seed.data()), static_cast<std::streamsize>(seed.size()));
      }
    }
    ++n;
  }
  return n > 0 ? 0 : 1;
}
