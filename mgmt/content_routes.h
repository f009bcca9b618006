// The non-CMR routes of the management server: content upload
// (PUT /cmr/1/resources/<ResourceId>/content) and signed downloads
// (GET/HEAD /cmr/1/content/<ResourceId>?exp=&sig=), which belong to media/.
#pragma once

#include <boost/beast/http.hpp>
#include <string_view>

#include "mgmt/dispatcher.h"

namespace cmr::mgmt {

using http_request = boost::beast::http::request<boost::beast::http::string_body>;
using http_response = boost::beast::http::response<boost::beast::http::string_body>;

// Beast's string_view to the standard one.
inline std::string_view to_sv(boost::beast::string_view s) { return {s.data(), s.size()}; }

// True when the target is one of these routes (then `res` is the answer).
bool handle_content_route(const dispatcher& d, const http_request& req, std::string_view path,
                          http_response& res);

}  // namespace cmr::mgmt
