# Warnings for the project's own code. Generated or third-party code gets its
# own, quieter flags where it is built. -Wnull-dereference is left out: with
# GCC 12 at -O3 it reports false positives inside libstdc++ (placement new in
# std::construct_at), which -Werror would turn into a broken Release build.
function(cmr_set_warnings target)
  target_compile_options(${target} PRIVATE
    -Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor -Wold-style-cast
    -Wcast-align -Wunused -Woverloaded-virtual -Wconversion -Wsign-conversion
    -Wdouble-promotion -Wformat=2 -Wimplicit-fallthrough)
  if(CMR_WERROR)
    target_compile_options(${target} PRIVATE -Werror)
  endif()
endfunction()
