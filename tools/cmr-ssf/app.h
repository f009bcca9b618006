// cmr-ssf as a library: the process (single call with a trace, or load mode
// with a summary): options (options.h), the SS7 endpoint, the SIP bearers,
// the call model and its TCAP layer wired on one io thread, the calls driven
// by load_driver.h. tools/cmr-ssf/main.cpp only calls run().
#pragma once

namespace cmr::tools::ssf {

// The whole process: 0 when every call succeeded, 1 on any failure, 2 on
// usage or start-up errors.
int run(int argc, char** argv);

}  // namespace cmr::tools::ssf
