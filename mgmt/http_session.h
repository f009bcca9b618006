// One management HTTP connection: keep-alive request loop with header and
// body limits, two deadlines per request (its header, then the whole
// request: slow clients are cut off), 100-continue,
// routing to the CMR dispatcher, the content routes or the metrics, and a lingering close
// after an error so the client can read why.
#pragma once

#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <chrono>
#include <memory>
#include <optional>

#include "mgmt/content_routes.h"
#include "mgmt/http_route.h"
#include "mgmt/http_server.h"

namespace cmr::mgmt {

class http_session : public std::enable_shared_from_this<http_session> {
public:
  // `from` holds one of shared->slots, given back by the destructor.
  http_session(boost::asio::ip::tcp::socket&& socket, boost::asio::ip::address from,
               std::shared_ptr<http_shared> shared);
  ~http_session();
  http_session(const http_session&) = delete;
  http_session& operator=(const http_session&) = delete;

  void start();

private:
  void read_header();
  void on_header(boost::beast::error_code ec);
  void read_body();
  void on_body(boost::beast::error_code ec);
  // false: the answer comes later (writer, upload worker) through respond().
  bool route(const http_request& req);
  void serve_metrics(const http_request& req);
  void start_upload(http_request&& req);
  void respond(bool close);
  void set_reply(cmr_reply r);  // res_ is complete: headers, send
  void send(bool close);
  void send_download(bool close);
  void error_reply(boost::beast::http::status s, std::string_view text);
  void linger();

  boost::beast::tcp_stream stream_;
  boost::asio::ip::address from_;
  // When the request being read started (accept, or the previous response
  // written): its header and whole-request deadlines count from here.
  std::chrono::steady_clock::time_point request_start_;
  boost::beast::flat_buffer buffer_;
  std::optional<boost::beast::http::request_parser<boost::beast::http::string_body>> parser_;
  http_route route_;  // of the request being read (set with its header)
  // When the request was read (its header, then its body): the request
  // time histogram counts from here to the response written.
  std::chrono::steady_clock::time_point read_at_;
  bool head_only_ = false;  // HEAD: the response's headers with GET's length, no body
  http_response res_;
  std::optional<media::download_service::response> download_res_;
  std::shared_ptr<http_shared> shared_;
  std::array<char, 4096> discard_{};
  std::size_t discarded_ = 0;
};

}  // namespace cmr::mgmt
