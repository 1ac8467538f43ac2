// A snapshot taken with only <licpool/pool.hpp>, which leaves the snapshot codec out: the
// pool must name the header to include.
#include <licpool/pool.hpp>

#include <string>

std::string snapshot_of(const licpool::license_pool_mt<>& pool) { return pool.snapshot(); }
