# Warnings for the project's own code. Generated or third-party code gets its
# own, quieter flags where it is built.
function(cmr_set_warnings target)
  target_compile_options(${target} PRIVATE
    -Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor -Wold-style-cast
    -Wcast-align -Wunused -Woverloaded-virtual -Wconversion -Wsign-conversion
    -Wnull-dereference -Wdouble-promotion -Wformat=2 -Wimplicit-fallthrough)
  if(CMR_WERROR)
    target_compile_options(${target} PRIVATE -Werror)
  endif()
endfunction()
