// A pool on a manual clock, with its events recorded: what the pool tests share.
#ifndef LICPOOL_TESTS_POOL_POOL_FIXTURE_HPP
#define LICPOOL_TESTS_POOL_POOL_FIXTURE_HPP

#include <licpool/licpool.hpp>

#include "licpool_catch.hpp"
#include "test_printing.hpp"

#include <chrono>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace licpool_test {

using test_pool = licpool::license_pool<licpool::tier_hierarchy, licpool::reserved_dynamic_allocator<>,
                                        licpool::compliance_auditor<>, licpool::feature_key_validator<>,
                                        std::mutex, licpool::manual_clock>;

inline licpool::vendor_secret pool_secret() { return *licpool::vendor_secret::make("licpool pool test secret"); }

struct pool_fixture {
    explicit pool_fixture(licpool::catalog kinds = licpool::presets::contact_center(),
                          licpool::entitlement_source source = licpool::entitlement_source::license_server)
        : pool{std::move(kinds), licpool::serial_number{"LP-TEST"}, pool_secret(), licpool::pool_options{source},
               licpool::manual_clock{licpool::date::from_ymd(2026, 1, 1)}} {
        pool.observe(licpool::pool_observer{
            [this](const licpool::recalculation_event& e) { recalculations.push_back(e); },
            [this](const licpool::tier_move_event& e) { moves.push_back(e); }});
    }

    /// Sets one kind's entitlement (a successful poll with every kind set so far).
    void entitle(const std::string& kind, std::uint32_t count) {
        counts[kind] = count;
        std::vector<licpool::kind_count> all;
        for (const auto& [k, n] : counts) {
            all.push_back({k, n});
        }
        REQUIRE(pool.report_poll(all));
    }

    /// `count` outbound ports and the telephony ports they also take (DESIGN 2).
    void entitle_outbound(std::uint32_t count) {
        entitle("telephony_port", count);
        entitle("outbound_port", count);
    }

    licpool::organization_id org(const std::string& zone, const std::string& name) {
        auto o = pool.organization(zone, name);
        REQUIRE(o);
        return *o;
    }

    /// Starts a one-kind job, or fails the test.
    licpool::job_id start(const std::string& name, const std::string& kind, int priority, std::uint32_t min,
                          std::uint32_t max, licpool::allocation_mode mode = licpool::allocation_mode::reserved,
                          std::optional<licpool::organization_id> organization = std::nullopt) {
        auto spec = organization ? licpool::job_spec{*organization, priority, min, max, mode, {kind}}
                                 : licpool::job_spec{priority, min, max, mode, {kind}};
        auto job = pool.start_job(spec.named(name));
        REQUIRE(job);
        return *job;
    }

    /// `n` leases, or fails the test.
    void take(licpool::job_id job, const std::string& kind, int n, std::vector<licpool::lease>& into) {
        for (int i = 0; i < n; ++i) {
            auto l = pool.acquire(job, kind);
            REQUIRE(l);
            into.push_back(std::move(*l));
        }
    }

    licpool::usage of(licpool::job_id job, const std::string& kind) {
        auto u = pool.job_usage(job, kind);
        REQUIRE(u);
        return *u;
    }

    std::uint32_t quota(licpool::job_id job, const std::string& kind) { return of(job, kind).limit; }

    /// Moves the clock forward and lets the pool notice (the host's tick).
    void advance(std::chrono::seconds by) {
        pool.clock().advance(by);
        pool.tick();
    }

    licpool::kind_id kind(const std::string& name) const { return *pool.kinds().find(name); }

    test_pool pool;
    std::map<std::string, std::uint32_t> counts;
    std::vector<licpool::recalculation_event> recalculations;
    std::vector<licpool::tier_move_event> moves;
};

} // namespace licpool_test

#endif // LICPOOL_TESTS_POOL_POOL_FIXTURE_HPP
