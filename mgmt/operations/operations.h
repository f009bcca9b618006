// Every CMR operation, one file each (DESIGN.md section 6).
#pragma once

#include "mgmt/operation.h"

namespace cmr::mgmt::ops {

// CMR-1
const operation_desc& login();
const operation_desc& get_resource_list();
const operation_desc& subscribe_resource();
const operation_desc& add_resource();
// CMR-5
const operation_desc& resource_management();
const operation_desc& resource_list_management();
// CMR-6
const operation_desc& group_management();
const operation_desc& member_management();
const operation_desc& presentation_rule();
const operation_desc& library_management();
const operation_desc& resource_box_management();
const operation_desc& service_subscription();
const operation_desc& privacy_setting();
const operation_desc& presentation_control();
const operation_desc& tariff_rule();
const operation_desc& system_setting();
// CMR-7
const operation_desc& presence_update();
const operation_desc& location_update();

}  // namespace cmr::mgmt::ops
