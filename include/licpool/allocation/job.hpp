// licpool: license pools for PBX, dialer and contact-center software.
// Distributed under the Boost Software License, Version 1.0.
#ifndef LICPOOL_ALLOCATION_JOB_HPP
#define LICPOOL_ALLOCATION_JOB_HPP

#include <licpool/catalog/kind.hpp>
#include <licpool/core/ids.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#if !defined(LICPOOL_EXPECTED_MISSING) // no expected type: core/expected.hpp says so, once
namespace licpool {

/// How a job holds its quota (DESIGN 4.2, from the POM seed's campaign strategies).
enum class allocation_mode : std::uint8_t {
    reserved, ///< keeps its quota, idle or not; never donates
    dynamic,  ///< gives up what it does not use while idle, always keeping its min
};

/// Where a job is in its life (DESIGN 4.2). Only a running job takes new licenses.
enum class job_state : std::uint8_t {
    running,
    paused,  ///< `resume` brings it back
    stopped, ///< for good; its name stays taken
    snoozed, ///< an agent-based job that let all its agents go; `wake` brings it back
};

constexpr std::string_view to_string(allocation_mode m) noexcept {
    return m == allocation_mode::reserved ? "reserved" : "dynamic";
}

constexpr std::string_view to_string(job_state s) noexcept {
    switch (s) {
    case job_state::running: return "running";
    case job_state::paused: return "paused";
    case job_state::stopped: return "stopped";
    case job_state::snoozed: return "snoozed";
    }
    return "unknown";
}

/// A node's settings for one kind (DESIGN 4): a guaranteed minimum, a maximum and the weight
/// that orders it among its siblings. A kind a node has no settings for gets the defaults.
struct limits {
    std::uint32_t min = 0;
    std::uint32_t max = unlimited;
    std::uint32_t weight = 1;

    // Named settings (issue 15): `limits{}.with_min(10).with_max(80).with_weight(2)` cannot
    // swap a min and a max the way `limits{10, 80, 2}` can. Each returns a changed copy, so
    // they chain on a temporary in C++17 too.
    constexpr limits with_min(std::uint32_t value) const noexcept {
        limits out = *this;
        out.min = value;
        return out;
    }
    constexpr limits with_max(std::uint32_t value) const noexcept {
        limits out = *this;
        out.max = value;
        return out;
    }
    constexpr limits with_weight(std::uint32_t value) const noexcept {
        limits out = *this;
        out.weight = value;
        return out;
    }

    friend constexpr bool operator==(const limits& a, const limits& b) noexcept {
        return a.min == b.min && a.max == b.max && a.weight == b.weight;
    }
    friend constexpr bool operator!=(const limits& a, const limits& b) noexcept { return !(a == b); }
};

/// `limits` for the kind named `kind`, as a zone or organization is configured:
/// `pool.set_zone("emea", {{"outbound_port", {10, 80}}})`.
struct kind_limits {
    std::string kind;
    limits value;
};

/// The lowest and highest job priority (DESIGN 4: priority 1..10).
inline constexpr int min_priority = 1;
inline constexpr int max_priority = 10;

/// What `start_job` needs to know (DESIGN 4). The min and max apply to every kind listed,
/// unless `limits_for` gives a kind its own.
///
/// Each setting has a name, so none can be swapped for another (a min for a priority, say):
///
/// ```cpp
/// licpool::job_spec{}.in(org).named("spring-renewals").priority(3).min(5).max(50).dynamic()
///     .kinds({"outbound_port"})
/// ```
///
/// A setting not given keeps its default: the default organization of the default zone,
/// priority 5 (the middle of 1..10), min 0, no max (`unlimited`), reserved, no kinds (which
/// `start_job` refuses: a job needs at least one). The positional constructors remain for
/// existing code.
///
/// An agent-based job (DESIGN 4.5) names its campaign's seat kind with `agents`: its min and
/// max then count agents, and seats of that tier or a higher one serve it.
class job_spec {
public:
    /// Every setting at its default (see above).
    job_spec() = default;

    job_spec(organization_id organization, int priority, std::uint32_t min, std::uint32_t max,
             allocation_mode mode, std::vector<std::string> kinds)
        : organization_{organization}, priority_{priority}, min_{min}, max_{max}, mode_{mode},
          kinds_{std::move(kinds)} {}

    /// A job in the default organization of the default zone.
    job_spec(int priority, std::uint32_t min, std::uint32_t max, allocation_mode mode,
             std::vector<std::string> kinds)
        : priority_{priority}, min_{min}, max_{max}, mode_{mode}, kinds_{std::move(kinds)} {}

    /// The organization the job belongs to.
    job_spec& in(organization_id organization) noexcept { organization_ = organization; return *this; }
    /// The job's priority, 1..10 (DESIGN 4: its weight among its siblings).
    job_spec& priority(int value) noexcept { priority_ = value; return *this; }
    /// The min of every kind listed (a guarantee, DESIGN 4.1), unless `limits_for` sets a kind's own.
    job_spec& min(std::uint32_t value) noexcept { min_ = value; return *this; }
    /// The max of every kind listed, unless `limits_for` sets a kind's own.
    job_spec& max(std::uint32_t value) noexcept { max_ = value; return *this; }
    /// How the job holds its quota (DESIGN 4.2).
    job_spec& mode(allocation_mode value) noexcept { mode_ = value; return *this; }
    /// `mode(allocation_mode::dynamic)`: lends what it does not use while idle.
    job_spec& dynamic() noexcept { return mode(allocation_mode::dynamic); }
    /// `mode(allocation_mode::reserved)`: keeps its quota, idle or not.
    job_spec& reserved() noexcept { return mode(allocation_mode::reserved); }
    /// The kinds the job takes, by name.
    job_spec& kinds(std::vector<std::string> names) { kinds_ = std::move(names); return *this; }
    /// The job's name, unique in the pool (default: `job-<id>`).
    job_spec& named(std::string name) { name_ = std::move(name); return *this; }
    /// Makes this an agent-based job whose campaign needs seats of `seat_kind` or higher.
    job_spec& agents(std::string seat_kind) { campaign_ = std::move(seat_kind); return *this; }
    /// Gives `kind` its own min and max (the kind is added to the job if not listed).
    // Both limits_for are member templates (never given a template argument) only so that
    // the vector's growth code is compiled where they are called (issue 15).
    template <class Unused = void>
    job_spec& limits_for(std::string kind, std::uint32_t min, std::uint32_t max) {
        overrides_.push_back({std::move(kind), {min, max, 1}});
        return *this;
    }
    /// The same with named settings: `limits_for("tts", limits{}.with_max(4))`. A job has no
    /// weight per kind (its priority is its weight), so `value.weight` is not used.
    template <class Unused = void>
    job_spec& limits_for(std::string kind, licpool::limits value) {
        return limits_for(std::move(kind), value.min, value.max);
    }

    const std::optional<organization_id>& organization() const noexcept { return organization_; }
    int priority() const noexcept { return priority_; }
    std::uint32_t min() const noexcept { return min_; }
    std::uint32_t max() const noexcept { return max_; }
    allocation_mode mode() const noexcept { return mode_; }
    const std::vector<std::string>& kinds() const noexcept { return kinds_; }
    const std::string& name() const noexcept { return name_; }
    const std::string& campaign() const noexcept { return campaign_; }
    const std::vector<kind_limits>& overrides() const noexcept { return overrides_; }

private:
    std::optional<organization_id> organization_;
    int priority_ = 5;
    std::uint32_t min_ = 0;
    std::uint32_t max_ = unlimited;
    allocation_mode mode_ = allocation_mode::reserved;
    std::vector<std::string> kinds_;
    std::string name_;
    std::string campaign_;
    std::vector<kind_limits> overrides_;
};

} // namespace licpool
#endif // !defined(LICPOOL_EXPECTED_MISSING)

#endif // LICPOOL_ALLOCATION_JOB_HPP
