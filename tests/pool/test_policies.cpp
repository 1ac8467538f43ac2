// DESIGN 1: four policies compose the pool, each checked at compile time and each
// replaceable by a host's own class.
#include "pool/pool_fixture.hpp"

using namespace licpool;

namespace {
// A host's own resolver: the highest free tier first (the opposite of tier_hierarchy).
struct highest_tier_first {
    template <class IsFree>
    std::optional<kind_id> resolve(const catalog& kinds, kind_id needed, IsFree&& is_free) const {
        const auto& group = kinds.tier_group(needed);
        for (auto it = group.rbegin(); it != group.rend(); ++it) {
            if (kinds[*it].tier < kinds[needed].tier) {
                break;
            }
            if (is_free(*it)) {
                return *it;
            }
        }
        return std::nullopt;
    }
};
} // namespace

TEST_CASE("the library's policies meet their traits", "[pool][policies]") {
    STATIC_REQUIRE(is_allocator_v<reserved_dynamic_allocator<>>);
    STATIC_REQUIRE(is_allocator_v<strict_priority_allocator>);
    STATIC_REQUIRE_FALSE(is_allocator_v<int>);
    STATIC_REQUIRE(is_hierarchy_resolver_v<tier_hierarchy>);
    STATIC_REQUIRE(is_hierarchy_resolver_v<highest_tier_first>);
    STATIC_REQUIRE_FALSE(is_hierarchy_resolver_v<int>);
    STATIC_REQUIRE(is_validator_v<feature_key_validator<>>);
    STATIC_REQUIRE(is_sync_v<null_mutex>);
}

TEST_CASE("a host's own resolver decides the seat", "[pool][policies]") {
    using pool_t = license_pool<highest_tier_first, reserved_dynamic_allocator<>, compliance_auditor<>,
                                feature_key_validator<>, std::mutex, manual_clock>;
    pool_t pool{presets::contact_center(), serial_number{"S"}, licpool_test::pool_secret(),
                pool_options{entitlement_source::license_server}};
    REQUIRE(pool.report_poll({{"manual_agent", 1}, {"preview_agent", 1}, {"predictive_agent", 1}, {"telephony_port", 9}}));
    auto job = pool.start_job(job_spec{1, 0, 3, allocation_mode::reserved, {}}.agents("manual_agent"));
    REQUIRE(job);
    CHECK(pool.attach_agent(*job, agent_id{1}) == *pool.kinds().find("predictive_agent"));
    CHECK(pool.attach_agent(*job, agent_id{2}) == *pool.kinds().find("preview_agent"));
}

TEST_CASE("the strict priority allocator fills the highest priority first", "[pool][policies]") {
    using pool_t = license_pool<tier_hierarchy, strict_priority_allocator, compliance_auditor<>,
                                feature_key_validator<>, std::mutex, manual_clock>;
    pool_t pool{presets::contact_center(), serial_number{"S"}, licpool_test::pool_secret(),
                pool_options{entitlement_source::license_server}};
    REQUIRE(pool.report_poll({{"outbound_port", 10}}));
    const auto job1 = pool.start_job(job_spec{8, 1, 30, allocation_mode::reserved, {"outbound_port"}});
    const auto job2 = pool.start_job(job_spec{2, 1, 30, allocation_mode::reserved, {"outbound_port"}});
    CHECK(pool.job_usage(*job1, "outbound_port")->limit == 9);
    CHECK(pool.job_usage(*job2, "outbound_port")->limit == 1);
}

TEST_CASE("license_pool_st is the single-threaded pool", "[pool][policies]") {
    STATIC_REQUIRE(std::is_same_v<license_pool_st<>::mutex_type, null_mutex>);
    STATIC_REQUIRE(std::is_same_v<license_pool_mt<>::mutex_type, std::mutex>);
    license_pool_st<manual_clock> pool{presets::pbx(), serial_number{"S"}, licpool_test::pool_secret()};
    CHECK(pool.kinds().name() == "pbx");
    STATIC_REQUIRE_FALSE(std::is_copy_constructible_v<license_pool_mt<>>);
    STATIC_REQUIRE_FALSE(std::is_move_constructible_v<license_pool_mt<>>);
}
