// user-interaction temporary-connection (docs/cs-delivery.md section 3):
//   trigger -> arm events + EstablishTemporaryConnection (assist prefix +
//              correlation id)
//   the assisting resource asks for instructions -> PlayAnnouncement to it
//   its report -> its dialogue ended; DisconnectForwardConnection + Continue
//   no request within assist-timeout -> DFC + Continue, counted.
//   With "scp / online-copy" the play is on-line copy's PromptAndCollect
//   loop instead (online_copy.h); PLAYING lasts until it is done.
//
//   IDLE --instructed--> WAIT_ASSIST --assisted--> PLAYING --played------+
//                            |                        |--refused/gone----+--> RELEASED
//                            +--assist timeout--------------------------+
#include <array>

#include "in/scp/log.h"
#include "in/scp/online_copy.h"
#include "in/scp/procedure.h"
#include "in/scp/procedures.h"
#include "in/scp/scp_service.h"

namespace cmr::in::scp {

enum class tc_state : std::uint8_t { idle, wait_assist, playing, released };
enum class tc_input : std::uint8_t { instructed, assisted, played, copy_done, resource_gone, assist_timeout };

const char* to_string(tc_state s) {
  switch (s) {
    case tc_state::idle:
      return "IDLE";
    case tc_state::wait_assist:
      return "WAIT_ASSIST";
    case tc_state::playing:
      return "PLAYING";
    case tc_state::released:
      return "RELEASED";
  }
  return "?";
}
const char* to_string(tc_input i) {
  switch (i) {
    case tc_input::instructed:
      return "instructed";
    case tc_input::assisted:
      return "rx assist request";
    case tc_input::played:
      return "rx resource report";
    case tc_input::copy_done:
      return "on-line copy done";
    case tc_input::resource_gone:
      return "resource gone";
    case tc_input::assist_timeout:
      return "assist timeout";
  }
  return "?";
}

namespace {

using tc_row = fsm_row<tc_state, tc_input>;
constexpr std::array tc_table{
    tc_row{tc_state::idle, tc_input::instructed, tc_state::wait_assist},
    tc_row{tc_state::wait_assist, tc_input::assisted, tc_state::playing},
    tc_row{tc_state::wait_assist, tc_input::assist_timeout, tc_state::released},
    tc_row{tc_state::playing, tc_input::played, tc_state::released},
    tc_row{tc_state::playing, tc_input::copy_done, tc_state::released},
    tc_row{tc_state::playing, tc_input::resource_gone, tc_state::released},
};

class temporary_connection_procedure final : public procedure {
public:
  temporary_connection_procedure(scp_service& svc, call& c)
      : procedure(svc, c), fsm_(tc_table, tc_state::idle, log_scp), prefix_(sub_prefix("tc")) {}
  ~temporary_connection_procedure() override {
    if (copy_) copy_->call_ended();
    if (timer_ != 0) svc_.timers().cancel(timer_);
    if (!c_.correlation.empty()) svc_.assists().release(c_.correlation);
  }
  // ANSI-41's win-resource is this procedure (its mapping seizes the IP):
  // the profile's name in logs and records.
  [[nodiscard]] const char* name() const override { return to_string(*c_.profile); }

  void start() override {
    const auto& cfg = svc_.settings();
    c_.correlation = svc_.assists().allocate(c_.id);
    if (c_.correlation.empty()) {
      fallback("no correlation id free");
      return;
    }
    establish_temporary_connection etc;
    etc.routing_digits = cfg.assist_prefix_for(c_.protocol) + c_.correlation;
    etc.correlation = c_.correlation;
    etc.scf_id = cfg.scf_id;
    etc.announcement_id = c_.announcement_id;
    if (!send({arm_call_events{c_.originating}, etc})) return;
    fsm_.dispatch(tc_input::instructed, prefix_);
    timer_ = svc_.timers().start(std::chrono::seconds(cfg.assist_timeout_s),
                                 svc_.guarded([this] { assist_timeout(); }));
  }

  bool on_assist(resource_dialogue& r) override {
    if (!fsm_.in(tc_state::wait_assist)) return false;
    if (timer_ != 0) svc_.timers().cancel(timer_);
    timer_ = 0;
    svc_.assists().release(c_.correlation);
    c_.correlation.clear();
    svc_.attach_assist(c_, r);
    fsm_.dispatch(tc_input::assisted, prefix_);
    if (online_copy::applies(svc_, c_)) {
      copy_ = std::make_unique<online_copy>(svc_, c_, [this](const char* why) { copy_done(why); });
      if (!copy_->start(r)) fallback("PromptAndCollectUserInformation to the assisting resource failed");
      return true;
    }
    if (!r.play(announcement(true, true))) fallback("PlayAnnouncement to the assisting resource failed");
    return true;
  }

  void on_assist_report(const switch_event& e) override {
    if (copy_) {
      copy_->on_report(e);
      return;
    }
    if (std::holds_alternative<resource_report>(e)) {
      if (!fsm_.dispatch(tc_input::played, prefix_)) return;  // late or repeated
      close_assist();
      disconnect_and_continue();
      return;
    }
    if (const auto* r = std::get_if<refusal>(&e)) {
      CMR_LOG(scp, notice, "%s: the assisting resource refused %s (%s)", c_.prefix.c_str(),
              r->instruction.c_str(), r->why.c_str());
      resource_gone();
    }
  }

  void on_assist_end(bool) override {
    if (copy_)
      copy_->resource_ended();
    else
      resource_gone();
  }

private:
  // On-line copy is done (ringback over, stop key, resource gone): the
  // resource is released and the call proceeds, as after a played
  // announcement.
  void copy_done(const char* why) {
    if (!fsm_.dispatch(tc_input::copy_done, prefix_, why)) return;
    close_assist();
    disconnect_and_continue();
  }

  void assist_timeout() {
    timer_ = 0;
    if (c_.closed() || !fsm_.dispatch(tc_input::assist_timeout, prefix_)) return;
    ++svc_.counters_mut().assist_timeouts;
    CMR_LOG(scp, notice, "%s: no assist request within %u s", c_.prefix.c_str(),
            svc_.settings().assist_timeout_s);
    svc_.assists().release(c_.correlation);
    c_.correlation.clear();
    disconnect_and_continue();
  }

  // The resource ended, aborted or refused before reporting: the call proceeds.
  void resource_gone() {
    if (!fsm_.in(tc_state::playing)) return;
    fsm_.dispatch(tc_input::resource_gone, prefix_);
    close_assist();
    disconnect_and_continue();
  }

  fsm<tc_state, tc_input> fsm_;
  std::string prefix_;
  timer_service::timer_id timer_ = 0;
  std::unique_ptr<online_copy> copy_;
};

}  // namespace

std::unique_ptr<procedure> make_temporary_connection(scp_service& svc, call& c) {
  return std::make_unique<temporary_connection_procedure>(svc, c);
}

}  // namespace cmr::in::scp
