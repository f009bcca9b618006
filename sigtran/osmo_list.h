// Private to sigtran/: walking libosmocore's intrusive lists (llist_head)
// from C++. The llist_for_each_entry macro needs GNU `typeof`, which
// -std=c++20 does not have; every libosmo-sigtran object we walk (AS, ASP,
// route, xUA server) links itself through a member called `list`.
#pragma once

#include <cstddef>

#include "sigtran/osmo_headers.h"

namespace cmr::sigtran {

template <typename T, typename F>
void for_each_entry(llist_head* head, F&& f) {
  for (llist_head* p = head->next; p != head;) {
    llist_head* next = p->next;  // f may not unlink, but stay safe if it does
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Winvalid-offsetof"
    f(reinterpret_cast<T*>(reinterpret_cast<char*>(p) - offsetof(T, list)));
#pragma GCC diagnostic pop
    p = next;
  }
}

}  // namespace cmr::sigtran
