# One sanitizer configuration for the whole tree, so that every library and
# test links the same runtime.
if(CMR_SANITIZE STREQUAL "address-undefined")
  add_compile_options(-fsanitize=address,undefined -fno-omit-frame-pointer
                      -fno-sanitize-recover=undefined)
  add_link_options(-fsanitize=address,undefined)
elseif(CMR_SANITIZE STREQUAL "thread")
  # -Wno-tsan: GCC 12 warns that TSan ignores std::atomic_thread_fence, which
  # Boost.Asio's fenced blocks use; with -Werror that breaks every Asio user.
  # TSan missing a fence can only add false reports, never hide a race.
  add_compile_options(-fsanitize=thread -fno-omit-frame-pointer -Wno-tsan)
  add_link_options(-fsanitize=thread)
elseif(NOT CMR_SANITIZE STREQUAL "")
  message(FATAL_ERROR "CMR_SANITIZE must be empty, address-undefined or thread")
endif()
