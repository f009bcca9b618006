// cmr-ssf's command line: the options (app_options), their parsing and the
// --help text. docs/cmr-ssf.md is the manual.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "common/result.h"
#include "tools/cmr-ssf/key_presses.h"
#include "tools/cmr-ssf/ssf_types.h"
#include "tools/cmr-ssf/uploaded_content.h"

namespace cmr::tools::ssf {

// A number or an inclusive range of numbers of the same length ("FIRST-LAST").
struct number_pool {
  std::string first;
  std::uint64_t count = 1;
  [[nodiscard]] std::string at(std::uint64_t i) const;  // cycles
  static std::optional<number_pool> parse(const std::string& text);
};

struct app_options {
  std::string config_file;
  ssf_settings ssf;
  std::string scp_pc = "0.23.2";
  std::optional<unsigned> scp_ssn;  // default by protocol: 146 CAP, 241 INAP, 147 ANSI-41
  // Local SSN (the SCCP user): default the SCP's SSN for CAP/INAP, 8 (MSC) for ANSI-41.
  std::optional<unsigned> local_ssn;
  // --protocol ansi41: ANSI-41 WIN over ANSI TCAP (win_engine.h) instead of
  // CAP/INAP over ITU TCAP; ssf.variant is then unused.
  bool ansi41 = false;
  // --emulate-ip (ANSI-41 only, implies --no-bearer): cmr-ssf is also the IP
  // the SCP seizes (win_ip.h), on SCCP user --ip-ssn, its TLDNs
  // --tldn-prefix + 6 digits.
  bool emulate_ip = false;
  unsigned ip_ssn = 148;
  std::string tldn_prefix = "49608";
  number_pool called{"491700000001", 1};
  number_pool calling{"491700000002", 1};
  // --random-parties: pairs drawn uniformly from the pools with this seed.
  std::optional<std::uint32_t> random_seed;
  std::string ip_address = "127.0.0.1";
  std::uint16_t ip_port = 5070;
  std::string local_address = "127.0.0.1";
  // route-via-platform: the platform (application server) and the trunk's port.
  std::string platform_address = "127.0.0.1";
  std::uint16_t platform_port = 5060;
  std::uint16_t trunk_port = 5080;
  // Expected content (at most one of the two kinds).
  std::string expect_file;                   // --expect-file: headerless G.711
  std::vector<content_spec> expect_content;  // --expect-content: uploaded audio
  std::optional<std::uint32_t> expect_announcement;
  // On-line copy (docs/cmr-ssf.md "Keys during the ringback").
  std::vector<key_press> presses;  // --press "*@2000,#@5000"
  bool dtmf_inband = false;        // --dtmf inband (default rfc4733)
  std::optional<ringback::prompt_kind> expect_prompt;  // --expect-prompt confirmed|refused|offer
  // Load mode.
  bool load = false;
  double rate = 0;  // calls/s, 0: as fast as the concurrency allows
  std::uint64_t concurrency = 100;
  double duration = 0;  // seconds of starting calls
  std::uint64_t count = 1;
  bool count_given = false;
  double wait_link = 15;
  bool help = false;
};

extern const char* const usage_text;

// The SSNs a run uses: the SCP's (--scp-ssn) and its own SCCP user (--local-ssn).
unsigned scp_ssn_of(const app_options& o);
unsigned local_ssn_of(const app_options& o);

// Parses argv; the error names the offending option.
cmr::result<app_options, std::string> parse_options(const std::vector<std::string>& args);

}  // namespace cmr::tools::ssf
