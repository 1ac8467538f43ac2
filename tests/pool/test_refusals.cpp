// DESIGN 1, as a property: a refused call leaves holdings, settings and keys exactly as they
// were. Random calls, many of them wrong on purpose (unknown names, ids and kinds, bad
// limits, wrong states, taken names, stale fences, exhausted licenses, forged, expired and
// damaged keys), are made on pools of each preset catalog; around every refused call
// everything the pool lets a host see is recorded, and must not have moved.
//
// Acquire, attach and move are attempts (DESIGN 4.3): refused or not, they mark the job
// active and may make a dynamic job borrow at once (trigger 5), which changes quotas. For
// them the holdings, settings and keys must stay; quotas may move.
#include "pool/pool_fixture.hpp"

#include <algorithm>
#include <iterator>
#include <optional>
#include <random>
#include <set>
#include <sstream>

using namespace licpool;
using namespace std::chrono_literals;
using licpool_test::pool_fixture;

namespace {

using outcome = std::optional<errc>; // the error of a refused call; empty when it succeeded

// The lines of `before` that `after` lost (-) and those it gained (+): empty when equal.
std::string changes(const std::string& before, const std::string& after) {
    const auto lines = [](const std::string& text) {
        std::multiset<std::string> out;
        std::istringstream in{text};
        for (std::string line; std::getline(in, line);) {
            out.insert(line);
        }
        return out;
    };
    const auto a = lines(before);
    const auto b = lines(after);
    std::vector<std::string> lost;
    std::vector<std::string> gained;
    std::set_difference(a.begin(), a.end(), b.begin(), b.end(), std::back_inserter(lost));
    std::set_difference(b.begin(), b.end(), a.begin(), a.end(), std::back_inserter(gained));
    std::string out;
    for (const auto& l : lost) {
        out += "- " + l + "\n";
    }
    for (const auto& g : gained) {
        out += "+ " + g + "\n";
    }
    return out;
}

template <class T>
outcome outcome_of(const expected<T>& r) {
    return r ? outcome{} : outcome{r.error().code()};
}

struct world {
    pool_fixture f;
    std::mt19937_64 rng;
    bool keyed;                      // entitlement from keys, else from polls
    std::vector<std::string> issued; // keys made so far, installed or not
    std::vector<kind_id> ids;        // every kind of the catalog
    std::vector<std::string> kinds;  // their names, and two that name no kind
    // UTF-8 names are names; a control character or a byte that is not UTF-8 is refused.
    std::vector<std::string> zones = {"z0", "z1", "default", "", "a/b", "Zürich", "z\x85"};
    std::vector<std::string> orgs = {"o0", "o1", "default", "", "東京", "o\xff"};
    std::vector<lease> leases;
    std::vector<call_leases> calls;
    std::vector<node_lease> lent;
    std::map<std::uint32_t, std::vector<std::string>> job_kinds; // what each started job asked for

    world(catalog c, entitlement_source source, std::uint64_t seed)
        : f{std::move(c), source}, rng{seed}, keyed{source == entitlement_source::keys} {
        for (std::size_t i = 0; i < f.pool.kinds().size(); ++i) {
            ids.push_back(kind_id{static_cast<std::uint16_t>(i)});
            kinds.push_back(std::string{f.pool.kinds()[ids.back()].name});
        }
        kinds.push_back("fax");
        kinds.push_back("");
        // The host's first tick: the pool sees today's date (DESIGN 3 keeps the latest date
        // seen, and any call that reads the clock may move it on, refused or not).
        f.pool.tick();
    }

    std::size_t pick(std::size_t n) { return std::uniform_int_distribution<std::size_t>(0, n - 1)(rng); }
    std::uint32_t number(std::uint32_t lo, std::uint32_t hi) {
        return std::uniform_int_distribution<std::uint32_t>(lo, hi)(rng);
    }
    const std::string& any_kind() { return kinds[pick(kinds.size())]; }
    const std::string& any_zone() { return zones[pick(zones.size())]; }
    const std::string& any_org() { return orgs[pick(orgs.size())]; }

    // An id that is often real and sometimes one past the end (or far beyond).
    std::uint32_t any_index(std::size_t known) {
        if (pick(8) == 0) {
            return pick(2) == 0 ? static_cast<std::uint32_t>(known) : 1'000'000u;
        }
        return known == 0 ? 0u : static_cast<std::uint32_t>(pick(known));
    }
    job_id any_job() { return job_id{any_index(f.pool.jobs().size())}; }
    agent_id any_agent() { return agent_id{number(0, 9)}; }
    // An organization that exists most of the time; else none (the default one) or a bad id.
    std::optional<organization_id> any_organization() {
        std::vector<organization_id> existing;
        for (const auto& z : zones) {
            for (const auto& o : orgs) {
                if (const auto found = f.pool.find_organization(z, o)) {
                    existing.push_back(*found);
                }
            }
        }
        if (!existing.empty() && pick(6) != 0) {
            return existing[pick(existing.size())];
        }
        return pick(2) == 0 ? std::optional<organization_id>{organization_id{any_index(8)}} : std::nullopt;
    }

    limits any_limits() {
        const std::uint32_t min = number(0, 8);
        switch (pick(6)) {
        case 0: return {min + 1, min, 1};                         // min above max
        case 1: return {min, min + 3, pick(2) == 0 ? 0u : 1001u}; // weight out of range
        case 2: return {min, unlimited, number(1, 5)};
        default: return {min, min + number(0, 12), number(1, 5)};
        }
    }

    // Everything a host can see of the holdings, settings and keys.
    std::string holdings() {
        std::ostringstream out;
        out << f.pool.snapshot();
        const auto& cat = f.pool.kinds();
        for (const kind_id k : ids) {
            const auto u = f.pool.system_usage(k);
            out << "system " << cat[k].name << " in use " << u.in_use << " entitled " << f.pool.entitlement_of(k)
                << "\n";
        }
        for (const auto job : f.pool.jobs()) {
            out << "job " << job.value() << " state " << static_cast<int>(*f.pool.state_of(job));
            for (const kind_id k : ids) {
                if (const auto u = f.pool.job_usage(job, k)) {
                    out << " " << cat[k].name << "=" << u->in_use;
                }
            }
            out << "\n";
        }
        for (const auto& z : zones) {
            if (const auto zone = f.pool.find_zone(z)) {
                for (const kind_id k : ids) {
                    if (const auto u = f.pool.node_usage(*zone, k)) {
                        out << "zone " << z << " " << cat[k].name << "=" << u->in_use << "\n";
                    }
                }
                for (const auto& o : orgs) {
                    if (const auto org = f.pool.find_organization(z, o)) {
                        for (const kind_id k : ids) {
                            if (const auto u = f.pool.node_usage(*org, k)) {
                                out << "org " << z << "/" << o << " " << cat[k].name << "=" << u->in_use << "\n";
                            }
                        }
                    }
                }
            }
        }
        for (std::uint32_t a = 0; a < 10; ++a) {
            const auto job = f.pool.agent_job(agent_id{a});
            const auto seat = f.pool.agent_seat(agent_id{a});
            out << "agent " << a << " " << (job ? std::to_string(job->value()) : "-") << " "
                << (seat ? std::string{cat[*seat].name} : "-") << "\n";
        }
        for (const auto& z : zones) {
            for (const auto& o : orgs) {
                const auto org = f.pool.find_organization(z, o);
                if (!org) {
                    continue;
                }
                auto tenant = f.pool.tenant(*org);
                REQUIRE(tenant);
                out << "tenant " << tenant->path() << " acquired " << tenant->acquired() << "\n";
                for (const auto user : tenant->users()) {
                    out << "  user " << user.value();
                    for (const auto& k : kinds) {
                        out << (tenant->has_access(user, k) ? " +" : " -") << k;
                    }
                    out << "\n";
                }
            }
        }
        for (const auto& l : f.pool.node_leases()) {
            out << "lease " << l.holder << " " << l.fence << " " << l.request_id << " " << l.kind.value() << " "
                << l.count << " " << l.expires.time_since_epoch().count() << "\n";
        }
        out << "last fence " << f.pool.last_fence() << "\n";
        for (const auto& factor : f.pool.usage_factors()) {
            out << "factor " << factor << "\n";
        }
        return out.str();
    }

    // What a recalculation derives from them: quotas, shares, and the explanations.
    std::string quotas() {
        std::ostringstream out;
        const auto& cat = f.pool.kinds();
        for (const auto job : f.pool.jobs()) {
            for (const kind_id k : ids) {
                if (const auto e = f.pool.explain(job, k)) {
                    out << e->summary() << "\n";
                }
            }
        }
        for (const auto& z : zones) {
            if (const auto zone = f.pool.find_zone(z)) {
                for (const kind_id k : ids) {
                    if (const auto u = f.pool.node_usage(*zone, k)) {
                        out << "zone " << z << " " << cat[k].name << " share " << u->limit << "\n";
                    }
                }
            }
        }
        out << "recalculations " << f.recalculations.size() << " moves " << f.moves.size() << "\n";
        return out.str();
    }

    // A kind name: mostly one that fits `fits`, else any name (some name no kind).
    template <class Fits>
    std::string kind_where(Fits fits) {
        std::vector<std::string> fitting;
        for (const auto k : ids) {
            if (fits(f.pool.kinds()[k])) {
                fitting.push_back(f.pool.kinds()[k].name);
            }
        }
        return fitting.empty() || pick(6) == 0 ? any_kind() : fitting[pick(fitting.size())];
    }
    std::string job_kind() {
        return kind_where(
            [](const license_kind& k) { return k.is_counted() && !k.is_bundle() && k.tier_group.empty(); });
    }
    std::string seat_kind() {
        return kind_where([](const license_kind& k) { return !k.tier_group.empty(); });
    }
    // A kind the call takes (DESIGN 5: assign takes kinds consumed when configured, login
    // those consumed while in use), or with `taken` false one it refuses.
    std::string user_kind(bool by_assign, bool taken = true) {
        return kind_where([=](const license_kind& k) {
            return !k.is_bundle() && (by_assign ? k.taken_by_assign() : k.taken_by_login()) == taken;
        });
    }

    std::vector<kind_limits> any_settings() {
        std::vector<kind_limits> settings;
        for (int i = 0, n = static_cast<int>(number(0, 2)); i < n; ++i) {
            settings.push_back({pick(3) == 0 ? any_kind() : job_kind(), any_limits()});
        }
        return settings;
    }

    // A job's own kind most of the time, so that acquires reach every limit of DESIGN 4.4.
    std::pair<job_id, std::string> job_and_kind() {
        const auto job = any_job();
        if (const auto it = job_kinds.find(job.value()); it != job_kinds.end() && pick(5) != 0) {
            return {job, it->second[pick(it->second.size())]};
        }
        return {job, pick(2) == 0 ? any_kind() : job_kind()};
    }

    // One random call. Returns its outcome and whether it was an attempt (DESIGN 4.3).
    std::pair<outcome, bool> call() {
        auto& pool = f.pool;
        switch (pick(32)) {
        case 0:
        case 1: { // the whole entitlement from a poll; now and then naming a kind the catalog lacks
            if (keyed) {
                return {key_call(), false};
            }
            std::vector<kind_count> counts;
            for (const auto k : ids) {
                const auto& kind = pool.kinds()[k];
                counts.push_back({kind.name, kind.is_boolean() ? number(0, 1) : number(0, 12)});
            }
            if (pick(6) == 0) {
                counts.push_back({"fax", 3});
            }
            return {outcome_of(pool.report_poll(counts)), false};
        }
        case 2: return {outcome_of(pool.set_zone(any_zone(), any_settings())), false};
        case 3: return {outcome_of(pool.set_organization(any_zone(), any_org(), any_settings())), false};
        case 4:
        case 5:
        case 6: { // a job, sometimes agent-based, sometimes with a taken name or a bad priority
            const int priority = pick(8) == 0 ? static_cast<int>(number(0, 12)) - 1 : static_cast<int>(number(1, 10));
            const std::uint32_t min = number(0, 3);
            const std::uint32_t max = pick(8) == 0 ? min - std::min(min, 1u) : min + number(0, 6);
            const auto mode = pick(2) == 0 ? allocation_mode::dynamic : allocation_mode::reserved;
            std::vector<std::string> wanted;
            for (int i = 0, n = pick(8) == 0 ? 0 : static_cast<int>(number(1, 2)); i < n; ++i) {
                wanted.push_back(job_kind());
            }
            const auto org = any_organization();
            job_spec spec =
                org ? job_spec{*org, priority, min, max, mode, wanted} : job_spec{priority, min, max, mode, wanted};
            spec.named("j" + std::to_string(number(0, static_cast<std::uint32_t>(pool.jobs().size()) + 1)));
            std::string campaign;
            if (pick(3) == 0) {
                campaign = seat_kind();
                spec.agents(campaign);
            }
            if (pick(4) == 0) {
                spec.limits_for(pick(2) == 0 ? job_kind() : any_kind(), number(0, 3), number(0, 6));
            }
            const auto started = pool.start_job(spec);
            if (started) {
                auto& mine = job_kinds[started->value()];
                mine = wanted;
                if (!campaign.empty()) {
                    mine.push_back(campaign);
                }
                if (mine.empty()) {
                    job_kinds.erase(started->value());
                }
            }
            return {outcome_of(started), false};
        }
        case 7: return {pick(3) == 0 ? outcome_of(pool.forget_job(any_job())) : outcome_of(pool.stop_job(any_job())), false};
        case 8: return {outcome_of(pool.pause_job(any_job())), false};
        case 9: return {outcome_of(pool.resume_job(any_job())), false};
        case 10: return {outcome_of(pool.snooze_job(any_job())), false};
        case 11: return {outcome_of(pool.wake_job(any_job())), false};
        case 12: {
            const int priority = static_cast<int>(number(0, 11));
            return {outcome_of(pool.set_priority(any_job(), priority)), false};
        }
        case 13: {
            const auto [job, kind] = job_and_kind();
            const std::uint32_t min = number(0, 4);
            const std::uint32_t max = number(0, 8);
            return {outcome_of(pool.set_limits(job, kind, min, max)), false};
        }
        case 17: { // DESIGN 4.4.1: a call's kinds at once, all or none
            const auto job = any_job();
            std::vector<std::string> named;
            if (const auto it = job_kinds.find(job.value()); it != job_kinds.end()) {
                named = it->second;
            }
            named.push_back(pick(4) == 0 ? any_kind() : job_kind());
            const auto& k = [&](std::size_t i) -> std::string_view { return named[i % named.size()]; };
            auto got = pick(2) == 0 ? pool.acquire(job, {k(0), k(1)}) : pool.acquire(job, {k(0), k(1), k(2)});
            const auto result = outcome_of(got);
            if (got) {
                calls.push_back(std::move(*got));
            }
            return {result, true};
        }
        case 14:
        case 15:
        case 16: {
            const auto [job, kind] = job_and_kind();
            auto got = pool.acquire(job, kind);
            const auto result = outcome_of(got);
            if (got) {
                leases.push_back(std::move(*got));
            }
            return {result, true};
        }
        case 18: // a release is never refused; it is here so that holdings come and go
            if (!leases.empty()) {
                leases.erase(leases.begin() + static_cast<std::ptrdiff_t>(pick(leases.size())));
            }
            if (!calls.empty()) {
                calls.erase(calls.begin() + static_cast<std::ptrdiff_t>(pick(calls.size())));
            }
            return {outcome{}, false};
        case 19:
        case 20: return {outcome_of(pool.attach_agent(any_job(), any_agent())), true};
        case 21: return {outcome_of(pool.move_agent(any_agent(), any_job())), true};
        case 22: return {outcome_of(pool.detach_agent(any_agent())), false};
        case 23:
        case 24:
        case 25:
        case 26: return {user_call(), false};
        case 27: {
            node_lease_request request;
            request.holder = pick(6) == 0 ? std::string{} : "media" + std::to_string(pick(2));
            request.request_id = number(0, 5);
            request.kind = pick(3) == 0 ? any_kind() : user_kind(false);
            request.count = number(0, 4);
            request.ttl = pick(6) == 0 ? 0ms : pick(6) == 0 ? std::chrono::milliseconds::max() : 60'000ms;
            auto granted = pool.grant_node_lease(request);
            if (granted) {
                lent.push_back(*granted);
            }
            return {outcome_of(granted), false};
        }
        case 28: {
            const auto fence =
                lent.empty() || pick(3) == 0 ? std::uint64_t{number(0, 40)} : lent[pick(lent.size())].fence;
            const std::string holder = "media" + std::to_string(pick(2));
            const auto ttl = pick(5) == 0 ? 0ms : pick(5) == 0 ? max_node_lease_ttl + 1ms : 60'000ms;
            return {pick(2) == 0 ? outcome_of(pool.renew_node_lease(holder, fence, ttl))
                                 : outcome_of(pool.release_node_lease(holder, fence)),
                    false};
        }
        case 29: { // keys, snapshots, usage factors and new organizations
            switch (pick(6)) {
            case 0: return {outcome_of(pool.install_key("0000-0000-0000-0000-0000-0000-0000-0000")), false};
            case 1: return {outcome_of(pool.remove_key("not a key")), false};
            case 2: return {outcome_of(pool.restore_snapshot(pool.snapshot())), false};
            case 3: {
                const std::string name = "factor" + std::to_string(pick(2));
                return {outcome_of(pool.add_usage_factor(name, [](const user_view&) { return true; })), false};
            }
            case 4: return {outcome_of(pool.organization(any_zone(), any_org())), false};
            default: {
                const std::string name = "factor" + std::to_string(pick(3));
                return {outcome_of(pool.set_usage_factor_enabled(name, pick(2) == 0)), false};
            }
            }
        }
        default: { // time passes; idle jobs may give their surplus up (trigger 3)
            f.advance(std::chrono::seconds{number(1, 90)});
            return {outcome{}, false};
        }
        }
    }

    // Feature keys (DESIGN 3): good ones, and ones refused for every reason a key can be:
    // another system's, not yet valid, expired, a second trial, damaged.
    outcome key_call() {
        auto& pool = f.pool;
        if (!issued.empty() && pick(4) == 0) {
            return outcome_of(pool.remove_key(issued[pick(issued.size())]));
        }
        if (!issued.empty() && pick(4) == 0) {
            auto damaged = issued[pick(issued.size())];
            damaged[pick(damaged.size())] = "0ZU!"[pick(4)]; // U and ! are no base32 digit
            return outcome_of(pool.install_key(damaged));
        }
        key_fields fields;
        const auto& kind = pool.kinds()[ids[pick(ids.size())]];
        fields.feature_code = kind.feature_code;
        fields.count = kind.is_boolean() ? 1 : number(1, 12);
        // The pool's clock starts at 2026-01-01: some keys are from the future, some expired.
        fields.issued = date::from_ymd(2026, 1, 1) - static_cast<int>(number(0, 120)) + static_cast<int>(number(0, 20));
        fields.validity_days = static_cast<std::uint16_t>(pick(2) == 0 ? 0 : number(1, 90));
        fields.trial = pick(3) == 0;
        if (fields.trial) {
            fields.validity_days = 60;
        }
        const serial_number serial{pick(6) == 0 ? "LP-OTHER" : "LP-TEST"};
        auto key = issue_key(fields, serial, licpool_test::pool_secret());
        REQUIRE(key);
        issued.push_back(*key);
        return outcome_of(pool.install_key(*key));
    }

    // Users and stations of a tenant (DESIGN 5).
    outcome user_call() {
        auto& pool = f.pool;
        const auto org = any_organization();
        if (!org) {
            return outcome_of(pool.tenant(organization_id{any_index(8)}));
        }
        auto tenant = pool.tenant(*org);
        if (!tenant) {
            return outcome_of(tenant);
        }
        const auto users = tenant->users();
        const user_id user = users.empty() || pick(8) == 0 ? user_id{number(0, 30)} : users[pick(users.size())];
        const std::string name = "u" + std::to_string(number(0, 4));
        switch (pick(12)) {
        case 0: return outcome_of(tenant->add_user(name, {{"role", pick(2) == 0 ? "agent" : "admin"}}));
        case 1: return outcome_of(tenant->add_station(name));
        case 2: return outcome_of(tenant->remove_user(user));
        case 3: return outcome_of(tenant->set_attribute(user, pick(4) == 0 ? "" : "role", "agent"));
        case 4:
        case 5: return outcome_of(tenant->assign(user, user_kind(true)));
        case 6: return outcome_of(tenant->assign(user, user_kind(true, false)));
        case 7: return outcome_of(tenant->unassign(user, any_kind()));
        case 8:
        case 9: return outcome_of(tenant->login(user, user_kind(false)));
        case 10: return outcome_of(tenant->login(user, user_kind(false, false)));
        default: return outcome_of(tenant->logout(user, any_kind()));
        }
    }
};

void refusals_change_nothing(const catalog& kinds, entitlement_source source, std::uint64_t first_seed, int runs,
                             int calls, std::size_t distinct_refusals_at_least) {
    std::map<errc, int> seen;
    for (std::uint64_t seed = first_seed; seed < first_seed + static_cast<std::uint64_t>(runs); ++seed) {
        CAPTURE(seed);
        world w{kinds, source, seed};
        for (int i = 0; i < calls; ++i) {
            CAPTURE(i);
            const auto held = w.holdings();
            const auto derived = w.quotas();
            const auto [refused, attempt] = w.call();
            if (!refused) {
                continue;
            }
            CAPTURE(*refused);
            ++seen[*refused];
            REQUIRE(changes(held, w.holdings()) == "");
            if (!attempt) {
                REQUIRE(changes(derived, w.quotas()) == "");
            }
        }
    }
    // The run must have provoked a good spread of refusals, or it proves little.
    CAPTURE(seen.size());
    CHECK(seen.size() >= distinct_refusals_at_least);
}

} // namespace

TEST_CASE("a refused call changes no holding or setting or key", "[pool][refusal][property]") {
    const auto polls = entitlement_source::license_server;
    SECTION("contact center") {
        refusals_change_nothing(presets::contact_center(), polls, 1, 12, 300, 20);
    }
    SECTION("pbx") {
        refusals_change_nothing(presets::pbx(), polls, 101, 12, 300, 20);
    }
    SECTION("web portal") {
        refusals_change_nothing(presets::web_portal(), polls, 201, 12, 300, 20);
    }
    SECTION("contact center on keys") {
        refusals_change_nothing(presets::contact_center(), entitlement_source::keys, 301, 12, 300, 25);
    }
}
