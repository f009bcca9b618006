// cmr-ssf: the gsmSSF/MSC emulator and load generator (tools/cmr-ssf/app.h,
// docs/cmr-ssf.md).
#include "tools/cmr-ssf/app.h"

int main(int argc, char** argv) {
  return cmr::tools::ssf::run(argc, argv);
}
