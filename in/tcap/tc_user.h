// What the TCAP layer tells its TC-user (Q.771 indications). Called on the
// layer's strand, from inside tcap_layer::receive() or a timer; the user may
// issue requests on the same layer from inside these calls.
#pragma once

#include "in/tcap/tc_primitives.h"

namespace cmr::in::tcap {

class tc_user {
public:
  virtual ~tc_user() = default;
  // TC-BEGIN / TC-CONTINUE / TC-END with their components.
  virtual void on_dialogue(const dialogue_ind& ind) = 0;
  virtual void on_u_abort(const u_abort_ind& ind) = 0;
  virtual void on_p_abort(const p_abort_ind& ind) = 0;
  virtual void on_l_cancel(const l_cancel_ind& ind) = 0;
  // TC-NOTICE: a message of an open dialogue was refused by the SCCP service
  // or returned by the network (see notice_ind). A TC-L-REJECT is delivered
  // inside the dialogue_ind it belongs to, not here.
  virtual void on_notice(const notice_ind& ind) = 0;
  // TC-UNI: a received Unidirectional message. Defaulted (discarded, as
  // before it was delivered) so that existing users need not change.
  virtual void on_uni(const uni_ind& ind) { (void)ind; }
};

}  // namespace cmr::in::tcap
