// Writes the ANSI TCAP fuzz seed corpus (DIR/ansi_tcap) from the golden
// vectors tests/golden/ansi/*.hex.
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

int main(int argc, char** argv) {
  if (argc != 2) return 2;
  const std::filesystem::path out = std::filesystem::path(argv[1]) / "ansi_tcap";
  std::filesystem::create_directories(out);
  int n = 0;
  for (const auto& e :
       std::filesystem::directory_iterator(std::string(CMR_SOURCE_DIR) + "/tests/golden/ansi")) {
    const std::string name = e.path().filename().string();
    if (name.rfind("ansi_", 0) != 0 || e.path().extension() != ".hex") continue;
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
  }
  return n > 0 ? 0 : 1;
}
