// An Auditor policy without audit(): the pool must say which member is missing.
#include <licpool/pool/license_pool.hpp>

struct auditor_without_audit {};

using pool_with_bad_auditor =
    licpool::license_pool<licpool::tier_hierarchy, licpool::reserved_dynamic_allocator<>, auditor_without_audit>;
static_assert(sizeof(pool_with_bad_auditor) > 0, "instantiates the pool");
