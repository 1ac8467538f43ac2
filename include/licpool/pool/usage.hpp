// licpool: license pools for PBX, dialer and contact-center software.
// Distributed under the Boost Software License, Version 1.0.
#ifndef LICPOOL_POOL_USAGE_HPP
#define LICPOOL_POOL_USAGE_HPP

#include <cstdint>

#if !defined(LICPOOL_EXPECTED_MISSING) // no expected type: core/expected.hpp says so, once
namespace licpool {

/// A quota, share or entitlement next to what is in use under it.
struct usage {
    std::uint32_t limit = 0;
    std::uint32_t in_use = 0;

    friend bool operator==(const usage& a, const usage& b) noexcept {
        return a.limit == b.limit && a.in_use == b.in_use;
    }
    friend bool operator!=(const usage& a, const usage& b) noexcept { return !(a == b); }
};

} // namespace licpool
#endif // !defined(LICPOOL_EXPECTED_MISSING)

#endif // LICPOOL_POOL_USAGE_HPP
