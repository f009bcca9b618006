// The "mgmt" config node (mgmt/mgmt_settings.h): the management HTTP server
// and its bearer tokens.
//
//   mgmt
//    bind 127.0.0.1 8080
//    max-body-size 65536
//    max-header-size 8192
//    read-timeout 10
//    header-timeout 5
//    max-connections 256
//    max-connections-per-address 64
//    session-lifetime 1800
//    password-iterations 100000
//    write-batch 128
//    write-queue 4096
//    readers 4
//    upload-workers 1
//    content-directory content
//    content-limit audio 20971520
//    content-limit video 104857600
//    content-limit image 10485760
//    content-limit text 1048576
//    content-limit vcard 1048576
//    content-max-audio-seconds 600
//    download-secret SECRET
//    token demo-portal role portal
//    token SECRET role provider demo-cp
//    token SECRET role application
#pragma once

#include "common/config_node.h"
#include "mgmt/mgmt_settings.h"

namespace cmr::mgmt {

// The node filling `cfg` (which must outlive the VTY: process lifetime).
config::node mgmt_config_node(mgmt_settings& cfg);

}  // namespace cmr::mgmt
