#include "tools/cmr-ssf/win_messages.h"

#include <chrono>

#include "in/ansi41/win_operation_table.h"

namespace cmr::tools::ssf {

namespace win = in::ansi41;
using in::tcap::op_class;

win::bytes msc_transaction_capability() {
  return {0x06, 0x01};
}

win::win_capability msc_win_capability() {
  win::win_capability w;
  w.trigger_capability = win::bytes{0x44, 0x00, 0x0e};
  w.operations_capability = win::bytes{0x01};
  return w;
}

in::tcap::operation_table win_msc_operations(milliseconds call_timeout) {
  in::tcap::operation_table t = win::win_operation_table();
  t.set({win::opcode::analyzed_information(), op_class::c1, call_timeout, "AnalyzedInformation"});
  return t;
}

std::string msid_of(const std::string& calling) {
  std::string m = calling.size() > 10 ? calling.substr(calling.size() - 10) : calling;
  if (m.size() < 10) m.insert(0, 10 - m.size(), '0');
  return m;
}

win::analyzed_information make_analyzed_information(const ssf_settings& s, const win::billing_id& b,
                                                    const std::string& called,
                                                    const std::string& calling) {
  win::analyzed_information a;
  a.billing = b;
  a.dialed.type = win::digits::kind::dialed;
  a.dialed.international = true;
  a.dialed.value = called;
  a.mscid = s.mscid;
  a.trigger_type = s.win_trigger_type;
  a.transaction_capability = msc_transaction_capability();
  a.win = msc_win_capability();
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
                                      std::int32_t opcode, const std::optional<std::string>& msid,
                                      std::int32_t time_of_day) {
  win::event_trigger e;
  e.billing = b;
  e.mscid = s.mscid;
  e.msid = msid;
  e.transaction_capability = msc_transaction_capability();
  e.win = msc_win_capability();
  if (opcode == win::opcode::t_answer()) {
    e.trigger_type = win::trigger::t_answer;
    e.time_of_day = time_of_day;
    e.time_date_offset = 0;
    e.esn = k_msc_esn;
  } else if (opcode == win::opcode::t_busy()) {
    e.trigger_type = win::trigger::t_busy;
  } else if (opcode == win::opcode::t_no_answer()) {
    e.trigger_type = win::trigger::t_no_answer;
  } else {
    e.trigger_type = win::trigger::o_disconnect;
    e.time_of_day = time_of_day;
    e.time_date_offset = 0;
    e.esn = k_msc_esn;
  }
  return e;
}

std::int32_t time_of_day_now() {
  const auto now = std::chrono::system_clock::now().time_since_epoch();
  const auto tenths = std::chrono::duration_cast<std::chrono::milliseconds>(now).count() / 100;
  return static_cast<std::int32_t>(tenths % (24 * 60 * 60 * 10));
}

}  // namespace cmr::tools::ssf
