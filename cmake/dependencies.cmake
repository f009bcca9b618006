# Every external dependency is found here, once.
find_package(PkgConfig REQUIRED)
find_package(Threads REQUIRED)
find_package(Boost 1.74 REQUIRED)
find_package(SQLite3 REQUIRED)
# media/: audio decoding (WAV, FLAC, Ogg) and SHA-256/HMAC for content and signed URLs.
pkg_check_modules(SNDFILE REQUIRED IMPORTED_TARGET sndfile)
# DTMF detection on G.711 bearers (media/dtmf, spec 5.7 on-line copy)
pkg_check_modules(SPANDSP REQUIRED IMPORTED_TARGET spandsp)
find_package(OpenSSL REQUIRED COMPONENTS Crypto)
# cmr-server as a systemd service: sd_notify (READY, STATUS, WATCHDOG).
pkg_check_modules(SYSTEMD REQUIRED IMPORTED_TARGET libsystemd)

# libosmo-sigtran.pc has no Requires: list the whole family explicitly.
pkg_check_modules(OSMO REQUIRED IMPORTED_TARGET
  libosmo-sigtran libosmocore libosmovty libosmogsm libosmo-netif talloc)

if(CMR_BUILD_TESTS)
  find_package(GTest REQUIRED)
endif()
if(CMR_BUILD_BENCH)
  find_package(benchmark REQUIRED)
endif()

# Management interfaces (mgmt/): XML and JSON bindings, password hashing.
find_package(pugixml REQUIRED)
find_package(nlohmann_json 3.10 REQUIRED)
find_package(OpenSSL REQUIRED COMPONENTS Crypto)
