#include "sip/transport/tcp_connection.h"

#include <boost/asio/connect.hpp>
#include <boost/asio/write.hpp>

#include "sip/log.h"

namespace cmr::sip {

tcp_connection::tcp_connection(boost::asio::ip::tcp::socket socket, connection_id id,
                               transport_user& user, const transport_options& options,
                               closed_fn on_closed)
    : socket_(std::move(socket)),
      idle_(socket_.get_executor()),
      id_(id),
      user_(user),
      options_(options),
      on_closed_(std::move(on_closed)),
      framer_(options.limits) {}

void tcp_connection::start(const endpoint& peer) {
  peer_ = peer;
  connected_ = true;
  touch();
  read();
}

void tcp_connection::connect(const endpoint& peer) {
  peer_ = peer;
  touch();
  socket_.async_connect(boost::asio::ip::tcp::endpoint(peer.address, peer.port),
                        [self = shared_from_this()](const boost::system::error_code& ec) {
                          if (self->closed_) return;
                          if (ec) {
                            CMR_LOG(sip, info, "TCP connect to %s failed: %s",
                                    self->peer_.to_string().c_str(), ec.message().c_str());
                            self->close();
                            return;
                          }
                          self->connected_ = true;
                          self->read();
                          self->write_next();
                        });
}

void tcp_connection::touch() {
  idle_.expires_after(options_.idle_timeout);
  idle_.async_wait([weak = weak_from_this()](const boost::system::error_code& ec) {
    if (ec) return;
    if (auto self = weak.lock()) {
      CMR_LOG(sip, info, "TCP %s idle, closing", self->peer_.to_string().c_str());
      self->close();
    }
  });
}

void tcp_connection::read() {
  socket_.async_read_some(
      boost::asio::buffer(buffer_),
      [self = shared_from_this()](const boost::system::error_code& ec, std::size_t n) {
        if (self->closed_) return;
        if (ec) {
          self->close();
          return;
        }
        self->touch();
        self->framer_.append(std::string_view(self->buffer_.data(), n));
        while (!self->closed_) {
          auto next = self->framer_.next();
          if (!next) {
            // Framing lost: report, then close (no way to find the next message).
            CMR_LOG(sip, info, "TCP from %s: framing lost (%s: %s), closing",
                    self->peer_.to_string().c_str(), to_string(next.error().code),
                    next.error().detail.c_str());
            self->user_.on_parse_error(next.error(), self->peer_, self->id_);
            self->close();
            return;
          }
          if (!next->has_value()) break;
          auto parsed = parse_message(**next, self->options_.limits);
          if (parsed) {
            self->user_.on_message(std::move(*parsed), self->peer_, self->id_);
          } else {
            CMR_LOG(sip, info, "TCP from %s: unparseable (%s: %s)", self->peer_.to_string().c_str(),
                    to_string(parsed.error().code), parsed.error().detail.c_str());
            self->user_.on_parse_error(parsed.error(), self->peer_, self->id_);
          }
        }
        if (!self->closed_) self->read();
      });
}

bool tcp_connection::send(std::string bytes) {
  if (closed_) return false;
  if (queued_bytes_ + bytes.size() > options_.max_write_queue) {
    CMR_LOG(sip, notice, "TCP %s write queue full, closing", peer_.to_string().c_str());
    close();
    return false;
  }
  queued_bytes_ += bytes.size();
  queue_.push_back(std::move(bytes));
  touch();
  write_next();
  return true;
}

void tcp_connection::write_next() {
  if (writing_ || !connected_ || queue_.empty() || closed_) return;
  writing_ = true;
  boost::asio::async_write(
      socket_, boost::asio::buffer(queue_.front()),
      [self = shared_from_this()](const boost::system::error_code& ec, std::size_t) {
        self->writing_ = false;
        if (self->closed_) return;
        if (ec) {
          self->close();
          return;
        }
        self->queued_bytes_ -= self->queue_.front().size();
        self->queue_.pop_front();
        self->write_next();
      });
}

void tcp_connection::close() {
  if (closed_) return;
  closed_ = true;
  boost::system::error_code ec;
  idle_.cancel();
  socket_.shutdown(boost::asio::ip::tcp::socket::shutdown_both, ec);
  socket_.close(ec);
  queue_.clear();
  if (on_closed_) on_closed_(id_);
}

}  // namespace cmr::sip
