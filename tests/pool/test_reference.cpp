// The whole allocator against a plain reference: random operations on a pool, and after
// every recalculation every quota and share compared with DESIGN 4.2 computed here,
// independently, over the one-unit-at-a-time share() of DESIGN 4.1. Invariants that must
// hold at every moment are checked after every operation.
#include "allocation/share_reference.hpp"
#include "pool/pool_fixture.hpp"

#include <algorithm>
#include <random>

using namespace licpool;
using licpool_test::pool_fixture;

namespace {

const std::vector<std::string> kind_names = {"outbound_port", "asr"};

struct ref_node {
    std::string name;
    std::size_t created;
    std::map<std::string, limits> settings;
    std::vector<std::size_t> children; // orgs of a zone (indexes into orgs), jobs of an org
};

struct ref_job {
    std::string name;
    job_id id;
    std::string kind;
    std::size_t org;
    std::size_t started;
    int priority;
    std::uint32_t min;
    std::uint32_t max;
    allocation_mode mode;
    std::vector<lease> leases;
};

struct model {
    pool_fixture f;
    std::vector<ref_node> zones;
    std::vector<ref_node> orgs;
    std::vector<std::size_t> org_zone;
    std::vector<ref_job> jobs;
    std::size_t created = 0;
    std::mt19937_64 rng;

    explicit model(std::uint64_t seed) : rng{seed} {}

    std::size_t pick(std::size_t n) { return std::uniform_int_distribution<std::size_t>(0, n - 1)(rng); }
    std::uint32_t number(std::uint32_t lo, std::uint32_t hi) {
        return std::uniform_int_distribution<std::uint32_t>(lo, hi)(rng);
    }

    std::size_t zone_index(const std::string& name) {
        for (std::size_t i = 0; i < zones.size(); ++i) {
            if (zones[i].name == name) {
                return i;
            }
        }
        zones.push_back({name, created++, {}, {}});
        return zones.size() - 1;
    }

    std::size_t org_index(const std::string& zone, const std::string& name) {
        const std::size_t z = zone_index(zone);
        for (const std::size_t o : zones[z].children) {
            if (orgs[o].name == name) {
                return o;
            }
        }
        orgs.push_back({name, created++, {}, {}});
        org_zone.push_back(z);
        zones[z].children.push_back(orgs.size() - 1);
        return orgs.size() - 1;
    }

    limits random_limits() {
        const std::uint32_t min = number(0, 6);
        const std::uint32_t max = number(0, 3) == 0 ? unlimited : min + number(0, 15);
        return {min, max, number(0, 2) == 0 ? number(1, 1000) : number(1, 3)};
    }

    // One random operation; true when it may have changed in-use after a recalculation
    // (an acquire), so that quotas cannot be compared with the state after it.
    bool step() {
        const std::string zone = "z" + std::to_string(pick(3));
        const std::string org = "o" + std::to_string(pick(2));
        switch (pick(12)) {
        case 0:
            f.entitle(kind_names[pick(2)], number(0, 40));
            return false;
        case 1: {
            const auto l = random_limits();
            const auto& kind = kind_names[pick(2)];
            REQUIRE(f.pool.set_zone(zone, {{kind, l}}));
            zones[zone_index(zone)].settings[kind] = l;
            return false;
        }
        case 2: {
            const auto l = random_limits();
            const auto& kind = kind_names[pick(2)];
            REQUIRE(f.pool.set_organization(zone, org, {{kind, l}}));
            orgs[org_index(zone, org)].settings[kind] = l;
            return false;
        }
        case 3:
        case 4: {
            const std::size_t o = org_index(zone, org);
            const auto id = f.org(zone, org);
            ref_job j;
            j.name = "j" + std::to_string(jobs.size());
            j.kind = kind_names[pick(2)];
            j.org = o;
            j.started = jobs.size();
            j.priority = static_cast<int>(number(1, 10));
            j.min = number(0, 5);
            j.max = j.min + number(0, 20);
            j.mode = pick(2) == 0 ? allocation_mode::dynamic : allocation_mode::reserved;
            j.id = f.start(j.name, j.kind, j.priority, j.min, j.max, j.mode, id);
            orgs[o].children.push_back(jobs.size());
            jobs.push_back(std::move(j));
            return false;
        }
        default:
            break;
        }
        if (jobs.empty()) {
            return false;
        }
        auto& j = jobs[pick(jobs.size())];
        switch (pick(8)) {
        case 0: {
            const auto s = *f.pool.state_of(j.id);
            if (s == job_state::running) {
                const auto changed = pick(4) == 0 ? f.pool.stop_job(j.id) : f.pool.pause_job(j.id);
                REQUIRE(changed);
            } else if (s == job_state::paused) {
                REQUIRE(f.pool.resume_job(j.id));
            }
            return false;
        }
        case 1: {
            const auto priority = static_cast<int>(number(1, 10));
            if (*f.pool.state_of(j.id) == job_state::stopped) {
                // DESIGN 4.2: a stopped job's settings are final.
                REQUIRE(f.pool.set_priority(j.id, priority).error().code() == errc::invalid_state);
                return false;
            }
            j.priority = priority;
            REQUIRE(f.pool.set_priority(j.id, j.priority));
            return false;
        }
        case 2: {
            const auto min = number(0, 5);
            const auto max = min + number(0, 20);
            if (*f.pool.state_of(j.id) == job_state::stopped) {
                REQUIRE(f.pool.set_limits(j.id, j.kind, min, max).error().code() == errc::invalid_state);
                return false;
            }
            j.min = min;
            j.max = max;
            REQUIRE(f.pool.set_limits(j.id, j.kind, j.min, j.max));
            return false;
        }
        case 3:
            f.advance(std::chrono::seconds{number(0, 90)});
            return false;
        case 4:
        case 5: {
            const auto n = number(1, 6);
            for (std::uint32_t i = 0; i < n; ++i) {
                auto l = f.pool.acquire(j.id, j.kind);
                if (l) {
                    j.leases.push_back(std::move(*l));
                }
            }
            return true;
        }
        default: {
            const auto n = std::min<std::size_t>(j.leases.size(), number(0, 4));
            j.leases.resize(j.leases.size() - n);
            return false;
        }
        }
    }

    // DESIGN 4.2, written out again from the text.
    share_child job_child(const ref_job& j) {
        const auto e = f.pool.explain(j.id, j.kind);
        REQUIRE(e);
        const auto state = *f.pool.state_of(j.id);
        const auto w = static_cast<std::uint32_t>(j.priority);
        if (state != job_state::running) {
            return {0, 0, w};
        }
        if (j.mode == allocation_mode::dynamic && e->idle) {
            return {j.min, std::max(j.min, std::min(j.max, e->in_use)), w};
        }
        return {j.min, j.max, w};
    }

    static share_child node_child(const limits& l, std::uint64_t children) {
        return {l.min, static_cast<std::uint32_t>(std::max<std::uint64_t>(l.min, std::min<std::uint64_t>(l.max, children))),
                l.weight};
    }

    template <class Item>
    static void order(std::vector<Item>& items) {
        std::stable_sort(items.begin(), items.end(), [](const Item& a, const Item& b) {
            return a.child.weight != b.child.weight ? a.child.weight > b.child.weight : a.created < b.created;
        });
    }

    struct item {
        std::size_t index;
        std::size_t created;
        share_child child;
    };

    static std::vector<share_child> children_of(const std::vector<item>& items) {
        std::vector<share_child> out;
        for (const auto& i : items) {
            out.push_back(i.child);
        }
        return out;
    }

    void compare_with_reference() {
        for (const auto& kind : kind_names) {
            const auto k = f.kind(kind);
            const std::uint32_t capacity = f.counts.count(kind) ? f.counts[kind] : 0;
            std::vector<item> zone_items;
            std::vector<std::vector<item>> org_items(zones.size());
            std::vector<std::vector<item>> job_items(orgs.size());
            for (std::size_t z = 0; z < zones.size(); ++z) {
                std::uint64_t zone_children = 0;
                for (const std::size_t o : zones[z].children) {
                    std::uint64_t org_children = 0;
                    for (const std::size_t ji : orgs[o].children) {
                        if (jobs[ji].kind != kind) {
                            continue;
                        }
                        const auto c = job_child(jobs[ji]);
                        org_children += c.ceiling;
                        job_items[o].push_back({ji, jobs[ji].started, c});
                    }
                    const auto l = orgs[o].settings.count(kind) ? orgs[o].settings[kind] : limits{};
                    const auto c = node_child(l, org_children);
                    zone_children += c.ceiling;
                    org_items[z].push_back({o, orgs[o].created, c});
                }
                const auto l = zones[z].settings.count(kind) ? zones[z].settings[kind] : limits{};
                zone_items.push_back({z, zones[z].created, node_child(l, zone_children)});
            }
            order(zone_items);
            const auto zone_shares = licpool_test::reference_share(capacity, children_of(zone_items));
            for (std::size_t zi = 0; zi < zone_items.size(); ++zi) {
                const auto& z = zones[zone_items[zi].index];
                CAPTURE(kind, z.name);
                REQUIRE(f.pool.node_usage(*f.pool.find_zone(z.name), k)->limit == zone_shares[zi]);
                auto& orgs_here = org_items[zone_items[zi].index];
                order(orgs_here);
                const auto org_shares = licpool_test::reference_share(zone_shares[zi], children_of(orgs_here));
                for (std::size_t oi = 0; oi < orgs_here.size(); ++oi) {
                    const auto& o = orgs[orgs_here[oi].index];
                    CAPTURE(o.name);
                    REQUIRE(f.pool.node_usage(*f.pool.find_organization(z.name, o.name), k)->limit == org_shares[oi]);
                    auto& jobs_here = job_items[orgs_here[oi].index];
                    order(jobs_here);
                    const auto quotas = licpool_test::reference_share(org_shares[oi], children_of(jobs_here));
                    for (std::size_t ji = 0; ji < jobs_here.size(); ++ji) {
                        CAPTURE(jobs[jobs_here[ji].index].name);
                        REQUIRE(f.quota(jobs[jobs_here[ji].index].id, kind) == quotas[ji]);
                    }
                }
            }
        }
    }

    // What holds at every moment, recalculated or not.
    void check_invariants() {
        for (const auto& kind : kind_names) {
            const auto k = f.kind(kind);
            std::uint64_t zone_shares = 0;
            std::uint64_t zone_use = 0;
            for (const auto& z : zones) {
                const auto zu = *f.pool.node_usage(*f.pool.find_zone(z.name), k);
                zone_shares += zu.limit;
                zone_use += zu.in_use;
                std::uint64_t org_shares = 0;
                std::uint64_t org_use = 0;
                for (const std::size_t o : z.children) {
                    const auto ou = *f.pool.node_usage(*f.pool.find_organization(z.name, orgs[o].name), k);
                    org_shares += ou.limit;
                    org_use += ou.in_use;
                    std::uint64_t quotas = 0;
                    std::uint64_t use = 0;
                    for (const std::size_t ji : orgs[o].children) {
                        if (jobs[ji].kind != kind) {
                            continue;
                        }
                        const auto ju = f.of(jobs[ji].id, kind);
                        REQUIRE(ju.in_use == jobs[ji].leases.size());
                        REQUIRE(ju.limit <= jobs[ji].max);
                        quotas += ju.limit;
                        use += ju.in_use;
                    }
                    REQUIRE(quotas <= ou.limit);
                    REQUIRE(use == ou.in_use);
                }
                REQUIRE(org_shares <= zu.limit);
                REQUIRE(org_use == zu.in_use);
            }
            const auto system = f.pool.system_usage(k);
            REQUIRE(zone_shares <= system.limit);
            REQUIRE(zone_use == system.in_use);
        }
    }
};

} // namespace

TEST_CASE("the allocator agrees with DESIGN 4.2 over the reference share() after every recalculation",
          "[pool][reference][property]") {
    for (std::uint64_t seed = 1; seed <= 150; ++seed) {
        CAPTURE(seed);
        model m{seed};
        for (int op = 0; op < 80; ++op) {
            CAPTURE(op);
            const auto before = m.f.recalculations.size();
            const bool acquired = m.step();
            m.check_invariants();
            if (!acquired && m.f.recalculations.size() != before) {
                m.compare_with_reference();
            }
        }
    }
}
