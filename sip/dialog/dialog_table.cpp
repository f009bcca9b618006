#include "sip/dialog/dialog_table.h"

namespace cmr::sip {

std::shared_ptr<dialog> dialog_table::add(dialog d) {
  auto ptr = std::make_shared<dialog>(std::move(d));
  dialogs_[key(ptr->id())] = ptr;
  return ptr;
}

std::shared_ptr<dialog> dialog_table::find(const dialog_id& id) const {
  const auto it = dialogs_.find(key(id));
  return it == dialogs_.end() ? nullptr : it->second;
}

std::shared_ptr<dialog> dialog_table::find_for(const message& msg) const {
  return find(incoming_dialog_id(msg));
}

void dialog_table::remove(const dialog_id& id) {
  dialogs_.erase(key(id));
}

std::size_t dialog_table::sweep() {
  return std::erase_if(
      dialogs_, [](const auto& kv) { return kv.second->state() == dialog_state::terminated; });
}

}  // namespace cmr::sip
