// cmr-ssf: the gsmSSF/MSC emulator and load generator (in/ssf/app.h,
// docs/cmr-ssf.md).
#include "in/ssf/app.h"

int main(int argc, char** argv) { return cmr::in::ssf::run(argc, argv); }
