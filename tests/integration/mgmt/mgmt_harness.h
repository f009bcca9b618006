// Test harness for the management interface: the real cmr-server on free
// ports (demo configuration), an HTTP client, and CMR messages built as
// format-neutral trees and sent as XML or JSON. Every XML CMR response is
// validated against docs/xsd/<Operation>.xsd with xmllint.
#pragma once

#include <initializer_list>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "mgmt/element.h"
#include "tests/integration/server/server_process.h"

namespace cmr::test {

enum class wire_format { xml, json };
const char* name_of(wire_format f);

struct http_reply {
  unsigned status = 0;
  std::string content_type;
  std::string body;
  bool closed = false;  // the server closed the connection
  std::vector<std::pair<std::string, std::string>> headers;  // as received
  // The first header of that name (case-insensitive), "" when absent.
  [[nodiscard]] std::string header(const std::string& name) const;
};

// One keep-alive connection (reconnects when the server closed it).
class http_client {
public:
  explicit http_client(unsigned short port);
  ~http_client();
  http_reply send(const std::string& method, const std::string& target, const std::string& content_type,
                  const std::string& body, const std::vector<std::pair<std::string, std::string>>& headers = {});

private:
  struct impl;
  std::unique_ptr<impl> impl_;
};

// A leaf list: {{"SubscriberId", "4917..."}, {"ResourceListId", "000000"}}.
mgmt::element message(std::initializer_list<std::pair<std::string, std::string>> leaves);

struct cmr_reply {
  http_reply http;
  mgmt::element msg;  // decoded response (empty when not decodable)
  int code = -1;      // StatusCode, -1 when absent
  [[nodiscard]] std::string value(const std::string& name) const { return std::string(msg.value(name)); }
};

class mgmt_server {
public:
  // `extra_mgmt` lines are appended to the mgmt node (e.g. " read-timeout 2").
  explicit mgmt_server(const std::string& extra_mgmt = "", const std::string& database = "");
  unsigned short port() const { return port_; }
  server_process& process() { return proc_; }

  // Sends `req` as the operation's request in `fmt`; token "" sends no
  // Authorization header (subscriber role).
  cmr_reply call(wire_format fmt, const std::string& op, const mgmt::element& req,
                 const std::string& token = "demo-portal");
  cmr_reply raw(const std::string& op, const std::string& content_type, const std::string& body,
                const std::string& token = "demo-portal");
  http_client& client() { return client_; }
  // XML CMR responses that failed xmllint, with the reason (should stay 0).
  static int xsd_failures();

private:
  server_process proc_;
  unsigned short port_ = 0;
  http_client client_;
};

// Validates an XML document against docs/xsd/<op>.xsd; "" when valid.
std::string xsd_check(const std::string& op, const std::string& xml);

}  // namespace cmr::test
