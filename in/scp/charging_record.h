// The SCP's charging records: the shared record and writer
// (common/charging_record.h), logging in the DSCP category.
#pragma once

#include <string>
#include <utility>

#include "common/charging_record.h"
#include "in/scp/log.h"

namespace cmr::in::scp {

using cdr::call_outcome;
using cdr::charging_record;
using cdr::to_string;

class charging_writer : public cdr::charging_writer {
public:
  explicit charging_writer(std::string path = {})
      : cdr::charging_writer(std::move(path), log_scp) {}
};

}  // namespace cmr::in::scp
