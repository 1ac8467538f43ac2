// An Allocator policy without divide(): the pool must say which member is missing.
#include <licpool/pool/license_pool.hpp>

struct allocator_without_divide {
    std::chrono::nanoseconds idle_window() const { return std::chrono::seconds{60}; }
    licpool::bounds job_bounds(const licpool::job_view&) const { return {}; }
    licpool::bounds node_bounds(const licpool::limits&, std::uint64_t) const { return {}; }
};

using pool_with_bad_allocator = licpool::license_pool<licpool::tier_hierarchy, allocator_without_divide>;
static_assert(sizeof(pool_with_bad_allocator) > 0, "instantiates the pool");
