#include <licpool/core/ids.hpp>

#include "licpool_catch.hpp"

#include <cstdint>
#include <string>
#include <type_traits>
#include <unordered_set>

using namespace licpool;

TEST_CASE("ids of different things cannot be mixed up", "[core][ids]") {
    STATIC_REQUIRE_FALSE(std::is_convertible_v<job_id, zone_id>);
    STATIC_REQUIRE_FALSE(std::is_constructible_v<zone_id, job_id>);
    STATIC_REQUIRE_FALSE(std::is_constructible_v<organization_id, zone_id>);
    STATIC_REQUIRE_FALSE(std::is_convertible_v<user_id, agent_id>);
    STATIC_REQUIRE_FALSE(std::is_convertible_v<std::uint32_t, job_id>);
    STATIC_REQUIRE_FALSE(std::is_convertible_v<std::string, serial_number>);
    STATIC_REQUIRE_FALSE(std::is_convertible_v<job_id, std::uint32_t>);
    STATIC_REQUIRE(std::is_constructible_v<job_id, std::uint32_t>);
    STATIC_REQUIRE(std::is_trivially_copyable_v<job_id>);
}

TEST_CASE("ids compare and hash by value", "[core][ids]") {
    CHECK(job_id{3} == job_id{3});
    CHECK(job_id{3} != job_id{4});
    CHECK(job_id{3} < job_id{4});
    CHECK(job_id{4} > job_id{3});
    CHECK(job_id{4} >= job_id{4});
    CHECK(job_id{3} <= job_id{4});

    std::unordered_set<job_id> seen{job_id{1}, job_id{2}, job_id{1}};
    CHECK(seen.size() == 2);

    const serial_number s{"FK-1234"};
    CHECK(s.value() == "FK-1234");
    CHECK(s == serial_number{"FK-1234"});
    std::unordered_set<serial_number> serials{s, serial_number{"other"}};
    CHECK(serials.count(serial_number{"FK-1234"}) == 1);
}
