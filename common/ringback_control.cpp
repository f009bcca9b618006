#include "common/ringback_control.h"

namespace cmr::ringback {

const char* to_string(key_action a) {
  switch (a) {
    case key_action::none:
      return "none";
    case key_action::copy:
      return "copy";
    case key_action::skip:
      return "skip";
    case key_action::stop:
      return "stop";
  }
  return "?";
}

const char* to_string(forward_policy p) {
  switch (p) {
    case forward_policy::continue_owner:
      return "continue";
    case forward_policy::stop:
      return "stop";
    case forward_policy::forwarded_party:
      return "forwarded-party";
  }
  return "?";
}

const char* to_string(announcement_policy p) {
  return p == announcement_policy::stop ? "stop" : "continue";
}

key_action controls::action_of(char key) const {
  if (key == '\0') return key_action::none;
  if (copy_keys.find(key) != std::string::npos) return key_action::copy;
  if (skip_keys.find(key) != std::string::npos) return key_action::skip;
  if (stop_keys.find(key) != std::string::npos) return key_action::stop;
  return key_action::none;
}

std::string controls::explain() const {
  auto keys = [](const std::string& k) { return k.empty() ? std::string("-") : k; };
  std::string s = "copy=" + keys(copy_keys) + " skip=" + keys(skip_keys) + " stop=" + keys(stop_keys);
  s += " forwarded=";
  s += to_string(on_forward);
  s += " announcement=";
  s += to_string(on_announcement);
  s += from_subscriber ? " (subscriber)" : " (system)";
  return s;
}

bool valid_keys(std::string_view keys) {
  if (keys.size() > 4) return false;
  for (std::size_t i = 0; i < keys.size(); ++i) {
    const char c = keys[i];
    const bool ok = (c >= '0' && c <= '9') || c == '*' || c == '#' || (c >= 'A' && c <= 'D');
    if (!ok || keys.find(c) != i) return false;
  }
  return true;
}

const char* to_string(copy_outcome o) {
  switch (o) {
    case copy_outcome::copied:
      return "copied";
    case copy_outcome::already_owned:
      return "already-owned";
    case copy_outcome::privacy_refused:
      return "privacy-refused";
    case copy_outcome::credit_refused:
      return "credit-refused";
    case copy_outcome::library_full:
      return "library-full";
    case copy_outcome::not_subscriber:
      return "not-subscriber";
    case copy_outcome::own_resource:
      return "own-resource";
    case copy_outcome::resource_unavailable:
      return "resource-unavailable";
    case copy_outcome::busy:
      return "busy";
    case copy_outcome::failed:
      return "failed";
  }
  return "?";
}

const char* to_string(prompt_kind p) {
  switch (p) {
    case prompt_kind::confirmed:
      return "confirmed";
    case prompt_kind::refused:
      return "refused";
    case prompt_kind::offer:
      return "offer";
  }
  return "?";
}

prompt_kind prompt_for(copy_outcome o) {
  // The caller has the resource afterwards: confirmed; a caller who is no
  // subscriber: the offer (when configured); anything else: refused.
  if (o == copy_outcome::copied || o == copy_outcome::already_owned) return prompt_kind::confirmed;
  return o == copy_outcome::not_subscriber ? prompt_kind::offer : prompt_kind::refused;
}

const char* key_session::to_string(step s) {
  switch (s) {
    case step::ignore:
      return "ignore";
    case step::copy:
      return "copy";
    case step::copy_repeated:
      return "copy-repeated";
    case step::offer:
      return "offer";
    case step::skip:
      return "skip";
    case step::stop:
      return "stop";
    case step::flooded:
      return "flooded";
  }
  return "?";
}

key_session::step key_session::on_key(char key) {
  if (ended_ || flooded_) return step::ignore;
  if (++keys_ > max_actions_) {
    flooded_ = true;  // reported once; every later key is ignored
    return step::flooded;
  }
  switch (controls_.action_of(key)) {
    case key_action::none:
      return step::ignore;
    case key_action::copy:
      if (!subscriber_) return step::offer;
      if (copy_asked_) return step::copy_repeated;
      copy_asked_ = true;
      return step::copy;
    case key_action::skip:
      return step::skip;
    case key_action::stop:
      return step::stop;
  }
  return step::ignore;
}

}  // namespace cmr::ringback
