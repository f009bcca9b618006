// One bearer to the intelligent peripheral: the SIP dialog this side answers
// as UAS, the RTP stream it plays, and for the routing-number form the
// assist dialogue with the SCP (docs/cs-delivery.md 3 and 5).
//
//   play form:     INVITE -> 200 (SDP answer) -> ACK -> RTP x repetitions
//                  -> BYE (play complete)
//   routing form:  INVITE -> 200 -> TC-BEGIN [AssistRequestInstructions]
//                  <- TC-CONTINUE [PlayAnnouncement] -> RTP
//                  -> TC-CONTINUE [SpecializedResourceReport] (when asked)
//                  <- TC-END, then the SSF's BYE (DisconnectForwardConnection);
//                  the IP sends BYE itself when none comes within
//                  release_grace, or at once when the dialogue failed.
//   TLDN form (WIN): INVITE -> 200 -> InstructionRequest in the seize
//                  transaction (win_role) <- SRFDirective -> RTP, the bound
//                  announcement once -> its RETURN RESULT <- Response; then
//                  the MSC's BYE (the IP waits for it: no release grace).
// Any time: BYE from the peer, CANCEL, max-call-duration, shutdown end it.
// The bearer's progress is the declared state machine of in/ip/bearer_state.h,
// every transition logged at debug with the prefix "ip(bearer=<n>)".
//
// bearer_call.cpp: set-up and the SIP side; bearer_call_scp.cpp: the TCAP
// dialogue; bearer_call_win.cpp: the TLDN form's side of win_role;
// bearer_call_media.cpp: the player.
#pragma once

#include <boost/asio/ip/udp.hpp>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "in/ip/bearer_state.h"
#include "in/ip/bearer_uri.h"
#include "in/tcap/tc_primitives.h"
#include "media/dtmf/rtp_keys.h"
#include "media/rtp/rtp_sender.h"
#include "sip/as/media_sdp.h"
#include "sip/dialog/dialog.h"
#include "sip/dialog/ok_retransmitter.h"
#include "sip/transaction/server_transaction.h"

namespace cmr::in::ip {

class intelligent_peripheral;

class bearer_call : public std::enable_shared_from_this<bearer_call> {
public:
  // `id` numbers the bearer in logs ("ip(bearer=<id>)").
  bearer_call(intelligent_peripheral& owner, std::shared_ptr<sip::server_transaction> invite,
              std::uint64_t id);
  ~bearer_call();
  bearer_call(const bearer_call&) = delete;
  bearer_call& operator=(const bearer_call&) = delete;

  // Answers the INVITE (200 with SDP, or the refusal) and starts the form's
  // procedure. Returns false when the INVITE was refused (nothing to keep).
  bool start();

  // SIP side.
  void on_request(const std::shared_ptr<sip::server_transaction>& tx);
  void on_ack(const sip::message& ack);
  void on_cancel();
  // Shutdown of the node: BYE and TC-END, no grace.
  void stop(const char* why);

  // TCAP side (the owner routes by dialogue id).
  void on_dialogue(const tcap::dialogue_ind& ind);
  void on_dialogue_aborted(const char* why);
  void on_l_cancel(const tcap::l_cancel_ind& ind);

  // WIN role (win_role): SRFDirective plays `announcement` once; false when
  // there is nothing to play in the bearer's law or the state forbids it.
  bool play_win(std::uint32_t announcement);
  // The seize transaction ended: normally once the play was reported (the
  // bearer then waits for the MSC's BYE), else the bearer is released.
  void win_ended(bool reported, const char* why);

  [[nodiscard]] const std::string& call_id() const { return call_id_; }
  [[nodiscard]] const std::string& name() const { return prefix_; }
  [[nodiscard]] bearer_state state() const { return state_.state(); }

private:
  // What to play and how long.
  struct play_plan {
    std::shared_ptr<const media::playout_rendition> rendition;
    std::uint64_t frames = 0;      // 0: until stopped (max-call-duration bounds it)
    std::uint32_t gap_frames = 0;  // silence between repetitions
  };

  bool step(bearer_event e, const char* detail = nullptr) {
    return state_.dispatch(e, prefix_, detail);
  }

  // bearer_call.cpp
  bool refuse(int status, const std::string& why);
  // Steps `e` (into ENDED); then stops the media, BYEs an answered dialog,
  // ends the assist dialogue and frees the bearer.
  void release(bearer_event e, const char* why);
  void finish(const char* why);
  void arm_max_duration();

  // bearer_call_media.cpp
  void start_play(play_plan plan);
  void stop_play();
  void on_play_finished();
  // Silence frames for a pause of `ms` milliseconds (rounded up to 20 ms).
  static std::uint32_t gap_frames_for(std::uint64_t ms);
  static std::uint64_t frames_for(std::size_t frame_count, std::uint32_t repetitions,
                                  std::uint32_t gap_frames,
                                  std::optional<std::uint64_t> duration_ms);

  // bearer_call_scp.cpp
  bool send_ari();
  bool on_play_announcement(const tcap::component_ind& c);  // true: a reply was queued
  // The announcement of a PlayAnnouncement / PromptAndCollect: stored, or a
  // built-in prompt; nullptr when nothing plays in the bearer's law.
  std::shared_ptr<const media::playout_rendition> rendition_of(std::uint32_t id);

  // bearer_call_collect.cpp: on-line copy (PromptAndCollectUserInformation).
  // The answer's SDP: sendrecv and telephone-event when the SSF offered them.
  void negotiate_keys(const sip::sdp::session_description& offer, std::size_t index,
                      std::string& answer);
  bool on_prompt_and_collect(const tcap::component_ind& c);  // true: a reply was queued
  // Keys the RTP listener found (the IP's thread).
  void on_keys(const std::string& keys);
  // The PromptAndCollect's prompt played out without a key: the first-digit timer.
  void collect_played();
  void collect_timeout();
  void stop_collecting();
  void report_completion();
  // Ends the assist dialogue, or tells the WIN role the bearer is gone.
  void end_dialogue(const char* why);
  void scp_gone(bool failed, const char* why);
  [[nodiscard]] const char* complete_reason() const;
  void arm_instruction_timer();

  intelligent_peripheral& owner_;
  std::string prefix_;  // "ip(bearer=3)"
  fsm<bearer_state, bearer_event> state_;
  std::shared_ptr<sip::server_transaction> invite_;
  std::string call_id_;
  std::uint32_t invite_cseq_ = 0;
  bearer_request request_;
  std::optional<sip::dialog> dialog_;
  std::unique_ptr<sip::ok_retransmitter> ok_;
  bool acked_ = false;  // the 200's ACK came (later ones are retransmissions)

  // Media.
  std::optional<boost::asio::ip::udp::socket> socket_;  // bound at the answer, used by the player
  sip::as::audio_target target_;
  sip::as::local_media local_;
  std::shared_ptr<media::rtp::rtp_sender> player_;
  std::optional<play_plan> pending_play_;  // play form: starts at the ACK (WAIT_ACK)
  // On-line copy: the caller's RTP comes to this side (answered sendrecv);
  // the listener runs on the player's strand.
  bool keys_negotiated_ = false;
  std::optional<std::uint8_t> event_pt_;  // the telephone-event payload type both sides use
  std::shared_ptr<media::dtmf::rtp_key_listener> keys_;
  std::optional<std::int8_t> collect_invoke_;  // the PromptAndCollect being answered
  bool collect_interruptable_ = true;
  std::uint8_t first_digit_timeout_s_ = 1;
  std::uint64_t collect_timer_ = 0;

  // Assist dialogue (routing form).
  tcap::dialogue_id dialogue_ = 0;  // 0: none (not opened or over)
  codec::protocol_variant variant_ = codec::protocol_variant::cap_v2;
  std::optional<std::int8_t> pa_invoke_;  // the PlayAnnouncement being played
  bool report_wanted_ = false;
  bool reported_ = false;
  std::int8_t next_invoke_id_ = 1;

  // WIN role: the seize transaction this bearer's TLDN belongs to.
  tcap::dialogue_id win_dialogue_ = 0;  // 0: none (not the TLDN form, or over)

  std::uint64_t max_timer_ = 0, instruction_timer_ = 0, grace_timer_ = 0;
};

}  // namespace cmr::in::ip
