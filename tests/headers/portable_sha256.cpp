// Issue 16: LICPOOL_PORTABLE_SHA256 leaves the SHA-NI path out, and the portable path
// compiles on its own under the project's warnings.
#if !defined(LICPOOL_PORTABLE_SHA256)
#define LICPOOL_PORTABLE_SHA256
#endif
#include <licpool/keys/hmac_sha256.hpp>

#if defined(LICPOOL_DETAIL_SHA256_X86)
#error "LICPOOL_PORTABLE_SHA256 must leave the SHA-NI path out"
#endif
