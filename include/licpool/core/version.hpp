// licpool: license pools for PBX, dialer and contact-center software.
// Distributed under the Boost Software License, Version 1.0.
#ifndef LICPOOL_CORE_VERSION_HPP
#define LICPOOL_CORE_VERSION_HPP

// The single place the version is written down; CMake reads it from here.
#define LICPOOL_VERSION_MAJOR 0
#define LICPOOL_VERSION_MINOR 1
#define LICPOOL_VERSION_PATCH 0

#define LICPOOL_VERSION \
    (LICPOOL_VERSION_MAJOR * 10000 + LICPOOL_VERSION_MINOR * 100 + LICPOOL_VERSION_PATCH)

#if !defined(LICPOOL_SKIP_LANGUAGE_CHECK)
#  if defined(_MSVC_LANG)
#    define LICPOOL_CPLUSPLUS _MSVC_LANG
#  else
#    define LICPOOL_CPLUSPLUS __cplusplus
#  endif
#  if LICPOOL_CPLUSPLUS < 201703L
#    error "licpool needs C++17 or later (compile with -std=c++17 or newer)"
#  endif
#endif

namespace licpool {

inline constexpr int version_major = LICPOOL_VERSION_MAJOR;
inline constexpr int version_minor = LICPOOL_VERSION_MINOR;
inline constexpr int version_patch = LICPOOL_VERSION_PATCH;

} // namespace licpool

#endif // LICPOOL_CORE_VERSION_HPP
