// The SHA-256 compression paths the key tests run every hash through (issue 16): the
// portable one always, SHA-NI where it is compiled in and this CPU has it.
#ifndef LICPOOL_TESTS_KEYS_SHA256_PATHS_HPP
#define LICPOOL_TESTS_KEYS_SHA256_PATHS_HPP

#include <licpool/keys/sha256.hpp>

#include "licpool_catch.hpp"

#include <vector>

namespace licpool_test {

struct sha256_path {
    const char* name;
    licpool::detail::sha256_compress_function compress;
};

/// The paths this build and CPU can run; says so, once per test case, when SHA-NI is not
/// among them, so a run on another machine does not pass it by silently.
inline std::vector<sha256_path> sha256_paths() {
    std::vector<sha256_path> paths{{"portable", &licpool::detail::sha256_compress_portable}};
#if defined(LICPOOL_DETAIL_SHA256_X86)
    if (licpool::detail::sha256_sha_ni_usable()) {
        paths.push_back({"SHA-NI", &licpool::detail::sha256_compress_sha_ni});
    } else {
        WARN("SHA-NI checks skipped: this CPU lacks the SHA extensions (or SSE4.1/SSSE3)");
    }
#else
    WARN("SHA-NI checks skipped: the SHA-NI path is not compiled in (LICPOOL_PORTABLE_SHA256, not x86-64, "
         "or a compiler without it)");
#endif
    return paths;
}

/// Every hash in its scope (sha256, hmac_sha256, keys) compresses with `path`.
class scoped_sha256_path {
public:
    explicit scoped_sha256_path(const sha256_path& path) : before_{licpool::detail::sha256_compressor()} {
        licpool::detail::sha256_compressor() = path.compress;
    }
    scoped_sha256_path(const scoped_sha256_path&) = delete;
    scoped_sha256_path& operator=(const scoped_sha256_path&) = delete;
    ~scoped_sha256_path() { licpool::detail::sha256_compressor() = before_; }

private:
    licpool::detail::sha256_compress_function before_;
};

} // namespace licpool_test

#endif // LICPOOL_TESTS_KEYS_SHA256_PATHS_HPP
