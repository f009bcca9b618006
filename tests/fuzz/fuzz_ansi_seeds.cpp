// Writes the ANSI TCAP fuzz seed corpus (DIR/ansi_tcap) from the golden
// vectors tests/golden/ansi/*.hex (ansi_* and the WIN win_* messages), and
// the ANSI-41 one (DIR/ansi41): the parameter SETs of the win_* vectors.
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "in/ansi_tcap/ansi_tcap_message.h"

int main(int argc, char** argv) {
  if (argc != 2) return 2;
  const std::filesystem::path out = std::filesystem::path(argv[1]) / "ansi_tcap";
  const std::filesystem::path out41 = std::filesystem::path(argv[1]) / "ansi41";
  std::filesystem::create_directories(out);
  std::filesystem::create_directories(out41);
  int n = 0;
  for (const auto& e :
       std::filesystem::directory_iterator(std::string(CMR_SOURCE_DIR) + "/tests/golden/ansi")) {
    const std::string name = e.path().filename().string();
    const bool win = name.rfind("win_", 0) == 0;
    if ((name.rfind("ansi_", 0) != 0 && !win) || e.path().extension() != ".hex") continue;
    std::ifstream f(e.path());
    std::vector<char> bin;
    std::string line;
    while (std::getline(f, line)) {
      std::istringstream in(line.substr(0, line.find('#')));
      std::string tok;
      while (in >> tok) bin.push_back(static_cast<char>(std::stoul(tok, nullptr, 16)));
    }
    std::ofstream(out / e.path().stem(), std::ios::binary)
        .write(bin.data(), static_cast<std::streamsize>(bin.size()));
    ++n;
    if (!win) continue;
    const std::vector<std::uint8_t> msg(bin.begin(), bin.end());
    auto m = cmr::in::ansi_tcap::decode_message(msg);
    if (!m) return 1;  // a golden vector that does not decode
    int k = 0;
    for (const auto& c : m.value().components) {
      if (!c.parameter) continue;
      std::ofstream(out41 / (e.path().stem().string() + "_" + std::to_string(k++)), std::ios::binary)
          .write(reinterpret_cast<const char*>(c.parameter->data()),
                 static_cast<std::streamsize>(c.parameter->size()));
    }
  }
  return n > 0 ? 0 : 1;
}
