// A Clock policy without today(): the pool, which takes it, must say which member is missing.
#include <licpool/pool/license_pool.hpp>

struct clock_without_today {
    licpool::steady_time now() const { return {}; }
};

using pool_with_bad_clock = licpool::license_pool<licpool::tier_hierarchy, licpool::reserved_dynamic_allocator<>,
                                                  licpool::compliance_auditor<>, licpool::feature_key_validator<>,
                                                  std::mutex, clock_without_today>;
static_assert(sizeof(pool_with_bad_clock) > 0, "instantiates the pool");
