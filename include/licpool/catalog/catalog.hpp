// licpool: license pools for PBX, dialer and contact-center software.
// Distributed under the Boost Software License, Version 1.0.
#ifndef LICPOOL_CATALOG_CATALOG_HPP
#define LICPOOL_CATALOG_CATALOG_HPP

#include <licpool/catalog/kind.hpp>
#include <licpool/core/expected.hpp>

#include <licpool/core/detail/algorithm.hpp> // the classic algorithms without std::ranges
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#if !defined(LICPOOL_EXPECTED_MISSING) // no expected type: core/expected.hpp says so, once
namespace licpool {

/// Whether one user may hold assigned and concurrent licenses at once (DESIGN 5): a catalog
/// setting, since the rule is a product's, not everyone's.
enum class method_mixing : std::uint8_t {
    /// Each license follows its kind: the PBX configures Mobility for a user whose Phone
    /// Manager takes a license while it runs.
    allowed,
    /// While a user holds any license, all of its licenses are assigned or all concurrent
    /// (the web portal); a user that holds none may take either.
    refused,
};

/// The license kinds one product knows (DESIGN 2): checked once when it is made, then
/// read-only, so the pool, the validator and the auditor can share it freely.
///
/// Its longer members are templates with an unused parameter, called like plain functions:
/// their code (and the standard templates it uses) is then compiled only in the translation
/// units that call them, not in every one that includes the catalog (scripts/compile-times).
class catalog {
public:
    /// The most kinds one tier group may have (DESIGN 2): seat quotas keep one nested limit
    /// per tier (DESIGN 4.5).
    static constexpr std::size_t max_tier_group = 8;

    /// Checks and resolves `specs`. Refused: a bad name (1-48 of `a-z 0-9 _`, starting with
    /// a letter), a feature code outside 1..0xFFF or used twice, a name used twice, a bundle
    /// naming an unknown kind or containing itself, a tier clash, a tier group of more than
    /// `max_tier_group` kinds; see `errc`.
    /// `mixing` says whether one user may hold assigned and concurrent licenses together
    /// (DESIGN 5).
    template <class Unused = void>
    [[nodiscard]] static expected_in<catalog, Unused> make(std::string name, std::vector<kind_spec> specs,
                                                method_mixing mixing = method_mixing::allowed) {
        catalog out;
        out.name_ = std::move(name);
        out.mixing_ = mixing;
        out.kinds_.reserve(specs.size());
        for (std::size_t i = 0; i < specs.size(); ++i) {
            if (auto checked = check_alone(specs[i]); !checked) {
                return unexpected<error>(checked.error());
            }
            out.kinds_.push_back(make_kind(kind_id{static_cast<std::uint16_t>(i)}, specs[i]));
        }
        if (auto names = out.index_names(); !names) {
            return unexpected<error>(names.error());
        }
        if (auto codes = out.check_codes(); !codes) {
            return unexpected<error>(codes.error());
        }
        if (auto tiers = out.index_tiers(); !tiers) {
            return unexpected<error>(tiers.error());
        }
        if (auto bundles = out.resolve_bundles(specs); !bundles) {
            return unexpected<error>(bundles.error());
        }
        // DESIGN 2: what a kind needs is another kind of the catalog, not a bundle.
        for (std::size_t i = 0; i < specs.size(); ++i) {
            for (const auto& needed_name : specs[i].needed()) {
                const auto needed = out.find(needed_name);
                if (!needed || *needed == out.kinds_[i].id || out.kinds_[needed->value()].is_bundle()) {
                    return fail(errc::invalid_kind)
                        .subject(specs[i].name())
                        .context(needed_name)
                        .note("a kind needs another kind of the catalog, not itself or a bundle");
                }
                out.kinds_[i].needs.push_back(*needed);
            }
        }
        // DESIGN 2: a kind that also takes another: both counted, neither a bundle nor a seat,
        // and no chains (the kind taken takes nothing more).
        for (std::size_t i = 0; i < specs.size(); ++i) {
            const auto& other = specs[i].taken_too();
            if (other.empty()) {
                continue;
            }
            const auto taken = out.find(other);
            const auto plain = [&](const license_kind& k) {
                return k.is_counted() && !k.is_bundle() && k.tier_group.empty();
            };
            if (!taken || *taken == out.kinds_[i].id || !plain(out.kinds_[i]) || !plain(out.kinds_[taken->value()]) ||
                !specs[taken->value()].taken_too().empty()) {
                return fail(errc::invalid_kind)
                    .subject(specs[i].name())
                    .context(other)
                    .note("a kind also takes one other counted kind, not a seat, a bundle, itself or a kind that "
                          "takes another");
            }
            out.kinds_[i].takes = *taken;
        }
        // DESIGN 2, roles: each is one plain counted kind at most (not a bundle, not a seat).
        for (const auto role : {&license_kind::per_tenant, &license_kind::agent_port}) {
            std::optional<kind_id> first;
            for (const auto& k : out.kinds_) {
                if (!(k.*role)) {
                    continue;
                }
                const bool tenant = role == &license_kind::per_tenant;
                if (first) {
                    return fail(errc::invalid_kind)
                        .subject(k.name)
                        .context(out.kinds_[first->value()].name)
                        .note(tenant ? "another kind is consumed per tenant already"
                                     : "another kind is the agents' port already");
                }
                if (!k.is_counted() || k.is_bundle() || !k.tier_group.empty()) {
                    return fail(errc::invalid_kind)
                        .subject(k.name)
                        .note(tenant ? "only a counted kind, not a bundle or a seat, is consumed per tenant"
                                     : "only a counted kind, not a bundle or a seat, is the agents' port");
                }
                first = k.id;
            }
        }
        return out;
    }

    /// An empty catalog: no kinds.
    catalog() = default;

    /// The catalog's own name (`contact_center`, `pbx`, `web_portal` for the presets).
    const std::string& name() const noexcept { return name_; }
    std::size_t size() const noexcept { return kinds_.size(); }
    const std::vector<license_kind>& kinds() const noexcept { return kinds_; }
    /// DESIGN 5: whether one user may hold assigned and concurrent licenses together.
    method_mixing mixing() const noexcept { return mixing_; }
    /// DESIGN 2, roles: the kind every organization consumes one of, if the catalog has one.
    std::optional<kind_id> tenant_kind() const noexcept { return role_kind(&license_kind::per_tenant); }
    /// DESIGN 2, roles: the kind of an attached agent's nail-up port, if the catalog has one.
    std::optional<kind_id> agent_port_kind() const noexcept { return role_kind(&license_kind::agent_port); }
    /// The same catalog with another mixing rule: a host's policy over a preset's (DESIGN 5).
    template <class Unused = void>
    catalog with_mixing(method_mixing mixing) const {
        catalog out = *this;
        out.mixing_ = mixing;
        return out;
    }

    /// The kind with id `id`; `id` must come from this catalog.
    const license_kind& operator[](kind_id id) const noexcept { return kinds_[id.value()]; }

    template <class Unused = void>
    [[nodiscard]] expected_in<kind_id, Unused> find(std::string_view kind_name) const {
        const auto it = std::lower_bound(
            by_name_.begin(), by_name_.end(), kind_name,
            [this](kind_id id, std::string_view n) { return kinds_[id.value()].name < n; });
        if (it == by_name_.end() || kinds_[it->value()].name != kind_name) {
            return fail(errc::unknown_kind).subject(kind_name);
        }
        return *it;
    }

    /// The kind a key's feature code names, if any.
    std::optional<kind_id> find_code(std::uint16_t feature_code) const noexcept {
        for (const auto& k : kinds_) {
            if (k.feature_code == feature_code) {
                return k.id;
            }
        }
        return std::nullopt;
    }

    /// The tier group `id` belongs to, lowest tier first; empty when it is in none.
    const std::vector<kind_id>& tier_group(kind_id id) const noexcept {
        static const std::vector<kind_id> none;
        const auto group = tier_group_of_[id.value()];
        return group == no_group ? none : tier_groups_[group];
    }

    /// The kinds without which the product does not run (DESIGN 2).
    template <class Unused = void>
    std::vector<kind_id> required_kinds() const {
        std::vector<kind_id> out;
        for (const auto& k : kinds_) {
            if (k.required) {
                out.push_back(k.id);
            }
        }
        return out;
    }

private:
    static constexpr std::size_t max_name = 48;
    static constexpr std::uint16_t no_group = 0xFFFF;
    static constexpr std::uint64_t saturated = std::uint64_t{1} << 40;

    template <class Unused = void>
    static bool valid_name(std::string_view n) noexcept {
        if (n.empty() || n.size() > max_name || n[0] < 'a' || n[0] > 'z') {
            return false;
        }
        return std::all_of(n.begin(), n.end(), [](char c) {
            return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
        });
    }

    // The rules a spec must meet on its own, before it is compared with the others.
    template <class Unused = void>
    [[nodiscard]] static expected<void> check_alone(const kind_spec& s) {
        if (!valid_name(s.name())) {
            return fail(errc::invalid_kind)
                .subject(s.name())
                .note("a kind name is 1 to 48 characters of a-z, 0-9 and _, starting with a letter");
        }
        if (s.feature_code() == 0 || s.feature_code() > max_feature_code) {
            return fail(errc::invalid_feature_code).subject(s.name()).number(s.feature_code());
        }
        if (!s.parts().empty()) {
            if (!s.tier_group().empty() || s.is_required() || s.platform_cap() != unlimited ||
                s.counts() == counting::boolean) {
                return fail(errc::invalid_kind)
                    .subject(s.name())
                    .note("a bundle only names what it contains: no tier, cap, required flag or boolean counting");
            }
            for (const auto& p : s.parts()) {
                if (p.multiplier == 0) {
                    return fail(errc::invalid_kind)
                        .subject(s.name())
                        .context(p.kind)
                        .note("a bundle part needs a multiplier of at least 1");
                }
            }
        }
        if (!s.tier_group().empty() && s.counts() == counting::boolean) {
            return fail(errc::invalid_kind).subject(s.name()).note("a boolean kind cannot be in a tier group");
        }
        return {};
    }

    std::optional<kind_id> role_kind(bool license_kind::*role) const noexcept {
        for (const auto& k : kinds_) {
            if (k.*role) {
                return k.id;
            }
        }
        return std::nullopt;
    }

    template <class Unused = void>
    static license_kind make_kind(kind_id id, const kind_spec& s) {
        license_kind k;
        k.id = id;
        k.name = s.name();
        k.feature_code = s.feature_code();
        k.counts = s.counts();
        k.consumed = s.consumed();
        k.platform_cap = s.platform_cap();
        k.tier_group = s.tier_group();
        k.tier = s.tier_order();
        k.required = s.is_required();
        k.channel = s.is_channel() && s.counts() == counting::counted;
        k.per_tenant = s.is_per_tenant();
        k.agent_port = s.is_agent_port();
        k.singular = s.singular();
        if (k.singular.empty()) {
            k.singular = s.name();
            std::replace(k.singular.begin(), k.singular.end(), '_', ' ');
        }
        k.plural = s.plural().empty() ? k.singular + "s" : s.plural();
        return k;
    }

    template <class Unused = void>
    [[nodiscard]] expected<void> index_names() {
        by_name_.clear();
        for (const auto& k : kinds_) {
            by_name_.push_back(k.id);
        }
        std::stable_sort(by_name_.begin(), by_name_.end(), [this](kind_id a, kind_id b) {
            return kinds_[a.value()].name < kinds_[b.value()].name;
        });
        for (std::size_t i = 1; i < by_name_.size(); ++i) {
            if (kinds_[by_name_[i - 1].value()].name == kinds_[by_name_[i].value()].name) {
                return fail(errc::duplicate_kind).subject(kinds_[by_name_[i].value()].name);
            }
        }
        return {};
    }

    template <class Unused = void>
    [[nodiscard]] expected<void> check_codes() const {
        for (std::size_t i = 0; i < kinds_.size(); ++i) {
            for (std::size_t j = 0; j < i; ++j) {
                if (kinds_[i].feature_code == kinds_[j].feature_code) {
                    return fail(errc::duplicate_feature_code)
                        .subject(kinds_[i].name)
                        .context(kinds_[j].name)
                        .number(kinds_[i].feature_code);
                }
            }
        }
        return {};
    }

    template <class Unused = void>
    [[nodiscard]] expected<void> index_tiers() {
        tier_group_of_.assign(kinds_.size(), no_group);
        std::vector<std::string> group_names;
        for (const auto& k : kinds_) {
            if (k.tier_group.empty()) {
                continue;
            }
            auto at = std::find(group_names.begin(), group_names.end(), k.tier_group);
            if (at == group_names.end()) {
                group_names.push_back(k.tier_group);
                tier_groups_.emplace_back();
                at = group_names.end() - 1;
            }
            const auto group = static_cast<std::uint16_t>(at - group_names.begin());
            for (kind_id other : tier_groups_[group]) {
                if (kinds_[other.value()].tier == k.tier) {
                    return fail(errc::invalid_kind)
                        .subject(k.name)
                        .context(kinds_[other.value()].name)
                        .number(k.tier)
                        .note("two kinds of one tier group have the same tier order");
                }
            }
            if (tier_groups_[group].size() == max_tier_group) {
                return fail(errc::invalid_kind)
                    .subject(k.name)
                    .context(k.tier_group)
                    .number(static_cast<std::int64_t>(max_tier_group + 1))
                    .limit(static_cast<std::int64_t>(max_tier_group))
                    .note("a tier group has at most 8 tiers");
            }
            tier_groups_[group].push_back(k.id);
            tier_group_of_[k.id.value()] = group;
        }
        for (auto& group : tier_groups_) {
            std::sort(group.begin(), group.end(), [this](kind_id a, kind_id b) {
                return kinds_[a.value()].tier < kinds_[b.value()].tier;
            });
        }
        return {};
    }

    template <class Unused = void>
    [[nodiscard]] expected<void> resolve_bundles(const std::vector<kind_spec>& specs) {
        for (std::size_t i = 0; i < specs.size(); ++i) {
            for (const auto& p : specs[i].parts()) {
                auto part = find(p.kind);
                if (!part) {
                    return fail(errc::unknown_bundle_part).subject(specs[i].name()).context(p.kind);
                }
                kinds_[i].parts.push_back(bundle_part{*part, p.multiplier});
            }
        }
        // Depth-first over the bundle graph; a kind met again on the current path is a cycle.
        enum class mark : std::uint8_t { fresh, on_path, done };
        std::vector<mark> marks(kinds_.size(), mark::fresh);
        std::vector<std::uint64_t> totals(kinds_.size());
        for (auto& k : kinds_) {
            if (!k.is_bundle()) {
                continue;
            }
            std::fill(totals.begin(), totals.end(), 0);
            if (auto walked = expand(k.id, 1, marks, totals); !walked) {
                return walked;
            }
            for (const auto& other : kinds_) {
                if (totals[other.id.value()] > unlimited) {
                    return fail(errc::invalid_kind)
                        .subject(k.name)
                        .context(other.name)
                        .note("the bundle grants more instances of a kind than 32 bits hold");
                }
                if (totals[other.id.value()] != 0) {
                    k.expansion.push_back(
                        bundle_part{other.id, static_cast<std::uint32_t>(totals[other.id.value()])});
                }
            }
        }
        return {};
    }

    template <class Marks>
    [[nodiscard]] expected<void> expand(kind_id id, std::uint64_t times, Marks& marks, std::vector<std::uint64_t>& totals) {
        using mark = typename Marks::value_type;
        const auto& k = kinds_[id.value()];
        if (!k.is_bundle()) {
            totals[id.value()] = std::min(totals[id.value()] + times, saturated);
            return {};
        }
        marks[id.value()] = mark::on_path;
        for (const auto& p : k.parts) {
            if (marks[p.kind.value()] == mark::on_path) {
                return fail(errc::bundle_cycle).subject(kinds_[p.kind.value()].name).context(k.name);
            }
            // Saturate well above 32 bits so that an absurd bundle is refused, not wrapped.
            const std::uint64_t inner =
                times > saturated / p.multiplier ? saturated : times * p.multiplier;
            if (auto walked = expand(p.kind, inner, marks, totals); !walked) {
                return walked;
            }
        }
        marks[id.value()] = mark::done;
        return {};
    }

    std::string name_;
    method_mixing mixing_ = method_mixing::allowed;
    std::vector<license_kind> kinds_;
    std::vector<kind_id> by_name_;
    std::vector<std::uint16_t> tier_group_of_;
    std::vector<std::vector<kind_id>> tier_groups_;
};

} // namespace licpool
#endif // !defined(LICPOOL_EXPECTED_MISSING)

#endif // LICPOOL_CATALOG_CATALOG_HPP
