# One sanitizer configuration for the whole tree, so that every library and
# test links the same runtime.
if(CMR_SANITIZE STREQUAL "address-undefined")
  add_compile_options(-fsanitize=address,undefined -fno-omit-frame-pointer
                      -fno-sanitize-recover=undefined)
  add_link_options(-fsanitize=address,undefined)
elseif(CMR_SANITIZE STREQUAL "thread")
  add_compile_options(-fsanitize=thread -fno-omit-frame-pointer)
  add_link_options(-fsanitize=thread)
elseif(NOT CMR_SANITIZE STREQUAL "")
  message(FATAL_ERROR "CMR_SANITIZE must be empty, address-undefined or thread")
endif()
