// A Sync policy without unlock(): the pool, which takes it, must say which member is missing.
#include <licpool/pool/license_pool.hpp>

struct lock_only {
    void lock() {}
};

using pool_with_bad_mutex = licpool::license_pool<licpool::tier_hierarchy, licpool::reserved_dynamic_allocator<>,
                                                  licpool::compliance_auditor<>, licpool::feature_key_validator<>,
                                                  lock_only>;
static_assert(sizeof(pool_with_bad_mutex) > 0, "instantiates the pool");
