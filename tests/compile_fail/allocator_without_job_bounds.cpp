// An Allocator policy without job_bounds(): the pool must say which member is missing.
#include <licpool/pool/license_pool.hpp>

struct allocator_without_job_bounds {
    std::chrono::nanoseconds idle_window() const { return std::chrono::seconds{60}; }
    licpool::bounds node_bounds(const licpool::limits&, std::uint64_t) const { return {}; }
    void divide(std::uint64_t, const licpool::share_child*, std::size_t, std::uint32_t*) const {}
};

using pool_with_bad_allocator = licpool::license_pool<licpool::tier_hierarchy, allocator_without_job_bounds>;
static_assert(sizeof(pool_with_bad_allocator) > 0, "instantiates the pool");
