// Factories of the delivery procedures, one per file.
#pragma once

#include <memory>

#include "in/scp/call_procedure.h"

namespace cmr::in::scp {

std::unique_ptr<call_procedure> make_connect_to_resource(scp_service& svc, call& c);
std::unique_ptr<call_procedure> make_temporary_connection(scp_service& svc, call& c);
std::unique_ptr<call_procedure> make_call_party_handling(scp_service& svc, call& c);
std::unique_ptr<call_procedure> make_alerting_pattern(scp_service& svc, call& c);

}  // namespace cmr::in::scp
