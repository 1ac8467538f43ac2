// A Clock policy whose optional attempt_time() returns the wrong type: the pool must say so
// rather than fall back to now() and leave the host's member silently unused.
#include <licpool/pool/license_pool.hpp>

struct clock_with_wrong_attempt_time {
    licpool::steady_time now() const { return {}; }
    licpool::date today() const { return {}; }
    long attempt_time() const { return 0; }
};

using pool_with_bad_clock = licpool::license_pool<licpool::tier_hierarchy, licpool::reserved_dynamic_allocator<>,
                                                  licpool::compliance_auditor<>, licpool::feature_key_validator<>,
                                                  std::mutex, clock_with_wrong_attempt_time>;
static_assert(sizeof(pool_with_bad_clock) > 0, "instantiates the pool");
