// licpool: license pools for PBX, dialer and contact-center software.
// Distributed under the Boost Software License, Version 1.0.
#ifndef LICPOOL_AUDIT_COMPLIANCE_AUDITOR_HPP
#define LICPOOL_AUDIT_COMPLIANCE_AUDITOR_HPP

#include <licpool/core/version.hpp>

namespace licpool {

/// The compliance auditor policy (DESIGN 6). Work in progress: the compliance issue fills it.
template <class Unused = void>
class compliance_auditor {};

} // namespace licpool

#endif // LICPOOL_AUDIT_COMPLIANCE_AUDITOR_HPP
