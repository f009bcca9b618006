#include "tools/cmr-ssf/win_messages.h"

namespace cmr::tools::ssf {

namespace win = in::ansi41;
using in::tcap::op_class;

in::tcap::operation_table win_msc_operations(milliseconds call_timeout) {
  in::tcap::operation_table t;
  t.set({win::opcode::analyzed_information(), op_class::c1, call_timeout, "AnalyzedInformation"});
  t.set({win::opcode::t_answer(), op_class::c1, std::chrono::seconds(10), "TAnswer"});
  t.set({win::opcode::t_busy(), op_class::c1, std::chrono::seconds(10), "TBusy"});
  t.set({win::opcode::t_no_answer(), op_class::c1, std::chrono::seconds(10), "TNoAnswer"});
  t.set({win::opcode::o_disconnect(), op_class::c1, std::chrono::seconds(10), "ODisconnect"});
  t.set({win::opcode::connect_resource(), op_class::c4, std::chrono::seconds(10),
         "ConnectResource"});
  t.set({win::opcode::disconnect_resource(), op_class::c4, std::chrono::seconds(10),
         "DisconnectResource"});
  t.set({win::opcode::call_control_directive(), op_class::c1, std::chrono::seconds(10),
         "CallControlDirective"});
  return t;
}

std::string msid_of(const std::string& calling) {
  std::string m = calling.size() > 10 ? calling.substr(calling.size() - 10) : calling;
  if (m.size() < 10) m.insert(0, 10 - m.size(), '0');
  return m;
}

win::analyzed_information make_analyzed_information(const ssf_settings& s,
                                                    const win::billing_id& b,
                                                    const std::string& called,
                                                    const std::string& calling) {
  win::analyzed_information a;
  a.billing = b;
  a.dialed.type = win::digits::kind::dialed;
  a.dialed.international = true;
  a.dialed.value = called;
  a.mscid = s.mscid;
  a.trigger_type = s.win_trigger_type;
  a.transaction_capability_octet = k_msc_transaction_capability;
  a.win_capability_octet = k_msc_trigger_capability;
  if (!calling.empty()) {
    win::digits cg;
    cg.type = win::digits::kind::calling_party;
    cg.international = true;
    cg.value = calling;
    a.calling_party = cg;
    a.msid = msid_of(calling);
  } else {
    a.msid = msid_of("0");
  }
  return a;
}

win::event_trigger make_event_trigger(const ssf_settings& s, const win::billing_id& b,
                                      std::uint8_t trigger_type,
                                      const std::optional<std::string>& msid) {
  win::event_trigger e;
  e.billing = b;
  e.mscid = s.mscid;
  e.trigger_type = trigger_type;
  e.msid = msid;
  return e;
}

}  // namespace cmr::tools::ssf
