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
  // Component-only indications outside a dialogue message (none today; a
  // TC-L-REJECT is delivered inside the dialogue_ind it belongs to).
  virtual void on_notice(const notice_ind& ind) = 0;
};

}  // namespace cmr::in::tcap
