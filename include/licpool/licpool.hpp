// licpool: license pools for PBX, dialer and contact-center software.
// Distributed under the Boost Software License, Version 1.0.
//
// The umbrella header: everything a host needs, except `licpool/fmt.hpp`, which adds {fmt}
// formatters and is included on its own by hosts that use {fmt}. It is <licpool/pool.hpp>
// with snapshots, the pattern usage-factor criterion (licpool's own regular expressions, not
// <regex>) and the ticker; a host that needs none of them compiles less with <licpool/pool.hpp>.
#ifndef LICPOOL_LICPOOL_HPP
#define LICPOOL_LICPOOL_HPP

#include <licpool/pool.hpp>

#include <licpool/audit/usage_factor.hpp>
#include <licpool/pool/atomic_file.hpp>
#include <licpool/pool/persistence.hpp>
#include <licpool/pool/ticker.hpp>

#endif // LICPOOL_LICPOOL_HPP
