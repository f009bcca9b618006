// Factories of the delivery procedures, one per file.
#pragma once

#include <memory>

#include "in/scp/procedure.h"

namespace cmr::in::scp {

std::unique_ptr<procedure> make_connect_to_resource(scp_service& svc, call& c);
std::unique_ptr<procedure> make_temporary_connection(scp_service& svc, call& c);
std::unique_ptr<procedure> make_call_party_handling(scp_service& svc, call& c);
std::unique_ptr<procedure> make_alerting_pattern(scp_service& svc, call& c);
std::unique_ptr<procedure> make_route_via_platform(scp_service& svc, call& c);

}  // namespace cmr::in::scp
