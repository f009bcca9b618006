#include "tests/integration/mgmt/mgmt_harness.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <atomic>
#include <optional>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <regex>
#include <stdexcept>
#include <thread>

#include "mgmt/json_codec.h"
#include "mgmt/operation_registry.h"
#include "mgmt/xml_codec.h"

namespace cmr::test {
namespace {

namespace beast = boost::beast;
namespace http = beast::http;
namespace net = boost::asio;

std::atomic<int> g_xsd_failures{0};

unsigned short mgmt_port_of(const server_process& p) {
  static const std::regex re("management HTTP listening on [0-9.]+:([0-9]+)");
  std::smatch m;
  const std::string text = p.err();
  if (!std::regex_search(text, m, re)) return 0;
  return static_cast<unsigned short>(std::stoul(m[1].str()));
}

std::string start_server(server_process& proc, const std::string& extra, const std::string& database) {
  std::string cfg = demo_config();
  const auto at = cfg.find("\nmgmt\n");
  if (at == std::string::npos) throw std::runtime_error("no mgmt node in the demo config");
  const auto end = cfg.find("\n!", at + 1);
  // Tests must not wait for 100000 PBKDF2 rounds on every password.
  cfg.insert(end, "\n password-iterations 1000\n token provider-secret-a role provider demo-cp\n"
                  " token provider-secret-b role provider other-cp\n token application-secret role application\n" +
                      extra);
  if (!database.empty()) {
    const std::string db_line = " database cmr.db";
    const auto d = cfg.find(db_line);
    cfg.replace(d, db_line.size(), " database " + database);
  }
  proc.write_file("test.cfg", cfg);
  proc.start({"-c", "test.cfg"});
  if (!proc.wait_for_err("management HTTP listening", std::chrono::seconds(10)))
    throw std::runtime_error("cmr-server did not start: " + proc.err());
  return cfg;
}

}  // namespace

const char* name_of(wire_format f) { return f == wire_format::xml ? "xml" : "json"; }

struct http_client::impl {
  net::io_context io;
  std::optional<beast::tcp_stream> stream;
  unsigned short port;
  bool connected = false;
  beast::flat_buffer buffer;
};

http_client::http_client(unsigned short port) : impl_(std::make_unique<impl>()) { impl_->port = port; }
http_client::~http_client() = default;

http_reply http_client::send(const std::string& method, const std::string& target, const std::string& content_type,
                             const std::string& body, const std::vector<std::pair<std::string, std::string>>& headers) {
  http_reply out;
  for (int attempt = 0; attempt < 2; ++attempt) {
    beast::error_code ec;
    if (!impl_->connected) {
      impl_->stream.emplace(impl_->io);
      impl_->buffer.clear();
      impl_->stream->connect(net::ip::tcp::endpoint(net::ip::make_address("127.0.0.1"), impl_->port), ec);
      if (ec) throw std::runtime_error("connect: " + ec.message());
      impl_->connected = true;
    }
    http::request<http::string_body> req{http::string_to_verb(method), target, 11};
    req.set(http::field::host, "127.0.0.1");
    if (!content_type.empty()) req.set(http::field::content_type, content_type);
    for (const auto& [k, v] : headers) req.set(k, v);
    req.body() = body;
    req.prepare_payload();
    http::write(*impl_->stream, req, ec);
    if (ec) {
      impl_->connected = false;
      continue;
    }
    http::response_parser<http::string_body> parser;
    parser.body_limit(64 << 20);
    if (method == "HEAD") parser.skip(true);
    http::read(*impl_->stream, impl_->buffer, parser, ec);
    if (ec) {
      impl_->connected = false;
      if (attempt == 0 && (ec == http::error::end_of_stream || ec == net::error::connection_reset)) continue;
      out.closed = true;
      return out;
    }
    auto res = parser.release();
    out.status = res.result_int();
    out.content_type = std::string(res[http::field::content_type]);
    out.body = res.body();
    for (const auto& f : res) out.headers.emplace_back(std::string(f.name_string()), std::string(f.value()));
    if (!res.keep_alive()) {
      impl_->connected = false;
      out.closed = true;
    }
    return out;
  }
  out.closed = true;
  return out;
}

std::string http_reply::header(const std::string& name) const {
  for (const auto& [k, v] : headers)
    if (beast::iequals(k, name)) return v;
  return {};
}

mgmt::element message(std::initializer_list<std::pair<std::string, std::string>> leaves) {
  mgmt::element e;
  e.is_structure = true;
  for (const auto& [k, v] : leaves) e.add(k, v);
  return e;
}

std::string xsd_check(const std::string& op, const std::string& xml) {
  char path[] = "/tmp/cmr-mgmt-xsd-XXXXXX";
  const int fd = ::mkstemp(path);
  if (fd < 0) return "mkstemp failed";
  ::close(fd);
  std::ofstream(path, std::ios::binary) << xml;
  const std::string cmd = "xmllint --noout --schema '" + std::string(CMR_SOURCE_DIR) + "/docs/xsd/" + op +
                          ".xsd' '" + path + "' 2>&1";
  std::string output;
  FILE* p = ::popen(cmd.c_str(), "r");
  char buf[512];
  while (p != nullptr && std::fgets(buf, sizeof buf, p) != nullptr) output += buf;
  const int rc = p == nullptr ? -1 : ::pclose(p);
  std::remove(path);
  return rc == 0 ? "" : output;
}

mgmt_server::mgmt_server(const std::string& extra_mgmt, const std::string& database)
    : port_((start_server(proc_, extra_mgmt, database), mgmt_port_of(proc_))), client_(port_) {}

int mgmt_server::xsd_failures() { return g_xsd_failures.load(); }

cmr_reply mgmt_server::call(wire_format fmt, const std::string& op, const mgmt::element& req,
                            const std::string& token) {
  const mgmt::operation_desc* d = mgmt::find_operation(op);
  if (d == nullptr) throw std::runtime_error("no operation " + op);
  const std::string body = fmt == wire_format::xml ? mgmt::encode_xml(req, *d->request, op + "Request")
                                                   : mgmt::encode_json(req, *d->request);
  return raw(op, fmt == wire_format::xml ? "application/xml" : "application/json", body, token);
}

cmr_reply mgmt_server::raw(const std::string& op, const std::string& content_type, const std::string& body,
                           const std::string& token) {
  cmr_reply r;
  std::vector<std::pair<std::string, std::string>> headers;
  if (!token.empty()) headers.emplace_back("Authorization", "Bearer " + token);
  r.http = client_.send("POST", "/cmr/1/" + op, content_type, body, headers);
  const bool xml = r.http.content_type.find("xml") != std::string::npos;
  const bool json = r.http.content_type.find("json") != std::string::npos;
  if (!xml && !json) return r;
  if (xml) {
    if (const std::string why = xsd_check(op, r.http.body); !why.empty()) {
      ++g_xsd_failures;
      ADD_FAILURE() << op << " response does not validate against its XSD:\n" << why << r.http.body;
    }
  }
  auto decoded = xml ? mgmt::decode_xml(r.http.body, op + "Response") : mgmt::decode_json(r.http.body, op + "Response");
  if (!decoded) {
    ADD_FAILURE() << op << ": response not decodable: " << decoded.error().message << "\n" << r.http.body;
    return r;
  }
  r.msg = std::move(*decoded);
  if (r.msg.has("StatusCode")) r.code = std::stoi(std::string(r.msg.value("StatusCode")));
  return r;
}

}  // namespace cmr::test
