// licpool: license pools for PBX, dialer and contact-center software.
// Distributed under the Boost Software License, Version 1.0.
//
// The pool without the parts few hosts use, for hosts that want to compile less: keys, the
// catalog, allocation, the pool itself (jobs, agents, acquire and release, tenants and users,
// node leases, audits, explanations) and its events. Left out, each in a header of its own that
// <licpool/licpool.hpp> includes: snapshots (<licpool/pool/persistence.hpp>) and the ready
// pattern criterion for usage factors, `attribute_matches`, with licpool's own regular
// expressions (<licpool/audit/usage_factor.hpp>, <licpool/audit/pattern.hpp>).
#ifndef LICPOOL_POOL_HPP
#define LICPOOL_POOL_HPP

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

#include <licpool/audit/user_criterion.hpp>
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
#include <licpool/pool/pool_options.hpp>
#include <licpool/pool/tenant_handle.hpp>
#include <licpool/pool/usage.hpp>
#include <licpool/pool/write_step.hpp>
#include <licpool/pool/license_pool.hpp>

#endif // LICPOOL_POOL_HPP
