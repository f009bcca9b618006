// call: the charging record of every SIP call (docs/ims.md, "Charging
// record"): the mode and resource presented, the parties, the outcome from
// the caller's final response, the set-up, alerting and call durations, and
// on ISC the IMS charging id and the session case.
#include "sip/as/b2bua.h"
#include "sip/as/call.h"

namespace cmr::sip::as {

void call::write_record() {
  if (recorded_ || owner_.records() == nullptr) return;
  recorded_ = true;
  const auto now = std::chrono::steady_clock::now();
  const auto ms = [](auto d) {
    return std::chrono::duration_cast<std::chrono::milliseconds>(d).count();
  };
  const service_plan& p = bt_.mode != delivery_mode::off ? bt_ : rt_;
  cdr::charging_record r;
  r.start = started_at_;
  r.protocol = "sip";
  r.profile = proxied_ ? "proxy" : p.mode == delivery_mode::off ? "none" : to_string(p.mode);
  if (p.mode != delivery_mode::off) r.service = p.svc == store::service::cmrbt ? "cmrbt" : "cmrt";
  r.owner = owner_number_;
  r.other = other_number_;
  r.resource = p.resource_id;
  const int status = a_invite_->final_status();
  if (proxied_) {
    r.outcome = cdr::call_outcome::continued;
  } else if (status >= 200 && status < 300) {
    r.outcome = cdr::call_outcome::answered;
  } else if (status == 486 || status == 600) {
    r.outcome = cdr::call_outcome::busy;
  } else if (status == 408 || status == 480) {
    r.outcome = cdr::call_outcome::no_answer;
  } else if (status == 487 || cancelled_) {
    r.outcome = cdr::call_outcome::abandoned;
  } else {
    r.outcome = cdr::call_outcome::error;
  }
  const auto alerting = alerting_at_.value_or(answered_at_.value_or(now));
  r.setup_ms = ms(alerting - t0_);
  if (alerting_at_) r.alerting_ms = ms(answered_at_.value_or(now) - *alerting_at_);
  if (answered_at_) r.call_ms = ms(now - *answered_at_);
  r.icid = isc_.icid;
  r.session_case = to_string(isc_.sescase);
  owner_.records()->write(r);
}

}  // namespace cmr::sip::as
