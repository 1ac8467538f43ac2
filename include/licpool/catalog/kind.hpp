// licpool: license pools for PBX, dialer and contact-center software.
// Distributed under the Boost Software License, Version 1.0.
#ifndef LICPOOL_CATALOG_KIND_HPP
#define LICPOOL_CATALOG_KIND_HPP

#include <licpool/core/ids.hpp>

#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#if !defined(LICPOOL_EXPECTED_MISSING) // no expected type: core/expected.hpp says so, once
namespace licpool {

/// How a kind is counted (DESIGN 2).
enum class counting : std::uint8_t {
    counted, ///< a number of instances: ports, seats, users
    boolean, ///< an on/off feature (SMS or email channels): on when the entitlement is non-zero
};

/// When an instance of a kind is consumed (DESIGN 2), and so which call takes it from a user
/// (DESIGN 5): `assign` takes an assigned kind, `login` a concurrent one, either call a kind
/// consumed either way.
enum class consumption : std::uint8_t {
    concurrent, ///< while in use: a port during a call, Phone Manager while it runs
    assigned,   ///< while configured: a station, a mobility user, an organization
    either,     ///< as each allocation chooses: the web portal's access licenses
};

/// How a kind's consumption reads in messages and listings: "while in use", "when configured"
/// or "when configured or while in use".
constexpr const char* consumption_name(consumption c) noexcept {
    return c == consumption::assigned ? "when configured"
           : c == consumption::either ? "when configured or while in use"
                                      : "while in use";
}

/// No platform cap.
inline constexpr std::uint32_t unlimited = std::numeric_limits<std::uint32_t>::max();

/// The largest feature code: codes are 12 bits in a key (DESIGN 3).
inline constexpr std::uint16_t max_feature_code = 0xFFF;

/// What a catalog author writes for one kind; `catalog::make` checks and resolves it.
///
/// ```cpp
/// licpool::kind_spec{"telephony_port", 0x101}.cap(10000)
/// licpool::kind_spec{"marquee", 0x307}.boolean()
/// licpool::kind_spec{"uc_small_business_20", 0x220}.contains("mobility", 20)
/// ```
class kind_spec {
public:
    struct part {
        std::string kind;
        std::uint32_t multiplier;
    };

    kind_spec(std::string name, std::uint16_t feature_code)
        : name_{std::move(name)}, feature_code_{feature_code} {}

    /// An on/off feature rather than a number of instances.
    kind_spec& boolean() { counts_ = counting::boolean; return *this; }
    /// Consumed while configured rather than while in use.
    kind_spec& assigned() { consumed_ = consumption::assigned; return *this; }
    /// Consumed while configured or while in use, as each allocation chooses: a user takes it
    /// by `assign` or by `login` (DESIGN 5).
    kind_spec& assigned_or_concurrent() { consumed_ = consumption::either; return *this; }
    /// The most instances the platform supports; entitlement above it is clipped.
    kind_spec& cap(std::uint32_t platform_cap) { cap_ = platform_cap; return *this; }
    /// Member of a tier group: a higher `order` substitutes for every lower one.
    kind_spec& tier(std::string group, std::uint8_t order) {
        tier_group_ = std::move(group);
        tier_ = order;
        return *this;
    }
    /// Without this kind the product does not run (the pool is not operational).
    kind_spec& required() { required_ = true; return *this; }
    /// A counted kind that also shows as a channel (DESIGN 2): the channel is enabled while
    /// the entitlement is non-zero, as the seeds' "SMS Channels" view of SMS licenses.
    kind_spec& channel() { channel_ = true; return *this; }
    /// A kind that works only while `kind` is licensed too (DESIGN 2): a feature that needs
    /// the server license, say. `enabled()` and the audit follow it.
    kind_spec& needs(std::string kind) { needs_.push_back(std::move(kind)); return *this; }
    /// Each instance of this kind also takes an instance of `kind` (DESIGN 2): a notification
    /// call on an outbound port also holds a telephony port. Both are taken, or neither.
    kind_spec& also_takes(std::string kind) { takes_ = std::move(kind); return *this; }
    /// Role (DESIGN 2): every organization, a tenant, consumes one of this kind (the web
    /// portal's organization license). At most one kind of a catalog has it.
    kind_spec& consumed_per_tenant() { per_tenant_ = true; return *this; }
    /// Role (DESIGN 2, 4.5): an attached agent's nail-up port is one of this kind (the
    /// contact center's telephony port). At most one kind of a catalog has it.
    kind_spec& agent_port() { agent_port_ = true; return *this; }
    /// Names for messages; the plural defaults to the singular plus "s".
    kind_spec& display(std::string singular, std::string plural = {}) {
        singular_ = std::move(singular);
        plural_ = std::move(plural);
        return *this;
    }
    /// Makes this kind a bundle: one of it grants `multiplier` of `kind`.
    kind_spec& contains(std::string kind, std::uint32_t multiplier) {
        parts_.push_back(part{std::move(kind), multiplier});
        return *this;
    }

    const std::string& name() const noexcept { return name_; }
    std::uint16_t feature_code() const noexcept { return feature_code_; }
    counting counts() const noexcept { return counts_; }
    consumption consumed() const noexcept { return consumed_; }
    std::uint32_t platform_cap() const noexcept { return cap_; }
    const std::string& tier_group() const noexcept { return tier_group_; }
    std::uint8_t tier_order() const noexcept { return tier_; }
    bool is_required() const noexcept { return required_; }
    bool is_channel() const noexcept { return channel_; }
    const std::vector<std::string>& needed() const noexcept { return needs_; }
    const std::string& taken_too() const noexcept { return takes_; }
    bool is_per_tenant() const noexcept { return per_tenant_; }
    bool is_agent_port() const noexcept { return agent_port_; }
    const std::string& singular() const noexcept { return singular_; }
    const std::string& plural() const noexcept { return plural_; }
    const std::vector<part>& parts() const noexcept { return parts_; }

private:
    std::string name_;
    std::uint16_t feature_code_;
    counting counts_ = counting::counted;
    consumption consumed_ = consumption::concurrent;
    std::uint32_t cap_ = unlimited;
    std::string tier_group_;
    std::uint8_t tier_ = 0;
    bool required_ = false;
    bool channel_ = false;
    std::vector<std::string> needs_;
    std::string takes_;
    bool per_tenant_ = false;
    bool agent_port_ = false;
    std::string singular_;
    std::string plural_;
    std::vector<part> parts_;
};

/// One part of a bundle, resolved: `multiplier` instances of `kind` per bundle.
struct bundle_part {
    kind_id kind;
    std::uint32_t multiplier;

    friend bool operator==(const bundle_part& a, const bundle_part& b) noexcept {
        return a.kind == b.kind && a.multiplier == b.multiplier;
    }
    friend bool operator!=(const bundle_part& a, const bundle_part& b) noexcept { return !(a == b); }
};

/// A kind as a catalog holds it: checked, with names resolved to ids (DESIGN 2).
struct license_kind {
    kind_id id;
    std::string name;
    std::uint16_t feature_code = 0;
    counting counts = counting::counted;
    consumption consumed = consumption::concurrent;
    std::uint32_t platform_cap = unlimited;
    /// Empty when the kind is in no tier group.
    std::string tier_group;
    std::uint8_t tier = 0;
    bool required = false;
    /// DESIGN 2: a counted kind with a channel view (enabled while entitled); boolean kinds
    /// are on/off features already.
    bool channel = false;
    /// DESIGN 2: kinds that must be licensed too for this one to work.
    std::vector<kind_id> needs;
    /// DESIGN 2: the kind each instance of this one also takes, if any.
    std::optional<kind_id> takes;
    /// DESIGN 2, roles: every organization consumes one of this kind; an attached agent's
    /// nail-up port is of this kind.
    bool per_tenant = false;
    bool agent_port = false;
    std::string singular;
    std::string plural;
    /// The parts as written, for a bundle; empty otherwise.
    std::vector<bundle_part> parts;
    /// A bundle flattened to kinds that are not bundles, multipliers multiplied through,
    /// each kind once, in catalog order.
    std::vector<bundle_part> expansion;

    bool is_bundle() const noexcept { return !parts.empty(); }
    bool is_boolean() const noexcept { return counts == counting::boolean; }
    bool is_counted() const noexcept { return counts == counting::counted; }
    bool has_cap() const noexcept { return platform_cap != unlimited; }
    /// DESIGN 5: a user takes this kind by `assign` (it is consumed when configured).
    bool taken_by_assign() const noexcept { return consumed != consumption::concurrent; }
    /// DESIGN 5: a user takes this kind by `login` (it is consumed while in use).
    bool taken_by_login() const noexcept { return consumed != consumption::assigned; }
};

} // namespace licpool
#endif // !defined(LICPOOL_EXPECTED_MISSING)

#endif // LICPOOL_CATALOG_KIND_HPP
