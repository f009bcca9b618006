// A Beast body for downloads: either a short text (error pages, nothing for
// HEAD/304) or a byte range of an open file, streamed in 16 KiB pieces so a
// large video is never loaded whole. Beast 1.74's file_body always sends the
// whole file, which cannot answer a Range request.
#pragma once

#include <array>
#include <boost/asio/buffer.hpp>
#include <boost/beast/core/error.hpp>
#include <boost/beast/core/file.hpp>
#include <boost/beast/http/message.hpp>
#include <boost/optional.hpp>
#include <cstdint>
#include <string>
#include <utility>

namespace cmr::media {

struct content_body {
  class value_type {
  public:
    void assign_text(std::string text) {
      text_ = std::move(text);
      is_file_ = false;
    }
    // Serves [offset, offset + length) of the open file.
    void assign_file(boost::beast::file file, std::uint64_t offset, std::uint64_t length) {
      file_ = std::move(file);
      offset_ = offset;
      length_ = length;
      is_file_ = true;
    }
    [[nodiscard]] std::uint64_t size() const { return is_file_ ? length_ : text_.size(); }
    [[nodiscard]] bool is_file() const { return is_file_; }
    [[nodiscard]] const std::string& text() const { return text_; }
    [[nodiscard]] std::uint64_t offset() const { return offset_; }

  private:
    friend struct content_body;
    std::string text_;
    boost::beast::file file_;
    std::uint64_t offset_ = 0;
    std::uint64_t length_ = 0;
    bool is_file_ = false;
  };

  static std::uint64_t size(const value_type& v) { return v.size(); }

  class writer {
  public:
    using const_buffers_type = boost::asio::const_buffer;

    template <bool is_request, class Fields>
    writer(boost::beast::http::header<is_request, Fields>& /*h*/, value_type& body)
        : body_(body), remain_(body.size()) {}

    void init(boost::beast::error_code& ec) {
      ec = {};
      if (body_.is_file_) body_.file_.seek(body_.offset_, ec);
    }

    boost::optional<std::pair<const_buffers_type, bool>> get(boost::beast::error_code& ec) {
      ec = {};
      if (remain_ == 0) return boost::none;
      if (!body_.is_file_) {
        remain_ = 0;
        return {{const_buffers_type(body_.text_.data(), body_.text_.size()), false}};
      }
      const auto want = static_cast<std::size_t>(std::min<std::uint64_t>(remain_, buf_.size()));
      const auto n = body_.file_.read(buf_.data(), want, ec);
      if (ec) return boost::none;
      if (n == 0) {  // the file shrank under us: never send a short body silently
        ec = boost::beast::http::error::short_read;
        return boost::none;
      }
      remain_ -= n;
      return {{const_buffers_type(buf_.data(), n), remain_ > 0}};
    }

  private:
    value_type& body_;
    std::uint64_t remain_;
    std::array<char, 16384> buf_{};
  };
};

}  // namespace cmr::media
