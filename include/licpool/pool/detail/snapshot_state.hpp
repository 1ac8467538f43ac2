// licpool: license pools for PBX, dialer and contact-center software.
// Distributed under the Boost Software License, Version 1.0.
#ifndef LICPOOL_POOL_DETAIL_SNAPSHOT_STATE_HPP
#define LICPOOL_POOL_DETAIL_SNAPSHOT_STATE_HPP

#include <licpool/allocation/job.hpp>
#include <licpool/audit/compliance_report.hpp>
#include <licpool/core/date.hpp>
#include <licpool/core/ids.hpp>
#include <licpool/keys/feature_key_validator.hpp>
#include <licpool/pool/detail/allocation_state.hpp>
#include <licpool/pool/poll_status.hpp>

#include <cstddef>
#include <cstdint>
#include <licpool/core/detail/functional.hpp> // std::function, std::less, std::hash without the rest
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#if !defined(LICPOOL_EXPECTED_MISSING) // no expected type: core/expected.hpp says so, once
// The snapshot of DESIGN 7: a versioned, human-readable text, one record per line, each line
// space-separated tokens, the last line a MAC of everything before it under the vendor
// secret. Free text (names, messages, attribute values) is percent-encoded so a token never
// holds a space or a line break: `%XX` for '%', control characters, space and non-ASCII
// bytes; `%%` for the empty string. Text is UTF-8: zone, organization and job names may hold
// any UTF-8 character but controls (zones and organizations also no space or '/'), and a
// name read back is checked by the same rule as when it was set (DESIGN 4), byte by byte
// as unsigned, so a snapshot written on one platform reads the same on every other.
//
// The codec is split the way its two sides meet: this header is what both share,
// snapshot_tokens.hpp how one value becomes one token and back, snapshot_writer.hpp and
// snapshot_reader.hpp (with snapshot_report_reader.hpp for the audit history) each one
// direction. snapshot_format.hpp includes them all.
//
// Format history:
//   1  keys, trials, latest date, zones, organizations, settings, jobs, users, polls.
//   2  adds node leases and the fence counter, and the audit history. Version 1 is still
//      read: it simply has no leases and no history.
namespace licpool::detail {

inline constexpr int snapshot_version = 2;
inline constexpr std::string_view snapshot_magic = "licpool-snapshot";

/// Everything a snapshot holds, between the pool and the text.
/// (A template with an unused parameter, like the reader and writer, so that its members'
/// containers are instantiated where a pool persists, not in every file that includes the
/// codec: scripts/compile-times.)
template <class Unused = void>
struct basic_snapshot_state {
    struct node {
        bool zone = true;
        std::string zone_name; // an organization's zone
        std::string name;
        std::uint32_t acquired = 0;
        std::map<kind_id, limits> settings;
    };
    struct job_kind {
        kind_id kind;
        std::uint32_t min = 0;
        std::uint32_t max = 0;
    };
    struct job {
        std::string name;
        std::string zone;
        std::string organization;
        int priority = 1;
        allocation_mode mode = allocation_mode::reserved;
        job_state state = job_state::running;
        std::optional<kind_id> campaign;
        std::vector<job_kind> kinds;
    };
    struct user {
        std::string zone;
        std::string organization;
        std::string name;
        bool station = false;
        bool removed = false;
        license_method method = license_method::none;
        std::map<std::string, std::string, std::less<>> attributes;
        std::vector<kind_id> assigned;
    };
    struct lease {
        std::string holder;
        std::uint64_t fence = 0;
        std::uint64_t request_id = 0;
        kind_id kind;
        std::uint32_t count = 0;
        std::int64_t remaining_ms = 0;
    };
    struct lease_request {
        std::string holder;
        std::uint64_t request_id = 0;
        std::uint64_t fence = 0;
    };

    int version = snapshot_version;
    std::string catalog;
    std::string serial;
    std::string source; // "keys" or "license_server"
    date latest;
    std::vector<trial_record> trials;
    std::vector<std::string> keys;
    std::vector<std::size_t> key_lines; // where each key stands, for errors while re-validating
    std::vector<node> nodes;            // in creation order
    std::vector<job> jobs;              // in start order
    std::vector<user> users;            // in id order, removed ones too, so ids stay
    poll_status poll;
    std::uint64_t last_fence = 0;
    std::vector<lease> leases;
    std::vector<lease_request> lease_requests;
    std::uint64_t audits = 0;
    bool daily_audit = false;
    std::optional<date> last_daily_audit;
    std::vector<compliance_report> history;
};
using snapshot_state = basic_snapshot_state<>;

} // namespace licpool::detail
#endif // !defined(LICPOOL_EXPECTED_MISSING)

#endif // LICPOOL_POOL_DETAIL_SNAPSHOT_STATE_HPP
