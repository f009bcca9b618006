// user-interaction connect-to-resource (docs/cs-delivery.md section 3):
//   trigger -> arm events + ConnectToResource + PlayAnnouncement
//   resource report -> DisconnectForwardConnection + Continue
//   then the armed events to the end of the call (event_reports.cpp).
//
//   IDLE --instructed--> PLAYING --played / play timed out--> RELEASED
#include <array>

#include "in/scp/log.h"
#include "in/scp/procedure.h"
#include "in/scp/procedures.h"
#include "in/scp/scp_service.h"

namespace cmr::in::scp {

enum class ctr_state : std::uint8_t { idle, playing, released };
enum class ctr_input : std::uint8_t { instructed, played, play_timed_out };

const char* to_string(ctr_state s) {
  switch (s) {
    case ctr_state::idle:
      return "IDLE";
    case ctr_state::playing:
      return "PLAYING";
    case ctr_state::released:
      return "RELEASED";
  }
  return "?";
}
const char* to_string(ctr_input i) {
  switch (i) {
    case ctr_input::instructed:
      return "instructed";
    case ctr_input::played:
      return "rx resource report";
    case ctr_input::play_timed_out:
      return "play timed out";
  }
  return "?";
}

namespace {

using ctr_row = fsm_row<ctr_state, ctr_input>;
constexpr std::array ctr_table{
    ctr_row{ctr_state::idle, ctr_input::instructed, ctr_state::playing},
    ctr_row{ctr_state::playing, ctr_input::played, ctr_state::released},
    ctr_row{ctr_state::playing, ctr_input::play_timed_out, ctr_state::released},
};

class connect_to_resource_procedure final : public procedure {
public:
  connect_to_resource_procedure(scp_service& svc, call& c)
      : procedure(svc, c), fsm_(ctr_table, ctr_state::idle, log_scp), prefix_(sub_prefix("ctr")) {}
  [[nodiscard]] const char* name() const override { return "connect-to-resource"; }

  void start() override {
    if (!send({arm_call_events{c_.originating}, connect_to_resource{},
               announcement(true, true)}))
      return;
    fsm_.dispatch(ctr_input::instructed, prefix_);
  }

  void on_resource_report() override {
    // A late or repeated report is logged by the machine and changes nothing.
    if (!fsm_.dispatch(ctr_input::played, prefix_)) return;
    CMR_LOG(scp, info, "%s: announcement %u complete", c_.prefix.c_str(), c_.announcement_id);
    disconnect_and_continue();
  }

  void on_no_answer(const no_answer_to& n) override {
    // PlayAnnouncement's timer ran out without a resource report.
    if (!n.play || !fsm_.in(ctr_state::playing)) return;
    fsm_.dispatch(ctr_input::play_timed_out, prefix_);
    ++svc_.counters_mut().announcement_timeouts;
    disconnect_and_continue();
  }

private:
  fsm<ctr_state, ctr_input> fsm_;
  std::string prefix_;
};

}  // namespace

std::unique_ptr<procedure> make_connect_to_resource(scp_service& svc, call& c) {
  return std::make_unique<connect_to_resource_procedure>(svc, c);
}

}  // namespace cmr::in::scp
