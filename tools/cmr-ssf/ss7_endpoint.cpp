#include "tools/cmr-ssf/ss7_endpoint.h"

#include <cstdio>
#include <thread>

namespace cmr::tools::ssf {

cmr::result<std::unique_ptr<ss7_endpoint>, std::string> ss7_endpoint::start(
    boost::asio::io_context& io, const ss7_endpoint_options& o) {
  std::unique_ptr<ss7_endpoint> e(new ss7_endpoint(io));
  e->bridge_.start();
  sigtran::osmo_runtime_options ro;
  ro.app = {o.app_name, "1", o.app_description};
  ro.config_file = o.config_file;
  ro.default_vty_port = o.default_vty_port;
  auto stack = sigtran::start_sigtran_client(e->bridge_, ro);
  if (!stack) return cmr::unexpected{stack.error()};
  e->stack_ = std::make_unique<sigtran::ss7_stack>(e->bridge_, std::move(*stack));
  if (auto r = e->stack_->start(); !r) return cmr::unexpected{r.error()};
  return e;
}

ss7_endpoint::~ss7_endpoint() {
  stop();
}

void ss7_endpoint::stop() {
  if (stack_) stack_->stop();
  bridge_.stop();
}

sigtran::sccp_service* ss7_endpoint::attach(std::uint8_t ssn, boost::asio::any_io_executor executor,
                                            sigtran::unitdata_handler handler) {
  return stack_->attach(ssn, std::move(executor), std::move(handler));
}

bool ss7_endpoint::wait_active(std::chrono::milliseconds timeout) {
  const auto until = std::chrono::steady_clock::now() + timeout;
  for (;;) {
    for (const auto& r : stack_->links().links())
      if (r.what == sigtran::link_row::kind::as && r.state == "AS_ACTIVE") return true;
    if (std::chrono::steady_clock::now() >= until) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
}

std::optional<std::uint32_t> parse_point_code(const std::string& s) {
  unsigned a = 0, b = 0, c = 0;
  char tail = 0;
  if (std::sscanf(s.c_str(), "%u.%u.%u%c", &a, &b, &c, &tail) == 3) {
    if (a > 7 || b > 255 || c > 7) return std::nullopt;
    return (a << 11) | (b << 3) | c;
  }
  if (s.empty() || s.find_first_not_of("0123456789") != std::string::npos || s.size() > 5)
    return std::nullopt;
  const unsigned long v = std::stoul(s);
  if (v > 16383) return std::nullopt;
  return static_cast<std::uint32_t>(v);
}

std::string point_code_text(std::uint32_t pc) {
  return std::to_string((pc >> 11) & 7) + "." + std::to_string((pc >> 3) & 0xff) + "." +
         std::to_string(pc & 7);
}

}  // namespace cmr::tools::ssf
