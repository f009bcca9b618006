// A move-only `void()` callable. std::function needs copyable targets, but work
// crossing threads often owns buffers (std::unique_ptr, std::vector moved in);
// C++20 has no std::move_only_function, so this is the small subset we need.
#pragma once

#include <memory>
#include <type_traits>
#include <utility>

namespace cmr::sigtran {

class unique_task {
public:
  unique_task() = default;

  template <typename F, typename = std::enable_if_t<!std::is_same_v<std::decay_t<F>, unique_task>>>
  unique_task(F&& f)  // NOLINT: implicit, so lambdas convert like to std::function
      : impl_(std::make_unique<model<std::decay_t<F>>>(std::forward<F>(f))) {}

  unique_task(unique_task&&) noexcept = default;
  unique_task& operator=(unique_task&&) noexcept = default;
  unique_task(const unique_task&) = delete;
  unique_task& operator=(const unique_task&) = delete;
  ~unique_task() = default;

  explicit operator bool() const { return impl_ != nullptr; }
  void operator()() { impl_->call(); }

private:
  struct concept_t {
    virtual ~concept_t() = default;
    virtual void call() = 0;
  };
  template <typename F>
  struct model final : concept_t {
    explicit model(F&& f) : fn(std::move(f)) {}
    explicit model(const F& f) : fn(f) {}
    void call() override { fn(); }
    F fn;
  };

  std::unique_ptr<concept_t> impl_;
};

}  // namespace cmr::sigtran
