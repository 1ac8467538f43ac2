// Issue 12, item 17: random sequences of public calls, applied to a real pool and to a slow,
// obvious model of DESIGN 3, 4, 4.4.1, 4.5, 5 and 7, compared after every step.
//
// The model keeps what the rules talk about (jobs with their states, settings, holdings,
// last attempts, idle and hungry marks; nodes and their settings; users; node leases; the
// entitlement) and recomputes every quota and share from scratch, with the one-unit-at-a-time
// share() of DESIGN 4.1, whenever a rule says the pool recalculates. It predicts every call's
// outcome (granted, or the refusal code), and after every step the pool must show exactly the
// model's quotas, shares and holdings. Also checked after every step: nothing in use above a
// limit that was never lowered, quotas fitting their parent's share, a refused call changing
// nothing a host can see, every lease given back exactly once, and save -> load -> save
// giving the same text.
//
// Agents (DESIGN 4.5) are modelled too: agent-based jobs with a seat slot and a nail-up port
// slot, attach, detach, move and snooze/wake, the lowest adequate free tier, and every agent
// moving down a tier at each recalculation (never the agent a move is re-seating).
// Users take agent_web_api (consumed either way) by assign or by login; an assign of a kind
// consumed while in use is refused; where the catalog refuses mixing (every other pair of
// sequences) a user holding one method is refused the other until it holds nothing (DESIGN 5).
//
// The same driver runs under Catch2 (seeded; tests/model/test_sequences.cpp) and under
// libFuzzer (tests/fuzz/fuzz_sequences.cpp), through a `Chooser` that answers `pick(n)`.
// A driver runs a pool of either entitlement source: a license server's polls, or feature
// keys installed and removed (DESIGN 3: the entitlement is the sum of the distinct keys
// installed; the same key again counts once; a foreign, malformed or future key is refused
// with nothing changed). Its serial provider is the host's and the sequence switches it:
// the feature key pulled, swapped for another or put back (DESIGN 3: keys bound to a serial
// that is not there count nothing and none is installed; a snapshot of another serial is
// read only on request, its keys dropped; DESIGN 7).
#ifndef LICPOOL_TESTS_MODEL_SEQUENCE_DRIVER_HPP
#define LICPOOL_TESTS_MODEL_SEQUENCE_DRIVER_HPP

#include <licpool/licpool.hpp>

#include "allocation/share_reference.hpp"
#include "allocation/tiered_share_reference.hpp"

#include <algorithm>
#include <array>
#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

namespace licpool_model {

// DESIGN 3: the host's serial provider, which a sequence switches (a feature key pulled,
// swapped or put back). Pools of one driver share it, as a restarted host reads the same
// feature key. From a `fixed_serial` too, so the pool's serial-number constructor still works.
struct model_serial_provider {
    model_serial_provider() = default;
    model_serial_provider(licpool::fixed_serial s) // NOLINT: implicit, as fixed_serial's own
        : current{std::make_shared<licpool::serial_number>(s.serial())} {}
    licpool::serial_number serial() const { return *current; }

    std::shared_ptr<licpool::serial_number> current = std::make_shared<licpool::serial_number>();
};

using model_validator = licpool::feature_key_validator<licpool::hmac_sha256, model_serial_provider>;
using model_pool = licpool::license_pool<licpool::tier_hierarchy, licpool::reserved_dynamic_allocator<>,
                                         licpool::compliance_auditor<>, model_validator,
                                         licpool::null_mutex, licpool::manual_clock>;

// Kinds jobs hold, the kind users hold, the kind node leases lend.
inline const std::array<std::string, 3> job_kinds = {"outbound_port", "asr", "sms"}; // sms: counted (DESIGN 2)
inline const std::string user_kind = "agent_web_api";
// A kind consumed while in use (DESIGN 5): users never take it by assign.
inline const std::string concurrent_user_kind = "external_selection";
inline const std::string lease_kind = "tts";
inline const std::array<std::string, 5> divided_kinds = {"outbound_port", "asr", "agent_web_api", "tts", "sms"};
// DESIGN 4.5: the seat tiers, lowest first, form one resource of the tree; agents' nail-up
// ports are telephony ports.
inline const std::array<std::string, 3> seat_tiers = {"manual_agent", "preview_agent", "predictive_agent"};
inline const std::string seats = "manual_agent"; // the tier group's resource, named by its first tier
inline const std::string port_kind = "telephony_port";
// DESIGN 2, also takes: each outbound port taken takes a telephony port too.
inline const std::string& taken_too(const std::string& kind) {
    static const std::string none;
    return kind == "outbound_port" ? port_kind : none;
}
// Every resource the tree divides, as the kind that names it.
inline const std::array<std::string, 7> tree_resources = {"outbound_port", "asr", "agent_web_api", "tts", "sms", seats, port_kind};
inline std::size_t tier_of(const std::string& kind) {
    for (std::size_t t = 0; t < seat_tiers.size(); ++t) {
        if (seat_tiers[t] == kind) {
            return t;
        }
    }
    return seat_tiers.size();
}
inline bool is_seat(const std::string& kind) { return tier_of(kind) < seat_tiers.size(); }
inline const std::string& resource_of(const std::string& kind) { return is_seat(kind) ? seats : kind; }
constexpr std::uint32_t agent_ids = 6;
constexpr std::int64_t idle_window_s = 60;

struct model_node {
    std::string name;
    std::size_t zone = 0; // an organization's zone (index into zones)
    std::size_t created = 0;
    std::map<std::string, licpool::limits> settings;
};

struct model_slot {
    std::string kind;
    std::uint32_t min = 0;
    std::uint32_t max = 0;
    std::uint32_t quota = 0;
    std::uint32_t in_use = 0;
    std::int64_t last_attempt = 0;
    bool idle = false;
    bool hungry = false;
    licpool::bounds last{}; // bounds at the last recalculation
};

struct model_job {
    std::string name;
    std::size_t org = 0;
    std::size_t started = 0;
    int priority = 1;
    licpool::allocation_mode mode = licpool::allocation_mode::reserved;
    licpool::job_state state = licpool::job_state::running;
    std::string campaign; // an agent-based job's seat kind; its slots are the seat and the port
    bool forgotten = false;
    std::vector<model_slot> slots;
    licpool::job_id id{};
    std::array<std::uint64_t, licpool::refusal_counts::size> refusals{}; // its refused attempts by code

    model_slot* slot(const std::string& kind) {
        for (auto& s : slots) {
            if (s.kind == kind) {
                return &s;
            }
        }
        return nullptr;
    }
    // The slot that draws from `resource` (an agent job's seat slot draws from the seats).
    model_slot* resource_slot(const std::string& resource) {
        for (auto& s : slots) {
            if (resource_of(s.kind) == resource) {
                return &s;
            }
        }
        return nullptr;
    }
    bool in_tree() const { return !forgotten && state != licpool::job_state::stopped; }
    // The slot an instance of `s`'s kind also takes (DESIGN 2), or null.
    model_slot* linked(const model_slot& s) {
        const auto& other = taken_too(s.kind);
        return other.empty() ? nullptr : slot(other);
    }
};

struct model_agent {
    std::size_t job = 0;
    std::string seat; // the tier held
};

struct model_user {
    std::string name;
    std::size_t org = 0;
    licpool::user_id id{};
    // DESIGN 5: the user's method is what it holds, nothing more: no method when neither.
    bool assigned = false;
    bool logged_in = false;
};

struct model_lease {
    std::uint64_t fence = 0;
    std::string holder;
    std::uint32_t count = 0;
    std::int64_t expires = 0; // seconds of model time
};

// What the host holds: leases of jobs, and calls of several kinds.
struct held_lease {
    std::size_t job;
    std::string kind;
    licpool::lease lease;
};
struct held_call {
    std::size_t job;
    licpool::call_leases call;
};

inline licpool::vendor_secret model_secret() { return *licpool::vendor_secret::make("licpool model test secret"); }
inline const licpool::serial_number model_serial{"LP-MODEL"};

// The keys a keys-pool sequence installs and removes: kind, count, issue date, and whether
// the pool must refuse it (and with what) when its serial is there; `serial` is the serial it
// was issued for.
struct model_key {
    std::string kind;
    std::uint32_t count = 0;
    licpool::date issued;
    std::optional<licpool::errc> refused;
    std::string text;
    std::string serial = "LP-MODEL";
};

inline std::vector<model_key> make_model_keys() {
    using licpool::date;
    std::vector<model_key> keys = {
        {"outbound_port", 4, date::from_ymd(2025, 12, 1), std::nullopt, {}},
        {"outbound_port", 3, date::from_ymd(2025, 11, 1), std::nullopt, {}},
        {"asr", 5, date::from_ymd(2025, 10, 1), std::nullopt, {}},
        {"asr", 2, date::from_ymd(2025, 12, 24), std::nullopt, {}},
        {"agent_web_api", 3, date::from_ymd(2025, 9, 1), std::nullopt, {}},
        {"tts", 4, date::from_ymd(2025, 8, 1), std::nullopt, {}},
        {"tts", 6, date::from_ymd(2026, 6, 1), licpool::errc::not_yet_valid, {}}, // issued after today
        {"manual_agent", 2, date::from_ymd(2025, 12, 1), std::nullopt, {}},
        {"preview_agent", 1, date::from_ymd(2025, 12, 1), std::nullopt, {}},
        {"predictive_agent", 1, date::from_ymd(2025, 12, 1), std::nullopt, {}},
        {"telephony_port", 5, date::from_ymd(2025, 12, 1), std::nullopt, {}},
        {"sms", 3, date::from_ymd(2025, 12, 1), std::nullopt, {}}, // counted since issue 13
    };
    const auto kinds = licpool::presets::contact_center();
    for (auto& k : keys) {
        licpool::key_fields f;
        f.feature_code = kinds[*kinds.find(k.kind)].feature_code;
        f.count = k.count;
        f.issued = k.issued;
        k.text = *licpool::issue_key(f, model_serial, model_secret());
    }
    // A key for another system: its MAC does not check under this serial (the model refuses
    // it mac_mismatch from its serial, which the sequence never switches to).
    licpool::key_fields f;
    f.feature_code = kinds[*kinds.find("asr")].feature_code;
    f.count = 9;
    f.issued = licpool::date::from_ymd(2025, 12, 1);
    keys.push_back({"asr", 9, f.issued, std::nullopt,
                    *licpool::issue_key(f, licpool::serial_number{"LP-OTHER"}, model_secret()), "LP-OTHER"});
    return keys;
}

class sequence_driver {
public:
    explicit sequence_driver(licpool::entitlement_source source = licpool::entitlement_source::license_server,
                             licpool::method_mixing mixing = licpool::method_mixing::allowed)
        : source_{source}, mixing_{mixing} {
        pool_ = make_pool();
    }

    ~sequence_driver() {
        calls_.clear();
        leases_.clear(); // leases before their pool
    }

    /// The log of calls made so far, one per line.
    const std::vector<std::string>& log() const { return log_; }
    /// The first disagreement, or empty.
    const std::optional<std::string>& failure() const { return failure_; }

    /// One random step, chosen by `choose.pick(n)` (0 <= result < n).
    template <class Chooser>
    void step(Chooser& choose) {
        if (failure_) {
            return;
        }
        const std::size_t op = choose.pick(25);
        switch (op) {
        case 0:
            if (source_ == licpool::entitlement_source::keys) {
                key(choose);
            } else {
                poll(choose);
            }
            break;
        case 1: set_node(choose); break;
        case 2:
        case 3: start(choose); break;
        case 4: change_state(choose); break;
        case 5: settings(choose); break;
        case 6:
        case 7:
        case 8: acquire(choose); break;
        case 9: acquire_call(choose); break;
        case 10:
        case 11: release(choose); break;
        case 12:
        case 13: advance(choose); break;
        case 14: user(choose); break;
        case 15: node_lease(choose); break;
        case 16: forget(choose); break;
        case 17: save_and_load(); break;
        case 18:
        case 19:
        case 20:
        case 21:
        case 22: agent(choose); break;
        case 24: serial(choose); break;
        default: advance(choose); break;
        }
        if (!failure_) {
            compare();
        }
    }

private:
    // ---- the pool ----------------------------------------------------------------------

    std::unique_ptr<model_pool> make_pool() const {
        auto p = std::make_unique<model_pool>(licpool::presets::contact_center().with_mixing(mixing_),
                                              model_validator{licpool::presets::contact_center(), model_secret(), provider_},
                                              model_secret(), licpool::pool_options{source_},
                                              licpool::manual_clock{licpool::date::from_ymd(2026, 1, 1)});
        p->clock().advance(std::chrono::seconds{now_});
        return p;
    }

    void fail(const std::string& what) {
        if (!failure_) {
            failure_ = what;
        }
    }
    void expect(bool ok, const std::string& what) {
        if (!ok) {
            fail(what);
        }
    }
    template <class T>
    void expect_outcome(const licpool::expected<T>& got, std::optional<licpool::errc> want, const std::string& call) {
        if (got.has_value() && want) {
            fail(call + ": granted, the model refuses " + std::string{licpool::to_string(*want)});
        } else if (!got.has_value() && !want) {
            fail(call + ": refused " + got.error().message() + ", the model grants");
        } else if (!got.has_value() && got.error().code() != *want) {
            fail(call + ": refused " + got.error().message() + ", the model refuses " + std::string{licpool::to_string(*want)});
        }
    }

    // ---- the model's tree ------------------------------------------------------------------

    std::size_t zone_of(const std::string& name) {
        for (std::size_t z = 0; z < zones_.size(); ++z) {
            if (zones_[z].name == name) {
                return z;
            }
        }
        zones_.push_back({name, 0, created_++, {}});
        return zones_.size() - 1;
    }
    std::size_t org_of(const std::string& zone, const std::string& name) {
        const std::size_t z = zone_of(zone);
        for (std::size_t o = 0; o < orgs_.size(); ++o) {
            if (orgs_[o].zone == z && orgs_[o].name == name) {
                return o;
            }
        }
        orgs_.push_back({name, z, created_++, {}});
        return orgs_.size() - 1;
    }
    std::string path(std::size_t o) const { return zones_[orgs_[o].zone].name + "/" + orgs_[o].name; }

    static licpool::limits setting(const model_node& n, const std::string& kind) {
        const auto it = n.settings.find(kind);
        return it == n.settings.end() ? licpool::limits{} : it->second;
    }

    std::uint32_t entitled(const std::string& kind) const {
        const auto it = entitled_.find(kind);
        return it == entitled_.end() ? 0 : it->second;
    }
    // What the tree divides of a resource: a tier group's seats add up (DESIGN 4.5).
    std::uint32_t capacity(const std::string& resource) const {
        if (resource == lease_kind) {
            // DESIGN 7: what node leases hold comes out of what the tree divides.
            const std::uint32_t lent = leased();
            return entitled(resource) > lent ? entitled(resource) - lent : 0;
        }
        if (resource != seats) {
            return entitled(resource);
        }
        std::uint32_t n = 0;
        for (const auto& t : seat_tiers) {
            n += entitled(t);
        }
        return n;
    }
    std::uint32_t leased() const {
        std::uint32_t n = 0;
        for (const auto& l : node_leases_) {
            n += l.count;
        }
        return n;
    }
    // DESIGN 7: what zone minimums guarantee the tree; a node lease cannot take it.
    std::uint32_t zone_minimums(const std::string& kind) const {
        std::uint32_t n = 0;
        for (const auto& z : zones_) {
            n += setting(z, kind).min;
        }
        return n;
    }
    // Seats of tier `t` or higher: what a campaign needing `t` can use.
    std::uint32_t adequate_seats(std::size_t t) const {
        std::uint32_t n = 0;
        for (std::size_t u = t; u < seat_tiers.size(); ++u) {
            n += entitled(seat_tiers[u]);
        }
        return n;
    }
    std::uint32_t tier_use(const std::string& tier) const {
        std::uint32_t n = pending_seat_ == tier ? 1 : 0;
        for (const auto& [id, a] : agents_) {
            n += a.seat == tier ? 1 : 0;
        }
        return n;
    }
    bool seat_free(const std::string& tier) const { return tier_use(tier) < entitled(tier); }
    // The hierarchy resolver (DESIGN 4.5): the lowest adequate tier for which `free` holds.
    template <class Free>
    static std::optional<std::string> lowest_tier(std::size_t needed, Free free) {
        for (std::size_t t = needed; t < seat_tiers.size(); ++t) {
            if (free(seat_tiers[t])) {
                return seat_tiers[t];
            }
        }
        return std::nullopt;
    }

    // DESIGN 4.2.
    static licpool::bounds job_bounds(const model_job& j, const model_slot& s) {
        if (j.state != licpool::job_state::running) {
            return {0, 0};
        }
        if (j.mode == licpool::allocation_mode::dynamic && s.idle) {
            return {s.min, std::max(s.min, std::min(s.max, s.in_use))};
        }
        return {s.min, s.max};
    }
    static licpool::share_child node_child(const licpool::limits& l, std::uint64_t children) {
        return {l.min, static_cast<std::uint32_t>(std::max<std::uint64_t>(l.min, std::min<std::uint64_t>(l.max, children))),
                l.weight};
    }

    struct item {
        std::size_t index;
        std::size_t created;
        licpool::share_child child;
    };
    static std::vector<std::uint32_t> divide(std::uint64_t capacity, std::vector<item>& items) {
        std::stable_sort(items.begin(), items.end(), [](const item& a, const item& b) {
            return a.child.weight != b.child.weight ? a.child.weight > b.child.weight : a.created < b.created;
        });
        std::vector<licpool::share_child> children;
        for (const auto& i : items) {
            children.push_back(i.child);
        }
        return licpool_test::reference_share(capacity, children);
    }

    // DESIGN 4.5: a tier group's seats. A job's ceiling sits at its campaign's tier; a node
    // adds its children's up per tier, keeps its lowest tiers when its ceiling is lower and
    // puts the rest of a higher one at the lowest tier; of a share, what is not needed by its
    // tiers below t may go to tier t or higher.
    struct tiered_item {
        std::size_t index;
        std::size_t created;
        licpool::tiered_child child;
    };
    static void fit(licpool::tiered_child& c, std::uint64_t ceiling) {
        std::uint64_t left = ceiling;
        for (auto& n : c.by_tier) {
            n = static_cast<std::uint32_t>(std::min<std::uint64_t>(n, left));
            left -= n;
        }
        c.by_tier[0] += static_cast<std::uint32_t>(left);
    }
    // Per child (in the level's order), its allowance for tier t or higher: what its share
    // leaves above its lower tiers, then what the level's limit of tier t has left, to the
    // children in order, each up to its share, its ceiling of tiers t and up, and its allowance
    // of tier t - 1.
    static std::vector<std::vector<std::uint64_t>> passed_down(std::vector<std::uint64_t> limits,
                                                               const std::vector<tiered_item>& items,
                                                               const std::vector<std::uint32_t>& shares) {
        for (std::size_t t = 1; t < limits.size(); ++t) {
            limits[t] = std::min(limits[t], limits[t - 1]);
        }
        std::vector<std::vector<std::uint64_t>> out(items.size(), std::vector<std::uint64_t>(limits.size(), 0));
        for (std::size_t t = 0; t < limits.size(); ++t) {
            std::uint64_t used = 0;
            for (std::size_t i = 0; i < items.size(); ++i) {
                std::uint64_t below = 0;
                for (std::size_t c = 0; c < t; ++c) {
                    below += items[i].child.by_tier[c];
                }
                out[i][t] = shares[i] > below ? shares[i] - below : 0;
                used += out[i][t];
            }
            for (std::size_t i = 0; i < items.size(); ++i) {
                std::uint64_t above = 0;
                for (std::size_t c = t; c < seat_tiers.size(); ++c) {
                    above += items[i].child.by_tier[c];
                }
                const std::uint64_t most = std::min({std::uint64_t{shares[i]}, above, t == 0 ? shares[i] : out[i][t - 1]});
                while (t > 0 && used < limits[t] && out[i][t] < most) {
                    ++out[i][t];
                    ++used;
                }
            }
        }
        return out;
    }
    static std::vector<std::uint32_t> divide_tiered(const std::vector<std::uint64_t>& limits, std::vector<tiered_item>& items) {
        std::stable_sort(items.begin(), items.end(), [](const tiered_item& a, const tiered_item& b) {
            return a.child.weight != b.child.weight ? a.child.weight > b.child.weight : a.created < b.created;
        });
        std::vector<licpool::tiered_child> children;
        for (const auto& i : items) {
            children.push_back(i.child);
        }
        return licpool_test::reference_tiered_share(limits, children);
    }
    void recalculate_seats() {
        std::vector<tiered_item> zone_items;
        std::vector<std::vector<tiered_item>> org_items(zones_.size());
        std::vector<std::vector<tiered_item>> job_items(orgs_.size());
        for (std::size_t z = 0; z < zones_.size(); ++z) {
            licpool::tiered_child zone_child;
            for (std::size_t o = 0; o < orgs_.size(); ++o) {
                if (orgs_[o].zone != z) {
                    continue;
                }
                licpool::tiered_child org_child;
                for (std::size_t j = 0; j < jobs_.size(); ++j) {
                    auto* s = jobs_[j].resource_slot(seats);
                    if (jobs_[j].org != o || !jobs_[j].in_tree() || s == nullptr) {
                        continue;
                    }
                    s->last = job_bounds(jobs_[j], *s);
                    licpool::tiered_child c;
                    c.floor = s->last.floor;
                    c.weight = static_cast<std::uint32_t>(jobs_[j].priority);
                    c.by_tier[tier_of(jobs_[j].campaign)] = std::max(s->last.floor, s->last.ceiling);
                    org_child.by_tier[tier_of(jobs_[j].campaign)] += c.by_tier[tier_of(jobs_[j].campaign)];
                    job_items[o].push_back({j, jobs_[j].started, c});
                }
                const auto b = node_child(setting(orgs_[o], seats), org_child.ceiling());
                org_child.floor = b.floor;
                org_child.weight = b.weight;
                fit(org_child, b.ceiling);
                for (std::size_t t = 0; t < seat_tiers.size(); ++t) {
                    zone_child.by_tier[t] += org_child.by_tier[t];
                }
                org_items[z].push_back({o, orgs_[o].created, org_child});
            }
            const auto b = node_child(setting(zones_[z], seats), zone_child.ceiling());
            zone_child.floor = b.floor;
            zone_child.weight = b.weight;
            fit(zone_child, b.ceiling);
            zone_items.push_back({z, zones_[z].created, zone_child});
        }
        std::vector<std::uint64_t> system;
        for (std::size_t t = 0; t < seat_tiers.size(); ++t) {
            system.push_back(adequate_seats(t));
        }
        const auto zone_shares = divide_tiered(system, zone_items);
        const auto zone_limits = passed_down(system, zone_items, zone_shares);
        for (std::size_t zi = 0; zi < zone_items.size(); ++zi) {
            const std::size_t z = zone_items[zi].index;
            zone_share_[{z, seats}] = zone_shares[zi];
            const auto org_shares = divide_tiered(zone_limits[zi], org_items[z]);
            const auto org_limits = passed_down(zone_limits[zi], org_items[z], org_shares);
            for (std::size_t oi = 0; oi < org_items[z].size(); ++oi) {
                const std::size_t o = org_items[z][oi].index;
                org_share_[{o, seats}] = org_shares[oi];
                const auto quotas = divide_tiered(org_limits[oi], job_items[o]);
                for (std::size_t ji = 0; ji < job_items[o].size(); ++ji) {
                    jobs_[job_items[o][ji].index].resource_slot(seats)->quota = quotas[ji];
                }
            }
        }
    }

    // DESIGN 4.3: every quota and share from scratch; every hungry mark cleared.
    void recalculate() {
        recalculate_seats();
        for (const auto& kind : tree_resources) {
            if (kind == seats) {
                continue;
            }
            std::vector<item> zone_items;
            std::vector<std::vector<item>> org_items(zones_.size());
            std::vector<std::vector<item>> job_items(orgs_.size());
            for (std::size_t z = 0; z < zones_.size(); ++z) {
                std::uint64_t zone_children = 0;
                for (std::size_t o = 0; o < orgs_.size(); ++o) {
                    if (orgs_[o].zone != z) {
                        continue;
                    }
                    std::uint64_t org_children = 0;
                    for (std::size_t j = 0; j < jobs_.size(); ++j) {
                        auto* s = jobs_[j].resource_slot(kind);
                        if (jobs_[j].org != o || !jobs_[j].in_tree() || s == nullptr) {
                            continue;
                        }
                        s->last = job_bounds(jobs_[j], *s);
                        org_children += s->last.ceiling;
                        job_items[o].push_back({j, jobs_[j].started,
                                                {s->last.floor, s->last.ceiling, static_cast<std::uint32_t>(jobs_[j].priority)}});
                    }
                    const auto c = node_child(setting(orgs_[o], kind), org_children);
                    zone_children += c.ceiling;
                    org_items[z].push_back({o, orgs_[o].created, c});
                }
                zone_items.push_back({z, zones_[z].created, node_child(setting(zones_[z], kind), zone_children)});
            }
            const auto zone_shares = divide(capacity(kind), zone_items);
            for (std::size_t zi = 0; zi < zone_items.size(); ++zi) {
                const std::size_t z = zone_items[zi].index;
                zone_share_[{z, kind}] = zone_shares[zi];
                const auto org_shares = divide(zone_shares[zi], org_items[z]);
                for (std::size_t oi = 0; oi < org_items[z].size(); ++oi) {
                    const std::size_t o = org_items[z][oi].index;
                    org_share_[{o, kind}] = org_shares[oi];
                    const auto quotas = divide(org_shares[oi], job_items[o]);
                    for (std::size_t ji = 0; ji < job_items[o].size(); ++ji) {
                        jobs_[job_items[o][ji].index].resource_slot(kind)->quota = quotas[ji];
                    }
                }
            }
        }
        for (auto& j : jobs_) {
            for (auto& s : j.slots) {
                s.hungry = false;
            }
        }
        hungry_.clear();
        ++recalculations_;
        // DESIGN 4.5: each agent moves down to the lowest adequate tier that is free (its own
        // seat counted as free), in agent id order; not the agent a move is re-seating.
        for (auto& [id, a] : agents_) {
            if (moving_ && *moving_ == id) {
                continue;
            }
            const std::string held = a.seat;
            const auto best = lowest_tier(tier_of(jobs_[a.job].campaign), [&](const std::string& t) { return t == held || seat_free(t); });
            if (best && tier_of(*best) < tier_of(held)) {
                a.seat = *best;
            }
        }
    }

    // What a job, an organization, a zone and the system hold of a kind.
    std::uint32_t org_use(std::size_t o, const std::string& kind) const {
        std::uint32_t n = 0;
        for (const auto& j : jobs_) {
            if (j.org == o && !j.forgotten) {
                for (const auto& s : j.slots) {
                    n += resource_of(s.kind) == kind ? s.in_use : 0;
                }
            }
        }
        for (const auto& u : users_) {
            n += u.org == o && kind == user_kind && (u.assigned || u.logged_in) ? 1 : 0;
        }
        return n;
    }
    std::uint32_t zone_use(std::size_t z, const std::string& kind) const {
        std::uint32_t n = 0;
        for (std::size_t o = 0; o < orgs_.size(); ++o) {
            n += orgs_[o].zone == z ? org_use(o, kind) : 0;
        }
        return n;
    }
    std::uint32_t system_use(const std::string& kind) const {
        std::uint32_t n = 0;
        for (std::size_t z = 0; z < zones_.size(); ++z) {
            n += zone_use(z, kind);
        }
        for (const auto& l : node_leases_) {
            n += kind == lease_kind ? l.count : 0;
        }
        return n;
    }
    std::uint32_t zone_share(std::size_t z, const std::string& kind) const {
        const auto it = zone_share_.find({z, kind});
        return it == zone_share_.end() ? 0 : it->second;
    }
    std::uint32_t org_share(std::size_t o, const std::string& kind) const {
        const auto it = org_share_.find({o, kind});
        return it == org_share_.end() ? 0 : it->second;
    }

    // DESIGN 4.4: the refusal of one more license of `kind` for job `j`, or none.
    // A move shares the levels its two jobs have in common, and keeps its port counted
    // system-wide (`system` false); a seat's system level is the hierarchy resolver's.
    std::optional<licpool::errc> refusal(const model_job& j, const model_slot& s, bool shared_org = false,
                                         bool shared_zone = false, bool system = true) const {
        using licpool::errc;
        if (s.in_use >= s.max) {
            return errc::job_max;
        }
        const std::size_t z = orgs_[j.org].zone;
        const std::string& r = resource_of(s.kind);
        if (s.in_use >= s.quota) {
            if (s.quota == 0) {
                if ((is_seat(s.kind) ? adequate_seats(tier_of(s.kind)) : entitled(s.kind)) == 0) {
                    return errc::entitlement;
                }
                if (zone_share(z, r) == 0) {
                    return errc::zone;
                }
                if (org_share(j.org, r) == 0) {
                    return errc::organization;
                }
            }
            return errc::job_quota;
        }
        if (!shared_org && org_use(j.org, r) >= org_share(j.org, r)) {
            return errc::organization;
        }
        if (!shared_zone && zone_use(z, r) >= zone_share(z, r)) {
            return errc::zone;
        }
        if (!system) {
            return std::nullopt;
        }
        if (is_seat(s.kind)) {
            if (!lowest_tier(tier_of(s.kind), [&](const std::string& t) { return seat_free(t); })) {
                return errc::entitlement;
            }
            return std::nullopt;
        }
        if (system_use(s.kind) >= entitled(s.kind)) {
            return errc::entitlement;
        }
        return std::nullopt;
    }

    bool donor_exists(const std::string& kind) const {
        for (const auto& j : jobs_) {
            if (!j.in_tree()) {
                continue;
            }
            for (const auto& s : j.slots) {
                if (resource_of(s.kind) == kind && s.idle && s.quota > job_bounds(j, s).ceiling) {
                    return true;
                }
            }
        }
        return false;
    }
    bool any_idle(const std::string& kind) const {
        for (const auto& j : jobs_) {
            for (const auto& s : j.slots) {
                if (resource_of(s.kind) == kind && s.idle) {
                    return true;
                }
            }
        }
        return false;
    }
    static bool is_hunger(licpool::errc c) {
        return c == licpool::errc::job_quota || c == licpool::errc::organization || c == licpool::errc::zone ||
               c == licpool::errc::entitlement;
    }

    // ---- picking ---------------------------------------------------------------------------

    template <class Chooser>
    std::optional<std::size_t> some_job(Chooser& choose) const {
        std::vector<std::size_t> known;
        for (std::size_t j = 0; j < jobs_.size(); ++j) {
            if (!jobs_[j].forgotten) {
                known.push_back(j);
            }
        }
        if (known.empty()) {
            return std::nullopt;
        }
        return known[choose.pick(known.size())];
    }
    template <class Chooser>
    licpool::limits some_limits(Chooser& choose) const {
        const auto min = static_cast<std::uint32_t>(choose.pick(4));
        const auto max = choose.pick(4) == 0 ? licpool::unlimited : min + static_cast<std::uint32_t>(choose.pick(8));
        return {min, max, static_cast<std::uint32_t>(1 + choose.pick(3))};
    }

    // ---- the steps -------------------------------------------------------------------------

    // `seats_only`: a seat tier or the telephony port (what agents need).
    template <class Chooser>
    void poll(Chooser& choose, bool seats_only = false) {
        auto next = entitled_;
        const std::size_t first = seats_only ? divided_kinds.size() : 0;
        const std::size_t pick = first + choose.pick(divided_kinds.size() + seat_tiers.size() + 1 - first);
        const std::string& kind = pick < divided_kinds.size()                       ? divided_kinds[pick]
                                  : pick < divided_kinds.size() + seat_tiers.size() ? seat_tiers[pick - divided_kinds.size()]
                                                                                    : port_kind;
        next[kind] = static_cast<std::uint32_t>(choose.pick(is_seat(kind) ? 4 : 12));
        if (seats_only) { // every tier and the port at once, so that agents find seats soon
            for (const auto& tier : seat_tiers) {
                next[tier] = static_cast<std::uint32_t>(choose.pick(4));
            }
            next[port_kind] = static_cast<std::uint32_t>(2 + choose.pick(8));
        }
        std::vector<licpool::kind_count> counts;
        std::ostringstream call;
        call << "report_poll(";
        for (const auto& [k, n] : next) {
            counts.push_back({k, n});
            call << k << '=' << n << ' ';
        }
        call << ')';
        log_.push_back(call.str());
        bool changed = false; // a kind named with 0 is no change from a kind not named
        for (const auto& [k, n] : next) {
            changed = changed || n != entitled(k);
        }
        const auto got = pool_->report_poll(counts);
        expect_outcome(got, std::nullopt, call.str());
        entitled_ = next;
        if (changed) { // DESIGN 4.3 trigger 2: a change of entitlement only
            recalculate();
        }
    }

    // DESIGN 3: a key installed (the same key again counts once) or removed; the entitlement
    // of its kind is the sum of the distinct keys installed, and a change recalculates.
    template <class Chooser>
    void key(Chooser& choose, bool seats_only = false) {
        std::size_t which = choose.pick(keys_.size());
        if (seats_only) {
            std::vector<std::size_t> agent_keys;
            for (std::size_t i = 0; i < keys_.size(); ++i) {
                if (is_seat(keys_[i].kind) || keys_[i].kind == port_kind) {
                    agent_keys.push_back(i);
                }
            }
            which = agent_keys[which % agent_keys.size()];
        }
        const model_key& k = keys_[which];
        const bool install = choose.pick(3) != 0;
        const std::string call = std::string{install ? "install_key" : "remove_key"} + "(#" + std::to_string(which) + " " +
                                 k.kind + " x" + std::to_string(k.count) + ")";
        log_.push_back(call);
        const auto before = observe();
        std::optional<licpool::errc> want;
        if (install) {
            // DESIGN 3: the serial first (none, or another than the installed keys'), then
            // the key's MAC under the serial there is, then the validator's other checks.
            want = reported_.empty()         ? std::optional<licpool::errc>{licpool::errc::serial_absent}
                   : !keys_count()           ? std::optional<licpool::errc>{licpool::errc::serial_changed}
                   : k.serial != reported_   ? std::optional<licpool::errc>{licpool::errc::mac_mismatch}
                                             : k.refused;
        } else if (!installed_[which]) {
            want = licpool::errc::key_not_installed;
        }
        if (install) {
            expect_outcome(pool_->install_key(k.text), want, call);
        } else {
            expect_outcome(pool_->remove_key(k.text), want, call);
        }
        if (want) {
            // A refused install has read the date, and the latest date seen may move with it
            // (DESIGN 3: an observation of the clock, not state a refusal protects).
            expect(without_latest_date(observe()) == without_latest_date(before), call + ": refused, yet something changed");
            return;
        }
        installed_[which] = install;
        bind_if_free();
        standing_ = standing(); // no event of its own: an install or removal is its own call
        if (entitle_from_keys()) { // DESIGN 4.3 trigger 2: a change of entitlement only
            recalculate();
        }
    }

    // ---- the feature-key serial (DESIGN 3) ----------------------------------------------------

    bool any_installed() const { return std::find(installed_.begin(), installed_.end(), true) != installed_.end(); }
    // 0: no key installed, or the provider reports the keys' serial; 1: no serial; 2: another.
    int standing() const { return !any_installed() || reported_ == bound_ ? 0 : reported_.empty() ? 1 : 2; }
    bool keys_count() const { return standing() == 0; }
    // With no key installed nothing is bound: the keys to come are the serial there is.
    void bind_if_free() {
        if (!any_installed() && !reported_.empty()) {
            bound_ = reported_;
        }
    }
    // Each key kind's entitlement: the sum of its installed keys while they count, else 0.
    // True when any changed.
    bool entitle_from_keys() {
        bool changed = false;
        for (const auto& key : keys_) {
            std::uint32_t sum = 0;
            for (std::size_t i = 0; i < keys_.size(); ++i) {
                sum += installed_[i] && keys_[i].kind == key.kind && keys_count() ? keys_[i].count : 0;
            }
            changed = changed || sum != entitled(key.kind);
            entitled_[key.kind] = sum;
        }
        return changed;
    }

    // The host's feature key pulled, swapped for another or put back, and the pool told at
    // once (check_serial; the tick would notice too). Keys bound to a serial that is not
    // there stop counting, with a recalculation; they count again when it is back. A pool
    // that polls a license server reads no serial: nothing changes.
    template <class Chooser>
    void serial(Chooser& choose) {
        static const std::array<const char*, 3> serials = {"LP-MODEL", "", "LP-SWAP"};
        const std::string next = serials[choose.pick(serials.size())];
        log_.push_back("the serial provider reports '" + next + "', check_serial()");
        *provider_.current = licpool::serial_number{next};
        reported_ = next;
        pool_->check_serial();
        if (source_ != licpool::entitlement_source::keys) {
            return;
        }
        bind_if_free();
        const int was = standing_;
        standing_ = standing();
        if (standing_ != was) { // the pool recalculates at every change of standing, event and all
            entitle_from_keys();
            recalculate();
        }
    }

    template <class Chooser>
    void set_node(Chooser& choose) {
        const bool org = choose.pick(2) == 0;
        const std::string zone = "z" + std::to_string(choose.pick(2));
        const std::string name = "o" + std::to_string(choose.pick(2));
        const std::string& kind = divided_kinds[choose.pick(divided_kinds.size())];
        const auto l = some_limits(choose);
        std::ostringstream call;
        call << (org ? "set_organization(" + zone + ", " + name : "set_zone(" + zone) << ", " << kind << " " << l.min
             << ".." << (l.max == licpool::unlimited ? std::string{"-"} : std::to_string(l.max)) << " w" << l.weight << ")";
        log_.push_back(call.str());
        if (org) {
            expect_outcome(pool_->set_organization(zone, name, {{kind, l}}), std::nullopt, call.str());
            orgs_[org_of(zone, name)].settings[kind] = l;
        } else {
            expect_outcome(pool_->set_zone(zone, {{kind, l}}), std::nullopt, call.str());
            zones_[zone_of(zone)].settings[kind] = l;
        }
        recalculate();
    }

    template <class Chooser>
    void start(Chooser& choose, bool agents = false) {
        const std::string zone = "z" + std::to_string(choose.pick(2));
        const std::string org = "o" + std::to_string(choose.pick(2));
        model_job j;
        j.priority = static_cast<int>(1 + choose.pick(10));
        j.mode = choose.pick(2) == 0 ? licpool::allocation_mode::dynamic : licpool::allocation_mode::reserved;
        const auto min = static_cast<std::uint32_t>(choose.pick(3));
        const auto max = min + static_cast<std::uint32_t>(choose.pick(6));
        std::vector<std::string> kinds;
        const std::size_t which = agents ? 3 : choose.pick(4); // outbound, asr, both, or agents
        if (which == 3) {
            j.campaign = seat_tiers[choose.pick(seat_tiers.size())];
        } else {
            if (which != 1) {
                kinds.push_back(job_kinds[0]);
            }
            if (which != 0) {
                kinds.push_back(job_kinds[1]);
            }
        }
        const bool named = choose.pick(3) != 0;
        j.name = named ? "job-" + std::to_string(choose.pick(6)) : std::string{};
        const std::string call = "start_job(" + (named ? j.name : std::string{"<unnamed>"}) + ", " + zone + "/" + org +
                                 ", p" + std::to_string(j.priority) + ", " + std::to_string(min) + ".." +
                                 std::to_string(max) + ", " + std::string{licpool::to_string(j.mode)} +
                                 (j.campaign.empty() ? std::string{} : ", agents " + j.campaign) + ")";
        log_.push_back(call);
        const std::size_t o = org_of(zone, org);
        auto id = pool_->organization(zone, org);
        expect(id.has_value(), call + ": organization refused");
        if (!id) {
            return;
        }
        auto spec = licpool::job_spec{*id, j.priority, min, max, j.mode, kinds}.named(j.name);
        if (!j.campaign.empty()) {
            spec.agents(j.campaign);
        }
        const auto got = pool_->start_job(spec);
        bool taken = false;
        for (const auto& other : jobs_) {
            taken = taken || (!other.forgotten && other.name == j.name);
        }
        if (named && taken) {
            expect_outcome(got, licpool::errc::duplicate_job, call);
            return;
        }
        expect_outcome(got, std::nullopt, call);
        if (!got) {
            return;
        }
        const auto name = pool_->job_name(*got);
        expect(name.has_value() && (named ? *name == j.name : !name->empty()), call + ": wrong name");
        if (!named && name) {
            for (const auto& other : jobs_) {
                expect(other.forgotten || other.name != *name, call + ": an unnamed job took a name in use");
            }
            j.name = *name;
        }
        j.org = o;
        j.id = *got;
        j.started = started_++;
        for (const auto& k : kinds) {
            model_slot s;
            s.kind = k;
            s.min = min;
            s.max = max;
            s.last_attempt = now_; // DESIGN 4.3: starting is an attempt
            j.slots.push_back(s);
        }
        for (const auto& k : kinds) {
            // DESIGN 2: a kind that also takes another brings it into the job, same limits.
            if (!taken_too(k).empty() && j.slot(taken_too(k)) == nullptr) {
                model_slot s;
                s.kind = taken_too(k);
                s.min = min;
                s.max = max;
                s.last_attempt = now_;
                j.slots.push_back(s);
            }
        }
        if (!j.campaign.empty()) {
            // DESIGN 4.5: the seat slot takes the job's limits; the nail-up port slot has none.
            model_slot seat;
            seat.kind = j.campaign;
            seat.min = min;
            seat.max = max;
            seat.last_attempt = now_;
            j.slots.push_back(seat);
            model_slot port;
            port.kind = port_kind;
            port.max = licpool::unlimited;
            port.last_attempt = now_;
            j.slots.push_back(port);
        }
        jobs_.push_back(std::move(j));
        recalculate();
    }

    template <class Chooser>
    void change_state(Chooser& choose) {
        using licpool::job_state;
        const auto j = some_job(choose);
        if (!j) {
            return;
        }
        auto& job = jobs_[*j];
        const std::size_t what = choose.pick(3); // stop, pause, resume
        const std::string call = std::string{what == 0 ? "stop_job(" : what == 1 ? "pause_job(" : "resume_job("} + job.name + ")";
        log_.push_back(call);
        const auto before = observe();
        licpool::expected<void> got = what == 0 ? pool_->stop_job(job.id) : what == 1 ? pool_->pause_job(job.id)
                                                                                       : pool_->resume_job(job.id);
        const bool allowed = what == 0 ? job.state != job_state::stopped
                             : what == 1 ? job.state == job_state::running
                                         : job.state == job_state::paused;
        if (!allowed) {
            expect_outcome(got, licpool::errc::invalid_state, call);
            expect(observe() == before, call + ": refused, yet something changed");
            return;
        }
        expect_outcome(got, std::nullopt, call);
        job.state = what == 0 ? job_state::stopped : what == 1 ? job_state::paused : job_state::running;
        for (auto& s : job.slots) {
            s.idle = false;
            if (what == 2) {
                s.last_attempt = now_; // resuming is an attempt
            }
        }
        if (what == 0) {
            // A stopped job's quota goes to 0 in the recalculation its stop triggers, then it
            // leaves the tree (DESIGN 4.2).
            for (auto& s : job.slots) {
                s.quota = 0;
            }
        }
        recalculate();
    }

    template <class Chooser>
    void settings(Chooser& choose) {
        const auto j = some_job(choose);
        if (!j) {
            return;
        }
        auto& job = jobs_[*j];
        const bool priority = choose.pick(2) == 0 || !job.campaign.empty();
        const auto before = observe();
        if (priority) {
            const int p = static_cast<int>(choose.pick(12)); // 0 and 11 are out of range
            const std::string call = "set_priority(" + job.name + ", " + std::to_string(p) + ")";
            log_.push_back(call);
            const auto got = pool_->set_priority(job.id, p);
            if (job.state == licpool::job_state::stopped) {
                expect_outcome(got, licpool::errc::invalid_state, call);
            } else if (p < 1 || p > 10) {
                expect_outcome(got, licpool::errc::invalid_setting, call);
            } else {
                expect_outcome(got, std::nullopt, call);
                job.priority = p;
                recalculate();
                return;
            }
            expect(observe() == before, call + ": refused, yet something changed");
            return;
        }
        auto& s = job.slots[choose.pick(job.slots.size())];
        const auto min = static_cast<std::uint32_t>(choose.pick(4));
        const auto max = static_cast<std::uint32_t>(choose.pick(9));
        const std::string call = "set_limits(" + job.name + ", " + s.kind + ", " + std::to_string(min) + ", " +
                                 std::to_string(max) + ")";
        log_.push_back(call);
        const auto got = pool_->set_limits(job.id, s.kind, min, max);
        if (job.state == licpool::job_state::stopped) {
            expect_outcome(got, licpool::errc::invalid_state, call);
        } else if (min > max) {
            expect_outcome(got, licpool::errc::invalid_setting, call);
        } else {
            expect_outcome(got, std::nullopt, call);
            s.min = min;
            s.max = max;
            recalculate();
            return;
        }
        expect(observe() == before, call + ": refused, yet something changed");
    }

    // DESIGN 4.3 and 4.4: one acquire as the model decides it. Returns the refusal, if any.
    std::optional<licpool::errc> decide(model_job& job, model_slot& s, bool may_trigger, bool shared_org = false,
                                        bool shared_zone = false, bool system = true) {
        auto refused = refusal(job, s, shared_org, shared_zone, system);
        if (refused && may_trigger && *refused != licpool::errc::job_max && *refused != licpool::errc::entitlement &&
            any_idle(resource_of(s.kind)) && donor_exists(resource_of(s.kind))) {
            recalculate(); // trigger 5
            refused = refusal(job, s, shared_org, shared_zone, system);
        }
        if (refused && is_hunger(*refused)) {
            s.hungry = true;
            hungry_[resource_of(s.kind)] = true;
        }
        return refused;
    }

    // DESIGN 2 and 4.4: an acquire of a kind that also takes another (`l`, or null): the first
    // refused of the two names the refusal, and gets trigger 5 and the hungry mark.
    std::optional<licpool::errc> decide_linked(model_job& job, model_slot& s, model_slot* l, bool may_trigger) {
        model_slot* refused_slot = &s;
        const auto decide_both = [&]() -> std::optional<licpool::errc> {
            refused_slot = &s;
            if (auto r = refusal(job, s)) {
                return r;
            }
            if (l != nullptr) {
                refused_slot = l;
                return refusal(job, *l);
            }
            return std::nullopt;
        };
        auto refused = decide_both();
        if (refused && may_trigger && *refused != licpool::errc::job_max && *refused != licpool::errc::entitlement &&
            any_idle(resource_of(refused_slot->kind)) && donor_exists(resource_of(refused_slot->kind))) {
            recalculate(); // trigger 5
            refused = decide_both();
        }
        if (refused && is_hunger(*refused)) {
            refused_slot->hungry = true;
            hungry_[resource_of(refused_slot->kind)] = true;
        }
        return refused;
    }

    // An attempt (DESIGN 4.3): stamped; then, when the job runs, an idle slot wakes (trigger 4).
    // Returns whether a wake recalculated.
    bool attempt(model_job& job, const std::vector<model_slot*>& slots) {
        for (auto* s : slots) {
            s->last_attempt = now_;
        }
        if (job.state != licpool::job_state::running) {
            return false;
        }
        // One attempt is one trigger, however many of its slots were idle.
        bool woke = false;
        for (auto* s : slots) {
            woke = woke || s->idle;
            s->idle = false;
        }
        if (woke) {
            recalculate();
        }
        return woke;
    }

    template <class Chooser>
    void acquire(Chooser& choose) {
        const auto j = some_job(choose);
        if (!j) {
            return;
        }
        auto& job = jobs_[*j];
        if (!job.campaign.empty()) {
            return; // agents take an agent job's seats and ports: see agent()
        }
        const bool foreign = choose.pick(8) == 0; // now and then a kind the job does not have
        const std::string kind = foreign ? job_kinds[choose.pick(2)] : job.slots[choose.pick(job.slots.size())].kind;
        const std::string call = "acquire(" + job.name + ", " + kind + ")";
        log_.push_back(call);
        const auto before = holdings();
        auto got = pool_->acquire(job.id, kind);
        model_slot* s = job.slot(kind);
        if (s == nullptr) {
            expect_outcome(got, licpool::errc::kind_not_in_job, call);
            expect(holdings() == before, call + ": refused, yet a holding changed");
            return;
        }
        model_slot* l = job.linked(*s);
        const bool woke = attempt(job, l ? std::vector<model_slot*>{s, l} : std::vector<model_slot*>{s});
        std::optional<licpool::errc> want;
        if (job.state != licpool::job_state::running) {
            want = licpool::errc::not_running;
        } else {
            want = decide_linked(job, *s, l, !woke);
        }
        count_refusal(job, want);
        expect_outcome(got, want, call);
        if (got && !want) {
            ++s->in_use;
            if (l) {
                ++l->in_use;
            }
            leases_.push_back({*j, kind, std::move(*got)});
        } else {
            expect(holdings() == before, call + ": refused, yet a holding changed");
        }
    }

    // DESIGN 4.4.1: a call of both job kinds, all or none.
    template <class Chooser>
    void acquire_call(Chooser& choose) {
        std::vector<std::size_t> both;
        for (std::size_t j = 0; j < jobs_.size(); ++j) {
            if (!jobs_[j].forgotten && jobs_[j].campaign.empty() && jobs_[j].slot(job_kinds[0]) != nullptr &&
                jobs_[j].slot(job_kinds[1]) != nullptr) {
                both.push_back(j);
            }
        }
        if (both.empty()) {
            return;
        }
        const std::size_t j = both[choose.pick(both.size())];
        auto& job = jobs_[j];
        const bool reversed = choose.pick(2) == 0;
        std::vector<model_slot*> slots = {job.slot(job_kinds[reversed ? 1 : 0]), job.slot(job_kinds[reversed ? 0 : 1])};
        const std::string call = "acquire(" + job.name + ", {" + slots[0]->kind + ", " + slots[1]->kind + "})";
        log_.push_back(call);
        const auto before = holdings();
        auto got = pool_->acquire(job.id, {std::string_view{slots[0]->kind}, std::string_view{slots[1]->kind}});
        // Each named kind and the kind it also takes (DESIGN 2): the call's units.
        std::vector<model_slot*> units;
        for (auto* s : slots) {
            units.push_back(s);
            if (auto* l = job.linked(*s)) {
                units.push_back(l);
            }
        }
        const bool woke = attempt(job, units);
        std::optional<licpool::errc> want;
        if (job.state != licpool::job_state::running) {
            want = licpool::errc::not_running;
        } else {
            // Every kind without a trigger; the first refused kind alone gets trigger 5 and
            // the hungry mark, then the whole call is decided once more.
            const auto take_all = [&]() -> std::optional<std::size_t> {
                std::size_t taken = 0;
                for (; taken < units.size(); ++taken) {
                    if (refusal(job, *units[taken])) {
                        break;
                    }
                    ++units[taken]->in_use;
                }
                for (std::size_t i = 0; i < taken; ++i) {
                    --units[i]->in_use;
                }
                if (taken == units.size()) {
                    return std::nullopt;
                }
                return taken;
            };
            auto refused_at = take_all();
            if (refused_at) {
                auto code = *refusal(job, *units[*refused_at]);
                const auto& r = resource_of(units[*refused_at]->kind);
                if (!woke && code != licpool::errc::job_max && code != licpool::errc::entitlement && any_idle(r) &&
                    donor_exists(r)) {
                    recalculate();
                    refused_at = take_all();
                    if (refused_at) {
                        code = *refusal(job, *units[*refused_at]);
                    }
                }
                if (refused_at) {
                    if (is_hunger(code)) {
                        units[*refused_at]->hungry = true;
                        hungry_[resource_of(units[*refused_at]->kind)] = true;
                    }
                    want = code;
                }
            }
        }
        count_refusal(job, want);
        expect_outcome(got, want, call);
        if (got && !want) {
            for (auto* s : units) {
                ++s->in_use;
            }
            calls_.push_back({j, std::move(*got)});
        } else {
            expect(holdings() == before, call + ": refused, yet a holding changed");
        }
    }

    template <class Chooser>
    void release(Chooser& choose) {
        const std::size_t total = leases_.size() + calls_.size();
        if (total == 0) {
            return;
        }
        const std::size_t at = choose.pick(total);
        if (at < leases_.size()) {
            auto& l = leases_[at];
            log_.push_back("release(" + jobs_[l.job].name + ", " + l.kind + ")");
            auto& held = *jobs_[l.job].slot(l.kind);
            --held.in_use;
            if (auto* linked = jobs_[l.job].linked(held)) {
                --linked->in_use; // DESIGN 2: the lease gives both back
            }
            l.lease.release();
            expect(!l.lease.held(), "a released lease still held");
            l.lease.release(); // twice is harmless (DESIGN 4.4)
            leases_.erase(leases_.begin() + static_cast<std::ptrdiff_t>(at));
            return;
        }
        auto& c = calls_[at - leases_.size()];
        auto& job = jobs_[c.job];
        if (choose.pick(2) == 0 && c.call.held() == 2) {
            // One kind back early.
            const std::string& kind = job_kinds[choose.pick(2)];
            log_.push_back("call of " + job.name + ": release(" + kind + ")");
            expect(c.call.release(*pool_->kinds().find(kind)), "a call did not give back a kind it held");
            --job.slot(kind)->in_use;
            if (auto* linked = job.linked(*job.slot(kind))) {
                --linked->in_use;
            }
            return;
        }
        log_.push_back("call of " + job.name + ": release()");
        for (const auto& k : job_kinds) {
            if (c.call.holds(*pool_->kinds().find(k))) {
                --job.slot(k)->in_use;
                if (auto* linked = job.linked(*job.slot(k))) {
                    --linked->in_use;
                }
            }
        }
        calls_.erase(calls_.begin() + static_cast<std::ptrdiff_t>(at - leases_.size()));
    }

    template <class Chooser>
    void advance(Chooser& choose) {
        const std::int64_t by = static_cast<std::int64_t>(1 + choose.pick(90));
        log_.push_back("advance " + std::to_string(by) + " s, tick()");
        now_ += by;
        pool_->clock().advance(std::chrono::seconds{by});
        pool_->tick();
        // DESIGN 7: leases not renewed come back, and the tree divides them again at once
        // (before dynamic jobs are looked at for idleness).
        const std::size_t lent = node_leases_.size();
        node_leases_.erase(std::remove_if(node_leases_.begin(), node_leases_.end(),
                                          [&](const model_lease& l) { return l.expires <= now_; }),
                           node_leases_.end());
        if (node_leases_.size() != lent) {
            recalculate();
        }
        // DESIGN 4.3: dynamic jobs turn idle; trigger 3 while some job is hungry for the kind.
        bool trigger = false;
        for (auto& j : jobs_) {
            if (!j.in_tree() || j.mode != licpool::allocation_mode::dynamic || j.state != licpool::job_state::running) {
                continue;
            }
            for (auto& s : j.slots) {
                if (!s.idle && now_ - s.last_attempt >= idle_window_s) {
                    s.idle = true;
                    trigger = trigger || hungry_[resource_of(s.kind)];
                }
            }
        }
        if (trigger) {
            recalculate();
        }
    }

    // DESIGN 5: a tenant's users, bound by their organization's and zone's limits.
    template <class Chooser>
    void user(Chooser& choose) {
        if (users_.empty() || choose.pick(4) == 0) {
            const std::string zone = "z" + std::to_string(choose.pick(2));
            const std::string org = "o" + std::to_string(choose.pick(2));
            const std::string name = "u" + std::to_string(users_.size());
            log_.push_back("tenant(" + zone + "/" + org + ").add_user(" + name + ")");
            const std::size_t o = org_of(zone, org);
            auto t = pool_->tenant(*pool_->organization(zone, org));
            auto id = t->add_user(name);
            expect(id.has_value(), "add_user refused");
            if (id) {
                users_.push_back({name, o, *id, false, false});
            }
            return;
        }
        auto& u = users_[choose.pick(users_.size())];
        auto t = pool_->tenant(*pool_->find_organization(zones_[orgs_[u.org].zone].name, orgs_[u.org].name));
        const std::string who = path(u.org) + "/" + u.name;
        const auto before = observe();
        const std::size_t what = choose.pick(7);
        if (what == 6) {
            // DESIGN 5: a kind consumed while in use is taken by login; assign is refused.
            const std::string call = "assign(" + who + ", " + concurrent_user_kind + ")";
            log_.push_back(call);
            expect_outcome(t->assign(u.id, concurrent_user_kind), licpool::errc::consumption_mismatch, call);
            expect(observe() == before, call + ": refused, yet something changed");
            return;
        }
        const bool login = what % 2 == 0;
        bool& held = login ? u.logged_in : u.assigned;
        if (what < 2) {
            // Giving back: granted when held that way, else license_not_held.
            const std::string call = std::string{login ? "logout(" : "unassign("} + who + ", " + user_kind + ")";
            log_.push_back(call);
            const auto got = login ? t->logout(u.id, user_kind) : t->unassign(u.id, user_kind);
            expect_outcome(got, held ? std::nullopt : std::optional<licpool::errc>{licpool::errc::license_not_held}, call);
            if (!held) {
                expect(observe() == before, call + ": refused, yet something changed");
            }
            held = false;
            return;
        }
        const std::string call = std::string{login ? "login(" : "assign("} + who + ", " + user_kind + ")";
        log_.push_back(call);
        const auto got = login ? t->login(u.id, user_kind) : t->assign(u.id, user_kind);
        std::optional<licpool::errc> want;
        // DESIGN 5: mixing refused only by the catalog, only while the user holds the other
        // method; a user holds a kind once, either way.
        const bool other = login ? u.assigned : u.logged_in;
        if (mixing_ == licpool::method_mixing::refused && other) {
            want = licpool::errc::method_mismatch;
        } else if (u.assigned || u.logged_in) {
            want = licpool::errc::license_held;
        }
        if (want) {
            expect_outcome(got, want, call);
            expect(observe() == before, call + ": refused, yet something changed");
            return;
        }
        const std::size_t z = orgs_[u.org].zone;
        const auto org_limits = setting(orgs_[u.org], user_kind);
        const auto zone_limits = setting(zones_[z], user_kind);
        std::uint64_t kept = 0; // what other tenants' and zones' mins keep
        for (std::size_t zz = 0; zz < zones_.size(); ++zz) {
            std::uint64_t org_mins = 0;
            for (std::size_t o = 0; o < orgs_.size(); ++o) {
                if (orgs_[o].zone != zz) {
                    continue;
                }
                const std::uint64_t min = setting(orgs_[o], user_kind).min;
                org_mins += min;
                if (zz == z && o != u.org) {
                    kept += min > org_use(o, user_kind) ? min - org_use(o, user_kind) : 0;
                }
            }
            if (zz != z) {
                const std::uint64_t min = std::max<std::uint64_t>(setting(zones_[zz], user_kind).min, org_mins);
                kept += min > zone_use(zz, user_kind) ? min - zone_use(zz, user_kind) : 0;
            }
        }
        if (org_limits.max != licpool::unlimited && org_use(u.org, user_kind) >= org_limits.max) {
            want = licpool::errc::organization;
        } else if (zone_limits.max != licpool::unlimited && zone_use(z, user_kind) >= zone_limits.max) {
            want = licpool::errc::zone;
        } else if (system_use(user_kind) + kept >= entitled(user_kind)) {
            want = licpool::errc::entitlement;
        }
        expect_outcome(got, want, call);
        if (got && !want) {
            held = true;
        } else {
            expect(observe() == before, call + ": refused, yet something changed");
        }
    }

    // DESIGN 7: node leases lend from the entitlement.
    template <class Chooser>
    void node_lease(Chooser& choose) {
        if (!node_leases_.empty() && choose.pick(2) == 0) {
            const std::size_t at = choose.pick(node_leases_.size());
            const auto l = node_leases_[at];
            if (choose.pick(2) == 0) {
                log_.push_back("release_node_lease(" + l.holder + ", " + std::to_string(l.fence) + ")");
                expect_outcome(pool_->release_node_lease(l.holder, l.fence), std::nullopt, "release_node_lease");
                node_leases_.erase(node_leases_.begin() + static_cast<std::ptrdiff_t>(at));
                recalculate(); // what the tree divides grew
            } else {
                log_.push_back("renew_node_lease(" + l.holder + ", " + std::to_string(l.fence) + ", 120 s)");
                expect_outcome(pool_->renew_node_lease(l.holder, l.fence, std::chrono::seconds{120}), std::nullopt,
                               "renew_node_lease");
                node_leases_[at].expires = now_ + 120;
            }
            return;
        }
        const auto count = static_cast<std::uint32_t>(1 + choose.pick(3));
        const std::string holder = "media" + std::to_string(choose.pick(2));
        const std::string call = "grant_node_lease(" + holder + ", " + lease_kind + " x" + std::to_string(count) + ", 60 s)";
        log_.push_back(call);
        const auto before = observe();
        const auto got = pool_->grant_node_lease({holder, ++request_, lease_kind, count, std::chrono::seconds{60}});
        const bool room = system_use(lease_kind) + count <= entitled(lease_kind) &&
                          leased() + count + zone_minimums(lease_kind) <= entitled(lease_kind);
        expect_outcome(got, room ? std::nullopt : std::optional<licpool::errc>{licpool::errc::entitlement}, call);
        if (got && room) {
            node_leases_.push_back({got->fence, holder, count, now_ + 60});
            recalculate(); // what the tree divides shrank
        } else if (!got) {
            expect(observe() == before, call + ": refused, yet something changed");
        }
    }

    template <class Chooser>
    void forget(Chooser& choose) {
        const auto j = some_job(choose);
        if (!j) {
            return;
        }
        auto& job = jobs_[*j];
        const std::string call = "forget_job(" + job.name + ")";
        log_.push_back(call);
        bool holds = false;
        for (const auto& s : job.slots) {
            holds = holds || s.in_use > 0;
        }
        const auto before = observe();
        const auto got = pool_->forget_job(job.id);
        if (job.state != licpool::job_state::stopped || holds) {
            expect_outcome(got, licpool::errc::invalid_state, call);
            expect(observe() == before, call + ": refused, yet something changed");
            return;
        }
        expect_outcome(got, std::nullopt, call);
        job.forgotten = true;
        expect(!pool_->state_of(job.id), call + ": the forgotten job is still known");
    }

    // DESIGN 4.5: agents attach to, detach from and move between agent-based jobs, taking
    // a seat of the lowest adequate free tier and a nail-up port; a job can be snoozed (its
    // agents let go) and woken.
    template <class Chooser>
    void agent(Chooser& choose) {
        std::vector<std::size_t> agent_jobs;
        for (std::size_t j = 0; j < jobs_.size(); ++j) {
            if (!jobs_[j].forgotten && !jobs_[j].campaign.empty()) {
                agent_jobs.push_back(j);
            }
        }
        // Agents need an agent job, seats and ports: now and then the step makes them instead.
        if (agent_jobs.size() < 2 && (agent_jobs.empty() || choose.pick(2) == 0)) {
            start(choose, true);
            return;
        }
        if (choose.pick(6) == 0 || capacity(seats) == 0 || entitled(port_kind) == 0) {
            if (source_ == licpool::entitlement_source::keys) {
                key(choose, true);
            } else {
                poll(choose, true);
            }
            return;
        }
        const std::size_t j = agent_jobs[choose.pick(agent_jobs.size())];
        std::uint32_t id = static_cast<std::uint32_t>(choose.pick(agent_ids));
        const std::size_t what = choose.pick(6);
        if ((what == 2 || what == 3 || what == 4) && !agents_.empty() && choose.pick(4) != 0) {
            id = std::next(agents_.begin(), static_cast<std::ptrdiff_t>(choose.pick(agents_.size())))->first; // mostly an attached agent
        }
        switch (what) {
        case 0:
        case 1: attach(j, id); break;
        case 2: detach(id); break;
        case 3:
        case 4: move(id, j); break;
        default: snooze_or_wake(j);
        }
    }

    void attach(std::size_t j, std::uint32_t id) {
        auto& job = jobs_[j];
        const std::string call = "attach_agent(" + job.name + ", " + std::to_string(id) + ")";
        log_.push_back(call);
        const auto before = holdings();
        const auto got = pool_->attach_agent(job.id, licpool::agent_id{id});
        if (agents_.count(id) != 0) {
            expect_outcome(got, licpool::errc::agent_attached, call);
            expect(holdings() == before, call + ": refused, yet a holding changed");
            return;
        }
        model_slot& seat = *job.slot(job.campaign);
        model_slot& port = *job.slot(port_kind);
        const bool woke = attempt(job, {&seat, &port});
        std::optional<licpool::errc> want;
        std::optional<std::string> tier;
        if (job.state != licpool::job_state::running) {
            want = licpool::errc::not_running;
        } else if ((want = decide(job, seat, !woke))) {
        } else {
            // The seat is held while the port is decided (a recalculation in between counts it).
            tier = lowest_tier(tier_of(job.campaign), [&](const std::string& t) { return seat_free(t); });
            pending_seat_ = *tier;
            ++seat.in_use;
            want = decide(job, port, !woke);
            --seat.in_use;
            pending_seat_.reset();
        }
        count_refusal(job, want);
        expect_outcome(got, want, call);
        if (got && !want) {
            expect(pool_->kinds()[*got].name == *tier, call + ": seat " + pool_->kinds()[*got].name + ", the model's " + *tier);
            agents_[id] = {j, *tier};
            ++seat.in_use;
            ++port.in_use;
        } else {
            expect(holdings() == before, call + ": refused, yet a holding changed");
        }
    }

    void detach(std::uint32_t id) {
        const std::string call = "detach_agent(" + std::to_string(id) + ")";
        log_.push_back(call);
        const auto got = pool_->detach_agent(licpool::agent_id{id});
        const auto it = agents_.find(id);
        if (it == agents_.end()) {
            expect_outcome(got, licpool::errc::unknown_agent, call);
            return;
        }
        expect_outcome(got, std::nullopt, call);
        auto& job = jobs_[it->second.job];
        --job.slot(job.campaign)->in_use;
        --job.slot(port_kind)->in_use;
        agents_.erase(it);
    }

    void move(std::uint32_t id, std::size_t to) {
        auto& target = jobs_[to];
        const std::string call = "move_agent(" + std::to_string(id) + ", " + target.name + ")";
        log_.push_back(call);
        const auto before = holdings();
        const auto got = pool_->move_agent(licpool::agent_id{id}, target.id);
        const auto it = agents_.find(id);
        if (it == agents_.end()) {
            expect_outcome(got, licpool::errc::unknown_agent, call);
            expect(holdings() == before, call + ": refused, yet a holding changed");
            return;
        }
        model_agent& a = it->second;
        if (a.job == to) {
            expect_outcome(got, std::nullopt, call); // already there: nothing to do
            return;
        }
        auto& from = jobs_[a.job];
        model_slot& seat = *target.slot(target.campaign);
        model_slot& port = *target.slot(port_kind);
        const bool woke = attempt(target, {&seat, &port});
        const bool shared_org = from.org == target.org;
        const bool shared_zone = orgs_[from.org].zone == orgs_[target.org].zone;
        // A tier that serves the new campaign too is kept; a higher need is resolved anew.
        const bool kept = tier_of(a.seat) >= tier_of(target.campaign);
        std::optional<licpool::errc> want;
        std::string tier = a.seat;
        moving_ = id;
        if (target.state != licpool::job_state::running) {
            want = licpool::errc::not_running;
        } else if ((want = decide(target, seat, !woke, shared_org, shared_zone, !kept))) {
        } else {
            if (!kept) {
                tier = *lowest_tier(tier_of(target.campaign), [&](const std::string& t) { return seat_free(t); });
                pending_seat_ = tier;
            }
            ++seat.in_use;
            want = decide(target, port, !woke, shared_org, shared_zone, false);
            --seat.in_use;
            pending_seat_.reset();
        }
        moving_.reset();
        count_refusal(target, want);
        expect_outcome(got, want, call);
        if (got && !want) {
            expect(pool_->kinds()[*got].name == tier, call + ": seat " + pool_->kinds()[*got].name + ", the model's " + tier);
            --from.slot(from.campaign)->in_use;
            --from.slot(port_kind)->in_use;
            ++seat.in_use;
            ++port.in_use;
            a.job = to;
            a.seat = tier;
        } else {
            expect(holdings() == before, call + ": refused, yet a holding changed");
        }
    }

    void snooze_or_wake(std::size_t j) {
        auto& job = jobs_[j];
        const bool snooze = job.state != licpool::job_state::snoozed;
        const std::string call = std::string{snooze ? "snooze_job(" : "wake_job("} + job.name + ")";
        log_.push_back(call);
        const auto before = observe();
        if (snooze) {
            const auto got = pool_->snooze_job(job.id);
            if (job.state != licpool::job_state::running) {
                expect_outcome(got, licpool::errc::invalid_state, call);
                expect(observe() == before, call + ": refused, yet something changed");
                return;
            }
            expect_outcome(got, std::nullopt, call);
            for (auto it = agents_.begin(); it != agents_.end();) {
                it = it->second.job == j ? agents_.erase(it) : std::next(it);
            }
            job.slot(job.campaign)->in_use = 0;
            job.slot(port_kind)->in_use = 0;
            job.state = licpool::job_state::snoozed;
            for (auto& sl : job.slots) {
                sl.idle = false;
            }
        } else {
            expect_outcome(pool_->wake_job(job.id), std::nullopt, call);
            job.state = licpool::job_state::running;
            for (auto& sl : job.slots) {
                sl.idle = false;
                sl.last_attempt = now_; // waking is an attempt
            }
        }
        recalculate();
    }

    // DESIGN 7: what a restart keeps, and nothing else; save -> load -> save is the same text.
    void save_and_load() {
        log_.push_back("snapshot(), restore into a fresh pool");
        const std::string text = pool_->snapshot();
        auto next = make_pool();
        // DESIGN 7: the snapshot is of the serial its keys are bound to (the provider's when
        // none is installed); the fresh pool reads the same provider.
        const std::string saved = any_installed() ? bound_ : reported_;
        if (saved != reported_ && reported_.empty()) {
            // No serial to check a key against: refused, option or not; the old pool runs on.
            const auto refused = next->restore_snapshot(text, licpool::snapshot_serial::exchanged);
            expect_outcome(refused, licpool::errc::serial_absent, "restore_snapshot(exchanged) with no serial");
            return;
        }
        if (saved != reported_) {
            // The feature key was exchanged: refused as foreign unless asked, then read with
            // the old serial's keys dropped.
            expect_outcome(next->restore_snapshot(text), licpool::errc::snapshot_foreign, "restore_snapshot of another serial");
            const auto exchanged = next->restore_snapshot(text, licpool::snapshot_serial::exchanged);
            expect_outcome(exchanged, std::nullopt, "restore_snapshot(exchanged)");
            if (!exchanged) {
                return;
            }
            std::vector<std::string> dropped;
            for (std::size_t i = 0; i < keys_.size(); ++i) {
                if (installed_[i]) {
                    dropped.push_back(*licpool::canonical_key(keys_[i].text));
                }
            }
            auto got = exchanged->dropped_keys;
            std::sort(got.begin(), got.end());
            std::sort(dropped.begin(), dropped.end());
            expect(exchanged->saved_serial == saved && got == dropped, "the exchange dropped other keys than the old serial's");
            expect(next->installed_keys().empty(), "a key of the old serial survived the exchange");
            std::fill(installed_.begin(), installed_.end(), false);
            bound_ = reported_;
            standing_ = 0;
            entitle_from_keys();
            // Saved again under the new serial, it reads back without the option.
            const std::string again = next->snapshot();
            auto check = make_pool();
            expect(check->restore_snapshot(again).has_value() && check->snapshot() == again,
                   "after an exchange, save -> load -> save differs");
        } else {
            const auto restored = next->restore_snapshot(text);
            expect(restored.has_value(), "restore_snapshot refused: " + (restored ? std::string{} : restored.error().message()));
            if (!restored) {
                return;
            }
            expect(next->snapshot() == text, "save -> load -> save differs");
        }
        // Calls in progress are not persisted: the host's leases end with the old pool.
        calls_.clear();
        leases_.clear();
        agents_.clear(); // attached agents are not kept either
        pool_ = std::move(next);
        // Refusal counts are not kept either: the fresh pool counts from zero.
        refused_ = {};
        for (auto& j : jobs_) {
            j.refusals = {};
        }
        // Jobs keep their start order; forgotten ones are gone, so ids are renumbered.
        std::uint32_t id = 0;
        for (auto& j : jobs_) {
            if (j.forgotten) {
                continue;
            }
            j.id = licpool::job_id{id++};
            for (auto& s : j.slots) {
                s.in_use = 0;
                s.idle = false;
                s.last_attempt = now_;
            }
        }
        for (auto& u : users_) {
            // Logins are not kept (DESIGN 7); a user's method is what it still holds (DESIGN 5).
            u.logged_in = false;
            auto found = pool_->tenant(*pool_->find_organization(zones_[orgs_[u.org].zone].name, orgs_[u.org].name))
                             ->find_user(u.name);
            expect(found.has_value(), "a user was lost in the snapshot");
            if (found) {
                u.id = *found;
            }
        }
        recalculate();
    }

    // ---- what a host can see ---------------------------------------------------------------

    // Issue 15: an attempt refused by a limit of DESIGN 4.4 counts once, pool-wide and for
    // its job, with its code (a refusal before the attempt does not).
    void count_refusal(model_job& job, const std::optional<licpool::errc>& want) {
        if (want && licpool::refusal_counts::index_of(*want) < licpool::refusal_counts::size) {
            ++refused_[licpool::refusal_counts::index_of(*want)];
            ++job.refusals[licpool::refusal_counts::index_of(*want)];
        }
    }

    // Holdings at every level (what a refused attempt must leave as it was).
    std::vector<std::uint32_t> holdings() const {
        std::vector<std::uint32_t> out;
        for (const auto& j : jobs_) {
            if (j.forgotten) {
                continue;
            }
            for (const auto& s : j.slots) {
                out.push_back(pool_->job_usage(j.id, s.kind)->in_use);
            }
        }
        for (const auto& kind : tree_resources) {
            const auto k = *pool_->kinds().find(kind);
            for (std::size_t o = 0; o < orgs_.size(); ++o) {
                out.push_back(pool_->node_usage(*pool_->find_organization(zones_[orgs_[o].zone].name, orgs_[o].name), k)->in_use);
            }
            if (kind != seats) { // a seat tier's system use is one tier's: see below
                out.push_back(pool_->system_usage(k).in_use);
            }
        }
        // Seats all together: a recalculation inside a refused call may move an agent down a
        // tier (DESIGN 4.5), which changes no holding. compare() checks every tier.
        std::uint32_t seats_held = 0;
        for (const auto& tier : seat_tiers) {
            seats_held += pool_->system_usage(*pool_->kinds().find(tier)).in_use;
        }
        out.push_back(seats_held);
        return out;
    }

    // Everything: holdings, every limit, and the snapshot (settings, keys, users, leases).
    struct observed {
        std::vector<std::uint32_t> holdings;
        std::vector<std::uint32_t> limits;
        std::string snapshot;
        bool operator==(const observed& o) const {
            return holdings == o.holdings && limits == o.limits && snapshot == o.snapshot;
        }
    };
    observed observe() const {
        observed out{holdings(), {}, pool_->snapshot()};
        for (const auto& j : jobs_) {
            if (!j.forgotten) {
                for (const auto& s : j.slots) {
                    out.limits.push_back(pool_->job_usage(j.id, s.kind)->limit);
                }
            }
        }
        for (const auto& kind : tree_resources) {
            const auto k = *pool_->kinds().find(kind);
            for (const auto& z : zones_) {
                out.limits.push_back(pool_->node_usage(*pool_->find_zone(z.name), k)->limit);
            }
        }
        return out;
    }

    // `seen` without the snapshot's latest-date line and the MAC that covers it.
    static observed without_latest_date(observed seen) {
        std::string kept;
        std::istringstream lines{seen.snapshot};
        for (std::string line; std::getline(lines, line);) {
            if (line.rfind("latest-date ", 0) != 0 && line.rfind("mac ", 0) != 0) {
                kept += line + "\n";
            }
        }
        seen.snapshot = std::move(kept);
        return seen;
    }

    // After every step: the pool shows exactly what the model says.
    void compare() {
        expect(pool_->refusals().by_code == refused_, "the pool's refusal counts differ from the model's");
        for (const auto& j : jobs_) {
            if (j.forgotten) {
                continue;
            }
            const auto state = pool_->state_of(j.id);
            expect(state.has_value() && *state == j.state, "job " + j.name + ": state differs");
            const auto refusals = pool_->refusals_of(j.id);
            expect(refusals.has_value() && refusals->by_code == j.refusals, "job " + j.name + ": refusal counts differ");
            for (const auto& s : j.slots) {
                const auto u = pool_->job_usage(j.id, s.kind);
                if (!u) {
                    fail("job " + j.name + ": job_usage refused");
                    return;
                }
                if (u->limit != s.quota || u->in_use != s.in_use) {
                    fail("job " + j.name + " " + s.kind + ": pool quota " + std::to_string(u->limit) + " in use " +
                         std::to_string(u->in_use) + ", model quota " + std::to_string(s.quota) + " in use " +
                         std::to_string(s.in_use));
                    return;
                }
            }
        }
        for (const auto& kind : tree_resources) {
            const auto k = *pool_->kinds().find(kind);
            std::uint64_t zone_shares = 0;
            for (std::size_t z = 0; z < zones_.size(); ++z) {
                const auto zu = *pool_->node_usage(*pool_->find_zone(zones_[z].name), k);
                zone_shares += zu.limit;
                if (zu.limit != zone_share(z, kind) || zu.in_use != zone_use(z, kind)) {
                    fail("zone " + zones_[z].name + " " + kind + ": pool share " + std::to_string(zu.limit) + " in use " +
                         std::to_string(zu.in_use) + ", model share " + std::to_string(zone_share(z, kind)) +
                         " in use " + std::to_string(zone_use(z, kind)));
                    return;
                }
                std::uint64_t org_shares = 0;
                for (std::size_t o = 0; o < orgs_.size(); ++o) {
                    if (orgs_[o].zone != z) {
                        continue;
                    }
                    const auto ou = *pool_->node_usage(*pool_->find_organization(zones_[z].name, orgs_[o].name), k);
                    org_shares += ou.limit;
                    if (ou.limit != org_share(o, kind) || ou.in_use != org_use(o, kind)) {
                        fail("organization " + path(o) + " " + kind + ": pool share " + std::to_string(ou.limit) +
                             " in use " + std::to_string(ou.in_use) + ", model share " +
                             std::to_string(org_share(o, kind)) + " in use " + std::to_string(org_use(o, kind)));
                        return;
                    }
                    std::uint64_t quotas = 0;
                    for (const auto& j : jobs_) {
                        if (j.org == o && j.in_tree()) {
                            for (const auto& s : j.slots) {
                                quotas += resource_of(s.kind) == kind ? s.quota : 0;
                            }
                        }
                    }
                    expect(quotas <= ou.limit, "organization " + path(o) + ": quotas above its share");
                }
                expect(org_shares <= zu.limit, "zone " + zones_[z].name + ": shares above its share");
            }
            expect(zone_shares <= capacity(kind), kind + ": zone shares above the entitlement");
            if (kind == seats) {
                for (const auto& tier : seat_tiers) {
                    const auto system = pool_->system_usage(*pool_->kinds().find(tier));
                    expect(system.limit == entitled(tier), tier + ": entitlement differs");
                    expect(system.in_use == tier_use(tier), tier + ": system in use differs");
                }
                continue;
            }
            const auto system = pool_->system_usage(k);
            expect(system.limit == entitled(kind), kind + ": entitlement differs");
            expect(system.in_use == system_use(kind), kind + ": system in use differs");
        }
        for (std::uint32_t id = 0; id < agent_ids; ++id) {
            const auto seat = pool_->agent_seat(licpool::agent_id{id});
            const auto it = agents_.find(id);
            if (it == agents_.end()) {
                expect(!seat, "agent " + std::to_string(id) + ": attached in the pool only");
                continue;
            }
            expect(seat && pool_->kinds()[*seat].name == it->second.seat,
                   "agent " + std::to_string(id) + ": the pool's seat differs from the model's " + it->second.seat);
            const auto job = pool_->agent_job(licpool::agent_id{id});
            expect(job && *job == jobs_[it->second.job].id, "agent " + std::to_string(id) + ": job differs");
        }
        expect(pool_->node_leases().size() == node_leases_.size(), "node leases differ");
    }

    licpool::entitlement_source source_;
    licpool::method_mixing mixing_;
    // DESIGN 3: the provider the host's pools read, what it reports, the serial the installed
    // keys are bound to, and so the keys' standing (see `standing`) as the pool last saw it.
    // Copies of a provider share what it reports.
    model_serial_provider provider_{licpool::fixed_serial{model_serial}};
    std::string reported_ = "LP-MODEL";
    std::string bound_ = "LP-MODEL";
    int standing_ = 0;
    std::vector<model_key> keys_ = make_model_keys();
    std::vector<bool> installed_ = std::vector<bool>(keys_.size(), false);
    std::unique_ptr<model_pool> pool_;
    std::vector<model_node> zones_;
    std::vector<model_node> orgs_;
    std::vector<model_job> jobs_;
    std::vector<model_user> users_;
    std::map<std::uint32_t, model_agent> agents_; // by agent id, the pool's order
    std::optional<std::uint32_t> moving_;         // the agent a move is re-seating
    std::optional<std::string> pending_seat_;     // a seat taken while its port is decided
    std::vector<model_lease> node_leases_;
    std::map<std::string, std::uint32_t> entitled_;
    std::map<std::pair<std::size_t, std::string>, std::uint32_t> zone_share_;
    std::map<std::pair<std::size_t, std::string>, std::uint32_t> org_share_;
    std::map<std::string, bool> hungry_;
    std::array<std::uint64_t, licpool::refusal_counts::size> refused_{}; // refused attempts by code
    std::vector<held_lease> leases_;
    std::vector<held_call> calls_;
    std::vector<std::string> log_;
    std::optional<std::string> failure_;
    std::size_t created_ = 0;
    std::size_t started_ = 0;
    std::uint64_t request_ = 0;
    std::uint64_t recalculations_ = 0;
    std::int64_t now_ = 0; // seconds of steady time since the pool's clock started
};

/// Choices a sequence made, one list per step, so that a failing sequence can be replayed
/// with steps left out (the shrinking of a failure to its shortest form).
using recorded_steps = std::vector<std::vector<std::size_t>>;

/// Draws from a seeded generator and records what it drew.
template <class Rng>
struct recording_chooser {
    Rng& rng;
    recorded_steps& steps;
    std::size_t pick(std::size_t n) {
        const std::size_t v = static_cast<std::size_t>(rng() % n);
        steps.back().push_back(v);
        return v;
    }
};

/// Replays one recorded step (a value out of range now is taken modulo, and a step that asks
/// for more than was recorded gets zeros).
struct replay_chooser {
    const std::vector<std::size_t>& picks;
    std::size_t at = 0;
    std::size_t pick(std::size_t n) { return at < picks.size() ? picks[at++] % n : 0; }
};

/// Replays `steps` on a fresh driver; the log and failure of the run are in `driver`.
inline void replay(const recorded_steps& steps, sequence_driver& driver) {
    for (const auto& step : steps) {
        replay_chooser choose{step};
        driver.step(choose);
        if (driver.failure()) {
            return;
        }
    }
}

/// The shortest failing form of `steps` found by leaving steps out one at a time (from the
/// first failing step back), keeping every removal after which the run still fails.
inline recorded_steps shrink(recorded_steps steps,
                             licpool::entitlement_source source = licpool::entitlement_source::license_server,
                             licpool::method_mixing mixing = licpool::method_mixing::allowed) {
    for (std::size_t i = steps.size(); i-- > 0;) {
        recorded_steps fewer = steps;
        fewer.erase(fewer.begin() + static_cast<std::ptrdiff_t>(i));
        sequence_driver driver{source, mixing};
        replay(fewer, driver);
        if (driver.failure()) {
            steps = std::move(fewer);
        }
    }
    return steps;
}

} // namespace licpool_model

#endif // LICPOOL_TESTS_MODEL_SEQUENCE_DRIVER_HPP
