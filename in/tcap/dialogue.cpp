#include "in/tcap/dialogue.h"

#include <algorithm>

#include "in/tcap/log.h"

namespace cmr::in::tcap {

dialogue::dialogue(dialogue_id did) : id(did), local_tid(codec::tid_from_u32(did)) {}

bool dialogue::apply(tsm_event e) {
  const auto next = tsm_next(state, e);
  if (!next) {
    CMR_LOG(tcap, notice, "tcap(otid=0x%08x){%s}: %s not allowed", id, to_string(state),
            to_string(e));
    return false;
  }
  CMR_LOG(tcap, debug, "tcap(otid=0x%08x){%s}: %s -> %s", id, to_string(state), to_string(e),
          to_string(*next));
  state = *next;
  return true;
}

invocation* dialogue::find_invocation(std::int8_t iid) {
  for (auto& i : invocations) {
    if (i.id == iid && i.state != ism_state::idle) return &i;
  }
  return nullptr;
}

remote_invocation* dialogue::find_remote(std::int8_t iid) {
  for (auto& r : remote) {
    if (r.id == iid) return &r;
  }
  return nullptr;
}

void dialogue::erase_remote(std::int8_t iid) {
  std::erase_if(remote, [iid](const remote_invocation& r) { return r.id == iid; });
}

}  // namespace cmr::in::tcap
