// licpool: license pools for PBX, dialer and contact-center software.
// Distributed under the Boost Software License, Version 1.0.
#ifndef LICPOOL_AUDIT_AUDIT_SNAPSHOT_HPP
#define LICPOOL_AUDIT_AUDIT_SNAPSHOT_HPP

#include <licpool/audit/audit_input.hpp>

#if !defined(LICPOOL_EXPECTED_MISSING) // no expected type: core/expected.hpp says so, once
namespace licpool {

/// The auditor's input under its old name: a "snapshot" is now only the persisted text
/// (DESIGN 7). Kept for one release so that a host's own Auditor compiles unchanged.
using audit_snapshot [[deprecated("audit_snapshot is now audit_input")]] = audit_input;

} // namespace licpool
#endif // !defined(LICPOOL_EXPECTED_MISSING)

#endif // LICPOOL_AUDIT_AUDIT_SNAPSHOT_HPP
