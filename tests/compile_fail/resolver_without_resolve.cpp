// A HierarchyResolver policy without resolve(): the pool must say which member is missing.
#include <licpool/pool/license_pool.hpp>

struct resolver_without_resolve {};

using pool_with_bad_resolver = licpool::license_pool<resolver_without_resolve>;
static_assert(sizeof(pool_with_bad_resolver) > 0, "instantiates the pool");
