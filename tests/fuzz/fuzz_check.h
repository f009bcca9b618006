// What a fuzz target asserts beyond "no crash": a broken invariant aborts
// with the reason on stderr, in every build type (assert() vanishes under
// NDEBUG, and the release and libFuzzer builds define it). libFuzzer and the
// replay driver both report an abort as a failure and keep the input.
#pragma once

#include <cstdio>
#include <cstdlib>

#define CMR_FUZZ_CHECK(cond)                                                        \
  do {                                                                              \
    if (!(cond)) {                                                                  \
      std::fprintf(stderr, "%s:%d: fuzz invariant broken: %s\n", __FILE__, __LINE__, \
                   #cond);                                                          \
      std::abort();                                                                 \
    }                                                                               \
  } while (false)
