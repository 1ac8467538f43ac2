// licpool: license pools for PBX, dialer and contact-center software.
// Distributed under the Boost Software License, Version 1.0.
//
// The umbrella header: everything a host needs, except `licpool/fmt.hpp`, which adds {fmt}
// formatters and is included on its own by hosts that use {fmt}.
#ifndef LICPOOL_LICPOOL_HPP
#define LICPOOL_LICPOOL_HPP

#include <licpool/core/version.hpp>
#include <licpool/core/errc.hpp>
#include <licpool/core/error.hpp>
#include <licpool/core/expected.hpp>
#include <licpool/core/ids.hpp>
#include <licpool/core/date.hpp>
#include <licpool/core/clock.hpp>
#include <licpool/core/sync.hpp>

#include <licpool/catalog/kind.hpp>
#include <licpool/catalog/catalog.hpp>
#include <licpool/catalog/presets.hpp>

#include <licpool/keys/constant_time.hpp>
#include <licpool/keys/sha256.hpp>
#include <licpool/keys/hmac_sha256.hpp>
#include <licpool/keys/mac_policy.hpp>
#include <licpool/keys/crockford_base32.hpp>
#include <licpool/keys/vendor_secret.hpp>
#include <licpool/keys/serial_provider.hpp>
#include <licpool/keys/feature_key.hpp>
#include <licpool/keys/entitlement.hpp>
#include <licpool/keys/key_ring.hpp>
#include <licpool/keys/feature_key_validator.hpp>

#include <licpool/allocation/share.hpp>
#include <licpool/allocation/job.hpp>
#include <licpool/allocation/reserved_dynamic_allocator.hpp>
#include <licpool/allocation/tier_hierarchy.hpp>

#include <licpool/audit/usage_factor.hpp>
#include <licpool/audit/compliance_report.hpp>
#include <licpool/audit/report_text.hpp>
#include <licpool/audit/audit_input.hpp>
#include <licpool/audit/audit_history.hpp>
#include <licpool/audit/compliance_auditor.hpp>

#include <licpool/pool/call_leases.hpp>
#include <licpool/pool/lease.hpp>
#include <licpool/pool/node_lease.hpp>
#include <licpool/pool/poll_status.hpp>
#include <licpool/pool/pool_event.hpp>
#include <licpool/pool/quota_explanation.hpp>
#include <licpool/pool/snapshot_serial.hpp>
#include <licpool/pool/license_pool.hpp>
#include <licpool/pool/ticker.hpp>

#endif // LICPOOL_LICPOOL_HPP
