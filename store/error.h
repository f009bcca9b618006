// Typed storage errors. Every store API returns store_result<T>; callers map
// the code to their protocol's answer (CMR StatusCode, log line, start-up exit).
#pragma once

#include <string>

#include "common/result.h"

namespace cmr::store {

struct error {
  enum class code {
    not_found,       // no such row, or a referenced row (foreign key) does not exist
    already_exists,  // duplicate primary/unique key, or an id used by another entity
    constraint,      // CHECK / NOT NULL violation: a bad enumeration or a missing value
    busy,            // locked by another process or connection
    read_only,       // the file or its directory cannot be written
    corrupt,         // not a database, or a damaged one
    io,              // disk full, I/O error, cannot open
    internal,        // misuse, unexpected SQLite result
    credit_limit,    // a charge would exceed the payer's credit limit (CMR 10010)
  } what = code::internal;
  std::string message;
};

template <class T>
using store_result = cmr::result<T, error>;

inline cmr::unexpected<error> fail(error::code c, std::string message) {
  return cmr::unexpected<error>{error{c, std::move(message)}};
}

const char* to_string(error::code c);

}  // namespace cmr::store

// Returns early from a function returning store_result<...> when expr failed.
#define CMR_STORE_TRY(expr)                                                    \
  do {                                                                         \
    if (auto cmr_try_r_ = (expr); !cmr_try_r_)                                 \
      return ::cmr::unexpected<::cmr::store::error>{cmr_try_r_.error()};       \
  } while (0)
