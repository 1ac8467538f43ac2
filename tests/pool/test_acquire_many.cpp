// DESIGN 4.4.1: a call's licenses in one step, every kind or none.
#include "pool/pool_fixture.hpp"

using namespace licpool;
using namespace std::chrono_literals;
using licpool_test::pool_fixture;

namespace {
struct ivr : pool_fixture {
    ivr() {
        entitle("telephony_port", 10);
        entitle("asr", 3);
        entitle("tts", 5);
    }
    // Everything a host can see of the three kinds.
    std::vector<usage> seen(job_id job) {
        std::vector<usage> out;
        for (const char* k : {"telephony_port", "asr", "tts"}) {
            out.push_back(of(job, k));
            out.push_back(pool.system_usage(kind(k)));
            out.push_back(*pool.node_usage(*pool.find_organization("default", "default"), kind(k)));
        }
        return out;
    }
};
job_spec call_job(const std::string& name, std::uint32_t max = 10,
                  allocation_mode mode = allocation_mode::reserved, int priority = 1) {
    return job_spec{priority, 0, max, mode, {"telephony_port", "asr", "tts"}}.named(name);
}
} // namespace

TEST_CASE("a call takes every kind it names at once", "[pool][acquire][many]") {
    ivr f;
    const auto job = *f.pool.start_job(call_job("ivr"));
    auto call = f.pool.acquire(job, {"telephony_port", "asr", "tts"});
    REQUIRE(call);
    CHECK(call->size() == 3);
    CHECK(call->held() == 3);
    CHECK(call->holds(f.kind("asr")));
    CHECK(f.of(job, "telephony_port").in_use == 1);
    CHECK(f.of(job, "asr").in_use == 1);
    CHECK(f.of(job, "tts").in_use == 1);
    // A call that stops using TTS gives it back early; the rest stays.
    CHECK(call->release(f.kind("tts")));
    CHECK_FALSE(call->release(f.kind("tts")));
    CHECK_FALSE(call->holds(f.kind("tts")));
    CHECK(f.of(job, "tts").in_use == 0);
    CHECK(f.of(job, "asr").in_use == 1);
    call->release();
    CHECK(call->held() == 0);
    CHECK(f.of(job, "telephony_port").in_use == 0);
    CHECK(f.of(job, "asr").in_use == 0);
}

TEST_CASE("a call refused for one kind holds nothing, and says what a one-kind acquire says", "[pool][acquire][many]") {
    ivr f;
    const auto job = *f.pool.start_job(call_job("ivr"));
    std::vector<call_leases> calls;
    for (int i = 0; i < 3; ++i) {
        auto call = f.pool.acquire(job, {"telephony_port", "asr", "tts"});
        REQUIRE(call);
        calls.push_back(std::move(*call));
    }
    const auto before = f.seen(job);
    const auto refused = f.pool.acquire(job, {"telephony_port", "asr", "tts"});
    REQUIRE_FALSE(refused);
    const auto alone = f.pool.acquire(job, "asr");
    REQUIRE_FALSE(alone);
    CHECK(refused.error() == alone.error());
    CHECK(refused.error().message() == alone.error().message());
    CHECK(refused.error().code() == errc::job_quota);
    CHECK(f.seen(job) == before);
    // The first kind refused, in the order named.
    calls.clear();
    f.entitle("tts", 0);
    const auto both = f.pool.acquire(job, {"tts", "asr"});
    REQUIRE_FALSE(both);
    CHECK(both.error() == error{errc::entitlement, "tts", {}, 0, 0});
    CHECK(f.of(job, "asr").in_use == 0);
}

TEST_CASE("a call's licenses come back once each, whoever holds them", "[pool][acquire][many]") {
    ivr f;
    const auto job = *f.pool.start_job(call_job("ivr"));
    {
        auto call = f.pool.acquire(job, {f.kind("telephony_port"), f.kind("asr")});
        REQUIRE(call);
        call_leases moved{std::move(*call)};
        CHECK(call->size() == 0);
        CHECK(moved.held() == 2);
        call_leases other;
        other = std::move(moved);
        CHECK(other.held() == 2);
        CHECK(f.of(job, "asr").in_use == 1);
        auto again = f.pool.acquire(job, {"asr"});
        REQUIRE(again);
        other = std::move(*again); // the old call's licenses go back
        CHECK(f.of(job, "asr").in_use == 1);
        CHECK(f.of(job, "telephony_port").in_use == 0);
    }
    CHECK(f.of(job, "asr").in_use == 0);
    CHECK(f.pool.system_usage(f.kind("asr")).in_use == 0);
}

TEST_CASE("a call's list is checked before anything is attempted", "[pool][acquire][many]") {
    ivr f;
    f.entitle("manual_agent", 2);
    const auto job = *f.pool.start_job(call_job("ivr"));
    CHECK(f.pool.acquire(job, {"asr", "asr"}).error().code() == errc::invalid_setting);
    CHECK(f.pool.acquire(job, {"asr", "outbound_port"}).error().code() == errc::kind_not_in_job);
    CHECK(f.pool.acquire(job, {"asr", "fax"}).error().code() == errc::unknown_kind);
    CHECK(f.pool.acquire(job, std::initializer_list<std::string_view>{}).error().code() == errc::invalid_setting);
    const std::initializer_list<std::string_view> nine = {"a", "b", "c", "d", "e", "f", "g", "h", "i"};
    CHECK(f.pool.acquire(job, nine).error().code() == errc::invalid_setting);
    auto agents = f.pool.start_job(job_spec{1, 0, 2, allocation_mode::reserved, {}}.named("agents").agents("manual_agent"));
    REQUIRE(agents);
    CHECK(f.pool.acquire(*agents, {"telephony_port", "manual_agent"}).error().code() == errc::seat_kind);
    CHECK(f.of(job, "asr").in_use == 0);
    REQUIRE(f.pool.pause_job(job));
    CHECK(f.pool.acquire(job, {"asr", "tts"}).error().code() == errc::not_running);
}

TEST_CASE("a call by an idle job wakes it for every kind, and borrows from a donor at once", "[pool][acquire][many]") {
    ivr f;
    const auto lender = *f.pool.start_job(call_job("lender", 10, allocation_mode::dynamic, 10));
    const auto caller = *f.pool.start_job(call_job("caller", 10, allocation_mode::reserved));
    const auto asr_quota = f.quota(caller, "asr");
    std::vector<call_leases> calls;
    for (std::uint32_t i = 0; i < asr_quota; ++i) {
        auto call = f.pool.acquire(caller, {"telephony_port", "asr"});
        REQUIRE(call);
        calls.push_back(std::move(*call));
    }
    f.pool.clock().advance(61s); // the lender turns idle; nobody hungry, no recalculation yet
    f.pool.tick();
    const auto n = f.recalculations.size();
    auto borrowed = f.pool.acquire(caller, {"telephony_port", "asr"});
    REQUIRE(borrowed);
    REQUIRE(f.recalculations.size() > n);
    CHECK(f.recalculations[n].cause == recalculation_cause::donor_available);
    // The idle lender's next call is an attempt for each kind: it wakes.
    auto back = f.pool.acquire(lender, {"telephony_port", "tts"});
    CHECK(back);
    CHECK(f.recalculations.back().cause == recalculation_cause::idle_job_attempt);
    CHECK_FALSE(f.pool.explain(lender, "telephony_port")->idle);
    CHECK_FALSE(f.pool.explain(lender, "tts")->idle);
}
