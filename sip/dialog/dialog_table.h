// The dialog layer's index: dialogs by id, and the lookup of the dialog an
// incoming in-dialog request or response belongs to (RFC 3261 12.2.2).
// Early dialogs of one INVITE (forking) are separate entries, told apart by
// the remote tag.
#pragma once

#include <map>
#include <memory>
#include <string>

#include "sip/dialog/dialog.h"

namespace cmr::sip {

class dialog_table {
public:
  // Adds or replaces; returns the stored dialog.
  std::shared_ptr<dialog> add(dialog d);
  [[nodiscard]] std::shared_ptr<dialog> find(const dialog_id& id) const;
  // The dialog `msg` (received) belongs to, or nullptr (answer 481).
  [[nodiscard]] std::shared_ptr<dialog> find_for(const message& msg) const;
  void remove(const dialog_id& id);
  // Drops terminated dialogs; returns how many.
  std::size_t sweep();
  [[nodiscard]] std::size_t size() const { return dialogs_.size(); }

private:
  static std::string key(const dialog_id& id) { return id.to_string(); }
  std::map<std::string, std::shared_ptr<dialog>> dialogs_;
};

}  // namespace cmr::sip
