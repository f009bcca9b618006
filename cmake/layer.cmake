# cmr_layer(<name> [DEPS <targets>...]): one library target per source folder,
# built from the folder's *.cpp (recursively, so codec/ or tcap/ subfolders
# belong to their layer). A folder without sources yet is an INTERFACE target
# carrying its dependencies, so the layering is fixed before the code exists.
# EXCLUDE names subfolders that build as their own target (in/codec).
function(cmr_layer name)
  cmake_parse_arguments(L "" "" "DEPS;EXCLUDE" ${ARGN})
  file(GLOB_RECURSE srcs CONFIGURE_DEPENDS ${CMAKE_CURRENT_SOURCE_DIR}/*.cpp)
  foreach(dir ${L_EXCLUDE})
    list(FILTER srcs EXCLUDE REGEX "^${CMAKE_CURRENT_SOURCE_DIR}/${dir}/")
  endforeach()
  if(srcs)
    add_library(${name} STATIC ${srcs})
    target_include_directories(${name} PUBLIC ${PROJECT_SOURCE_DIR} ${CMAKE_BINARY_DIR}/generated)
    target_link_libraries(${name} PUBLIC ${L_DEPS})
    cmr_set_warnings(${name})
  else()
    add_library(${name} INTERFACE)
    target_include_directories(${name} INTERFACE ${PROJECT_SOURCE_DIR} ${CMAKE_BINARY_DIR}/generated)
    target_link_libraries(${name} INTERFACE ${L_DEPS})
  endif()
endfunction()
