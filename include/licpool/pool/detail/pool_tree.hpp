// licpool: license pools for PBX, dialer and contact-center software.
// Distributed under the Boost Software License, Version 1.0.
#ifndef LICPOOL_POOL_DETAIL_POOL_TREE_HPP
#define LICPOOL_POOL_DETAIL_POOL_TREE_HPP

#include <licpool/allocation/job.hpp>
#include <licpool/allocation/tiered_share.hpp>
#include <licpool/catalog/catalog.hpp>
#include <licpool/core/concat.hpp>
#include <licpool/core/expected.hpp>
#include <licpool/core/ids.hpp>
#include <licpool/pool/detail/allocation_state.hpp>
#include <licpool/pool/detail/kind_totals.hpp>
#include <licpool/pool/detail/limited_counter.hpp>
#include <licpool/pool/detail/stable_vector.hpp>
#include <licpool/pool/detail/utf8.hpp>
#include <licpool/pool/usage.hpp>

#include <licpool/core/detail/algorithm.hpp> // the classic algorithms without std::ranges
#include <atomic>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#if !defined(LICPOOL_EXPECTED_MISSING) // no expected type: core/expected.hpp says so, once
namespace licpool::detail {

/// A zone's or organization's setting for one kind, checked (DESIGN 4).
struct checked_setting {
    kind_id kind;
    limits value;
};

/// The allocation tree of DESIGN 4: the resources it divides (a counted kind, or a tier
/// group of seats), the zones and organizations with their settings and counters, and the
/// names that find them. Jobs hang below it in `job_table`.
///
/// A single-threaded component: the pool's mutex guards everything not marked otherwise.
/// Nodes are published whole (`stable_vector`), so lock-free readers see fixed fields only.
/// (A template with an unused parameter only so that its code is compiled where a pool is
/// instantiated, not in every translation unit that includes the pool: scripts/compile-times.)
template <class Unused = void>
class basic_pool_tree {
    // expected<T>, built only where a call needs it (core/expected.hpp, compile time).
    template <class T>
    using result = expected_in<T, Unused>;

public:
    basic_pool_tree(const catalog& catalog_kinds, kind_totals& kind_totals)
        : kinds{catalog_kinds}, totals{kind_totals} {
        build_resources();
    }

    basic_pool_tree(const basic_pool_tree&) = delete;
    basic_pool_tree& operator=(const basic_pool_tree&) = delete;

    [[nodiscard]] result<std::uint32_t> find_zone(std::string_view name) const {
        const auto it = zone_index.find(std::string{name});
        if (it == zone_index.end()) {
            return fail(errc::unknown_node).subject(name).context("zone");
        }
        return it->second;
    }

    [[nodiscard]] result<std::uint32_t> find_organization(std::string_view zone, std::string_view name) const {
        const std::string path = concat(zone, "/", name);
        const auto it = organization_index.find(path);
        if (it == organization_index.end()) {
            return fail(errc::unknown_node).subject(path).context("organization");
        }
        return it->second;
    }

    /// The organization with index `org`, or `unknown_node`.
    [[nodiscard]] result<std::uint32_t> organization_at(std::uint32_t org) const {
        if (org >= nodes.size() || nodes[org].level != node_level::organization) {
            return fail(errc::unknown_node).subject(concat("#", std::to_string(org))).context("organization");
        }
        return org;
    }

    [[nodiscard]] result<std::vector<checked_setting>> check_settings(std::string_view node,
                                                          const std::vector<kind_limits>& settings) const {
        std::vector<checked_setting> out;
        for (const auto& s : settings) {
            auto k = counted_kind(s.kind);
            if (!k) {
                return unexpected<error>(k.error());
            }
            if (s.value.min > s.value.max) {
                return fail(errc::invalid_setting)
                    .subject(node)
                    .context(s.kind)
                    .number(s.value.min)
                    .limit(s.value.max)
                    .note("min {number} is above max {limit}");
            }
            if (s.value.weight < 1 || s.value.weight > max_weight) {
                return fail(errc::invalid_setting)
                    .subject(node)
                    .context(s.kind)
                    .number(s.value.weight)
                    .note("weight {number} is outside 1..1000");
            }
            out.push_back({*k, s.value});
        }
        return out;
    }

    void apply_settings(std::uint32_t node, const std::vector<checked_setting>& settings) {
        for (const auto& s : settings) {
            nodes[node].settings[s.kind.value()] = s.value;
        }
        ++shape_version;
    }

    [[nodiscard]] result<kind_id> counted_kind(std::string_view name) const {
        auto k = kinds.find(name);
        if (!k) {
            return k;
        }
        const auto& kind = kinds[*k];
        if (kind.is_bundle()) {
            return fail(errc::not_counted).subject(name).note("is a bundle: its parts are licensed, not the bundle");
        }
        if (kind.is_boolean()) {
            return fail(errc::not_counted).subject(name).note("is boolean: it is on or off, never divided");
        }
        return k;
    }

    // A kind users can hold: counted, not a bundle, not an agent seat.
    [[nodiscard]] result<kind_id> user_kind(std::string_view name) const {
        auto k = counted_kind(name);
        if (!k) {
            return k;
        }
        if (resources[resource_of[k->value()]].seats) {
            return fail(errc::seat_kind).subject(name).note("is a seat kind: agents take seats with attach_agent");
        }
        return k;
    }

    // Whether `count` more zones or organizations fit, each with its counters.
    bool room_for_nodes(std::size_t count) const noexcept {
        return nodes.size() + count <= nodes.max_size() &&
               node_counters.size() + count * resources.size() <= node_counters.max_size();
    }

    unexpected<error> no_room_for_nodes() const {
        return fail(errc::capacity_exhausted)
            .subject("zones and organizations")
            .limit(static_cast<std::int64_t>(nodes.size()));
    }

    [[nodiscard]] result<std::uint32_t> new_node(std::string name, std::string path, detail::node_level level,
                                     std::uint32_t parent) {
        if (!room_for_nodes(1)) {
            return no_room_for_nodes();
        }
        const auto index = static_cast<std::uint32_t>(nodes.size());
        const auto first_counter = static_cast<std::uint32_t>(node_counters.size());
        for (std::size_t r = 0; r < resources.size(); ++r) {
            node_counters.emplace_back();
        }
        // Everything that allocates is made first; then the node is filled with moves and
        // published whole, since node_usage reads nodes without the lock.
        std::vector<std::optional<limits>> settings(kinds.size());
        std::vector<bounds> last_bounds(resources.size());
        std::vector<tiered_capacity> last_tiers(resources.size());
        auto& n = nodes.prepare_back();
        n.name = std::move(name);
        n.path = std::move(path);
        n.level = level;
        n.parent = parent;
        n.created = index;
        n.first_counter = first_counter;
        n.settings = std::move(settings);
        n.last_bounds = std::move(last_bounds);
        n.last_tiers = std::move(last_tiers);
        nodes.publish_back();
        ++shape_version;
        if (parent != detail::no_index) {
            nodes[parent].children.push_back(index);
        } else {
            zones.push_back(index);
        }
        return index;
    }

    [[nodiscard]] result<std::uint32_t> find_or_create_zone(std::string_view name) {
        // Checked first: a name that is not valid is in no index either.
        if (!valid_node_name(name)) {
            return fail(errc::invalid_setting)
                .subject(name)
                .note("a zone name is 1 to 48 characters of UTF-8, without spaces, control characters or '/'");
        }
        const std::string key{name};
        if (const auto it = zone_index.find(key); it != zone_index.end()) {
            return it->second;
        }
        auto index = new_node(key, key, detail::node_level::zone, detail::no_index);
        if (index) {
            zone_index.emplace(key, *index);
        }
        return index;
    }

    // `restoring`: a snapshot's organizations existed before, licensed or not; they are
    // taken whatever the organization entitlement now, and the audit says if it is exceeded.
    [[nodiscard]] result<std::uint32_t> find_or_create_organization(std::string_view zone, std::string_view name,
                                                        bool restoring = false) {
        const std::string path = detail::concat(zone, "/", name);
        if (const auto it = organization_index.find(path); it != organization_index.end()) {
            return it->second;
        }
        if (!valid_node_name(name)) {
            return fail(errc::invalid_setting)
                .subject(path)
                .note("an organization name is 1 to 48 characters of UTF-8, without spaces, control characters or '/'");
        }
        // DESIGN 1: a refusal creates nothing, not even the zone, so the room for both nodes
        // is checked before either is made.
        if (!room_for_nodes(zone_index.count(std::string{zone}) != 0 ? 1 : 2)) {
            return no_room_for_nodes();
        }
        // DESIGN 5: every organization consumes an `organization` license, when the catalog has
        // that kind; one more than licensed is refused. Taken first, so that a refusal
        // creates nothing, not even the zone.
        detail::limited_counter::reading seen{};
        if (organization_kind && restoring) {
            totals.counters[organization_kind->value()].force_take();
        } else if (organization_kind && !totals.counters[organization_kind->value()].try_take(seen)) {
            return fail(errc::entitlement).subject(kinds[*organization_kind].name).number(seen.used).limit(seen.limit);
        }
        auto z = find_or_create_zone(zone);
        auto index = z ? new_node(std::string{name}, path, detail::node_level::organization, *z) : z;
        if (!index) {
            if (organization_kind) {
                totals.counters[organization_kind->value()].give_back();
            }
            return index;
        }
        organization_index.emplace(path, *index);
        return index;
    }

    // DESIGN 4: a zone or organization name is 1 to 48 characters of UTF-8, with no space,
    // control character or '/'. Read byte by byte as unsigned, so every platform agrees.
    static bool valid_node_name(std::string_view name) noexcept {
        std::size_t characters = 0;
        for (std::size_t at = 0; at < name.size(); ++characters) {
            const auto c = detail::next_code_point(name, at);
            if (!c || *c <= 0x20 || *c == '/' || (*c >= 0x7F && *c <= 0x9F)) {
                return false;
            }
        }
        return characters >= 1 && characters <= 48;
    }

    // DESIGN 4.5: a tier group's settings add up: mins, maxes and the largest weight given.
    // The group has a max only when every tier has one: a tier left without a max leaves
    // the group unbounded, however small the others' maxes are.
    limits node_limits(const detail::node_record& node, std::size_t r) const {
        const auto& res = resources[r];
        if (!res.seats) {
            return node.settings[res.kinds[0].value()].value_or(limits{});
        }
        std::uint64_t min = 0;
        std::uint64_t max = 0;
        bool bounded = true;
        bool any = false;
        std::uint32_t weight = 1;
        for (const kind_id k : res.kinds) {
            const auto& s = node.settings[k.value()];
            if (!s) {
                bounded = false;
                continue;
            }
            any = true;
            min += s->min;
            if (s->max == unlimited) {
                bounded = false;
            } else {
                max += s->max;
            }
            weight = std::max(weight, s->weight);
        }
        if (!any) {
            return limits{};
        }
        const auto clip = [](std::uint64_t v) { return static_cast<std::uint32_t>(std::min<std::uint64_t>(v, unlimited)); };
        return limits{clip(min), bounded ? clip(std::max(min, max)) : unlimited, weight};
    }

    // DESIGN 4, 7: node leases and zone minimums, per resource the tree divides.
    std::uint64_t resource_entitlement(std::size_t r) const {
        std::uint64_t total = 0;
        for (const kind_id k : resources[r].kinds) {
            total += totals.entitled[k.value()];
        }
        return total;
    }

    std::uint64_t resource_leased(std::size_t r) const {
        std::uint64_t total = 0;
        for (const kind_id k : resources[r].kinds) {
            total += totals.leased[k.value()];
        }
        return total;
    }

    // DESIGN 4, 7: what the tree divides is the entitlement less what node leases hold.
    std::uint64_t resource_capacity(std::size_t r) const {
        const std::uint64_t entitled = resource_entitlement(r);
        const std::uint64_t leased = resource_leased(r);
        return entitled > leased ? entitled - leased : 0;
    }

    std::uint64_t zone_minimums(std::size_t r) const {
        std::uint64_t total = 0;
        for (const std::uint32_t z : zones) {
            total += node_limits(nodes[z], r).min;
        }
        return total;
    }

    /// A zone's (`zone`) or organization's share and in-use for a kind.
    [[nodiscard]] result<usage> node_usage_of(std::uint32_t node, kind_id kind, bool zone) const {
        if (node >= nodes.size() || (nodes[node].level == detail::node_level::zone) != zone) {
            return fail(errc::unknown_node)
                .subject(detail::concat("#", std::to_string(node)))
                .context(zone ? "zone" : "organization");
        }
        if (kind.value() >= kinds.size() || resource_of[kind.value()] == detail::no_resource) {
            return fail(errc::not_counted)
                .subject(kind.value() < kinds.size() ? kinds[kind].name : "?")
                .note("is not divided among nodes");
        }
        const auto seen = node_counters[nodes[node].first_counter + resource_of[kind.value()]].read();
        return usage{seen.limit, seen.used};
    }



    // Immutable after construction.
    const catalog& kinds;
    kind_totals& totals;
    /// What the tree divides, and per kind its resource (`no_resource`: not divided).
    /// Immutable after construction, except each resource's `slots` list: mutex.
    std::vector<resource_record> resources;
    std::vector<std::uint16_t> resource_of;
    /// Counts every change to the nodes or their settings (issue 16: a recalculation divides
    /// a resource's zones and organizations again only when they, its capacity or one of
    /// its organizations' jobs changed). Mutex.
    std::uint64_t shape_version = 0;
    /// Per resource, DESIGN 4.3: some job was refused since the last recalculation, and how
    /// many of its jobs are idle. Atomics: the fast path reads and writes them.
    std::unique_ptr<std::atomic<bool>[]> hungry;
    std::unique_ptr<std::atomic<std::uint32_t>[]> idle_slots;
    /// DESIGN 2 roles: the kind of an agent's nail-up port (DESIGN 4.5) and the kind every
    /// organization consumes (DESIGN 5). Immutable after construction.
    std::optional<kind_id> port_kind;
    std::optional<kind_id> organization_kind;
    /// Zones and organizations, and their counters (one per resource). The records: mutex,
    /// their fixed fields readable without it once published; the counters: atomics.
    stable_vector<node_record, 64, 1024> nodes;
    stable_vector<limited_counter> node_counters;
    /// The zones in creation order, and the names that find nodes. Mutex.
    std::vector<std::uint32_t> zones;
    std::unordered_map<std::string, std::uint32_t> zone_index;
    std::unordered_map<std::string, std::uint32_t> organization_index;

private:
    // Counted kinds outside tier groups are resources of their own; a tier group is one
    // resource for agent-based jobs (DESIGN 4.5: seat quotas over the group's seats, with
    // nested limits per tier).
    void build_resources() {
        resource_of.assign(kinds.size(), detail::no_resource);
        for (const auto& k : kinds.kinds()) {
            if (k.is_bundle() || k.is_boolean() || resource_of[k.id.value()] != detail::no_resource) {
                continue;
            }
            detail::resource_record r;
            const auto& group = kinds.tier_group(k.id);
            r.seats = !group.empty();
            r.kinds = r.seats ? group : std::vector<kind_id>{k.id};
            r.name = r.seats ? k.tier_group : k.name;
            for (const kind_id member : r.kinds) {
                resource_of[member.value()] = static_cast<std::uint16_t>(resources.size());
            }
            resources.push_back(std::move(r));
        }
        hungry = std::make_unique<std::atomic<bool>[]>(resources.size());
        idle_slots = std::make_unique<std::atomic<std::uint32_t>[]>(resources.size());
        for (std::size_t r = 0; r < resources.size(); ++r) {
            hungry[r].store(false);
            idle_slots[r].store(0);
        }
        // DESIGN 2, roles; DESIGN 4.5: the kind of an agent's nail-up port, if any.
        organization_kind = kinds.tenant_kind(); // DESIGN 2, roles; DESIGN 5
        if (const auto port = kinds.agent_port_kind(); port && resource_of[port->value()] != detail::no_resource) {
            port_kind = *port;
        }
    }
};
using pool_tree = basic_pool_tree<>;

} // namespace licpool::detail
#endif // !defined(LICPOOL_EXPECTED_MISSING)

#endif // LICPOOL_POOL_DETAIL_POOL_TREE_HPP
