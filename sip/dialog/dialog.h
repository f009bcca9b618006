// A SIP dialog (RFC 3261 12): identity, early/confirmed state, CSeq in both
// directions, remote target and route set, and the in-dialog requests built
// from them (BYE, re-INVITE, UPDATE per RFC 3311, PRACK per RFC 3262, ACK).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "sip/message/message.h"

namespace cmr::sip {

enum class dialog_state { early, confirmed, terminated };
const char* to_string(dialog_state s);

struct dialog_id {
  std::string call_id;
  std::string local_tag;
  std::string remote_tag;
  bool operator==(const dialog_id&) const = default;
  [[nodiscard]] std::string to_string() const {
    return call_id + ";" + local_tag + ";" + remote_tag;
  }
};

// The id of the dialog a received in-dialog message belongs to, seen from
// this side: for a request local = To tag, for a response local = From tag.
dialog_id incoming_dialog_id(const message& msg);

class dialog {
public:
  // UAC side (12.1.2): `request` as sent, `response` a 101-299 with a To tag
  // (1xx -> early, 2xx -> confirmed). nullopt when no dialog can be formed.
  static std::optional<dialog> create_uac(const message& request, const message& response);
  // UAS side (12.1.1): the request received, the tag this side answers with
  // and this side's Contact value; `early` for a 1xx, false for a 2xx.
  static std::optional<dialog> create_uas(const message& request, const std::string& local_tag,
                                          const std::string& local_contact, bool early);

  [[nodiscard]] const dialog_id& id() const { return id_; }
  [[nodiscard]] dialog_state state() const { return state_; }
  [[nodiscard]] bool is_uac() const { return uac_; }
  [[nodiscard]] std::uint32_t local_cseq() const { return local_seq_; }
  [[nodiscard]] std::optional<std::uint32_t> remote_cseq() const { return remote_seq_; }
  [[nodiscard]] const uri& remote_target() const { return remote_target_; }
  [[nodiscard]] const std::vector<std::string>& route_set() const { return route_set_; }
  [[nodiscard]] const std::string& local_contact() const { return local_contact_; }
  void set_local_contact(std::string contact) { local_contact_ = std::move(contact); }

  // UAC: a later response to the dialog-creating INVITE. A 2xx confirms an
  // early dialog, recomputing the route set (RFC 3261 13.2.2.4); 1xx/2xx
  // refresh the remote target.
  void on_response(const message& response);
  void confirm() {
    if (state_ == dialog_state::early) state_ = dialog_state::confirmed;
  }
  void terminate() { state_ = dialog_state::terminated; }

  // 12.2.1.1: a request within the dialog; CSeq increments except for ACK
  // (which the caller builds with create_ack) and CANCEL.
  message create_request(const std::string& method);
  // The ACK for a 2xx to the INVITE with CSeq `invite_cseq` (13.2.2.4).
  [[nodiscard]] message create_ack(std::uint32_t invite_cseq) const;
  // PRACK for the reliable provisional `rsp` (RFC 3262 7.2 RAck).
  message create_prack(const message& rsp);
  // Where an in-dialog request goes first: the first Route when there is a
  // route set, else the remote target.
  [[nodiscard]] uri next_hop() const;

  // 12.2.2: a request received in this dialog. Returns false when its CSeq is
  // lower than the last one (answer 500). Target refresh requests (re-INVITE,
  // UPDATE) update the remote target from their Contact.
  bool on_request(const message& req);
  // Target refresh from a Contact header (re-INVITE/UPDATE and their 2xx).
  void refresh_target(const message& msg);

private:
  dialog() = default;

  dialog_id id_;
  dialog_state state_ = dialog_state::early;
  bool uac_ = true;
  std::uint32_t local_seq_ = 0;
  std::optional<std::uint32_t> remote_seq_;
  std::string local_party_;   // From (UAC) / To (UAS) value without tag
  std::string remote_party_;  // the other one
  uri remote_target_;
  std::vector<std::string> route_set_;
  std::string local_contact_;
};

}  // namespace cmr::sip
