// licpool: license pools for PBX, dialer and contact-center software.
// Distributed under the Boost Software License, Version 1.0.

#include "components/component_fixture.hpp"
#include "licpool_catch.hpp"

#include "test_printing.hpp"

#include <array>
#include <chrono>
#include <cstdint>
#include <ostream>
#include <string>
#include <utility>
#include <vector>

// The attempt protocol (DESIGN 4.3, 4.4, 4.4.1) and the take ladder on their own, over the
// counting parts. The trigger records what fired and, unless a test wants the limits left
// exactly as it set them by hand, passes it on to the real recalculator.

namespace {

using namespace licpool_components;

catalog attempt_catalog() {
    auto made = catalog::make("attempts", {kind_spec{"line", 0x821}, kind_spec{"asr", 0x822},
                                           kind_spec{"dialout", 0x823}.also_takes("line")});
    REQUIRE(made);
    return *made;
}

struct attempt_forwarding_log final : detail::recalculation_trigger {
    explicit attempt_forwarding_log(detail::recalculation_trigger* real) : forward{real} {}
    std::vector<std::pair<recalculation_cause, std::string>> fired;
    detail::recalculation_trigger* forward;
    void recalculate(recalculation_cause cause, std::string_view subject) override {
        fired.emplace_back(cause, std::string{subject});
        if (forward != nullptr) {
            forward->recalculate(cause, subject);
        }
    }
};

struct attempt_rig {
    explicit attempt_rig(catalog c, bool recalculating = true)
        : parts{std::move(c)}, log{recalculating ? &parts.recalc : nullptr} {}

    counted_parts parts;
    detail::take_ladder ladder{parts.kinds, parts.totals, parts.tree, parts.table};
    attempt_forwarding_log log;
    detail::attempt_protocol<reserved_dynamic_allocator<>> attempts{parts.tree, parts.table, ladder, log,
                                                                    parts.allocator, parts.events};

    std::uint32_t org() {
        auto o = parts.tree.find_or_create_organization("z", "o");
        REQUIRE(o);
        return *o;
    }
    job_id start(const std::string& name, int priority, std::uint32_t min, std::uint32_t max, allocation_mode mode,
                 std::vector<std::string> kinds, std::int64_t now = 0) {
        auto job = parts.table.start(job_spec{organization_id{org()}, priority, min, max, mode, std::move(kinds)}.named(name), now);
        REQUIRE(job);
        return *job;
    }
    kind_id kind(const std::string& name) const { return *parts.kinds.find(name); }
    std::uint32_t slot(job_id job, const std::string& kind_name) const {
        auto s = parts.table.find_slot(job, kind(kind_name));
        REQUIRE(s);
        return *s;
    }
    expected<lease> acquire(job_id job, const std::string& kind_name, std::int64_t now) {
        return attempts.acquire(job, slot(job, kind_name), kind(kind_name), now, detail::already_locked{});
    }
    std::size_t resource(std::uint32_t s) const { return parts.table.slots[s].resource; }
    bool hungry(std::uint32_t s) const {
        return parts.table.counters[s].hungry.load() || parts.tree.hungry[resource(s)].load();
    }
};

// What one slot's license is counted against, rung by rung.
struct attempt_rungs {
    std::uint32_t job;
    std::uint32_t organization;
    std::uint32_t zone;
    std::uint32_t system;
    friend bool operator==(const attempt_rungs& a, const attempt_rungs& b) {
        return a.job == b.job && a.organization == b.organization && a.zone == b.zone && a.system == b.system;
    }
    // So that a failed comparison shows the rungs, not "{?}".
    friend std::ostream& operator<<(std::ostream& out, const attempt_rungs& r) {
        return out << "{job " << r.job << ", organization " << r.organization << ", zone " << r.zone << ", system "
                   << r.system << "}";
    }
};

attempt_rungs attempt_used(const attempt_rig& rig, std::uint32_t s) {
    const auto& rec = rig.parts.table.slots[s];
    return {rig.parts.table.counters[s].usage.used(), rig.parts.tree.node_counters[rec.organization_counter].used(),
            rig.parts.tree.node_counters[rec.zone_counter].used(), rig.parts.totals.counters[rec.kind.value()].used()};
}

// Limits set by hand, as if a recalculation had published them (the trigger must not
// recalculate in tests that use this).
void attempt_set_limits(attempt_rig& rig, std::uint32_t s, std::uint32_t quota, std::uint32_t organization,
                        std::uint32_t zone, std::uint32_t system) {
    const auto& rec = rig.parts.table.slots[s];
    rig.parts.table.counters[s].usage.set_limit(quota);
    rig.parts.tree.node_counters[rec.organization_counter].set_limit(organization);
    rig.parts.tree.node_counters[rec.zone_counter].set_limit(zone);
    rig.parts.totals.counters[rec.kind.value()].set_limit(system);
}

constexpr std::int64_t attempt_second = 1000 * 1000 * 1000;
constexpr std::int64_t attempt_window = 60 * attempt_second;

} // namespace

TEST_CASE("attempt_protocol: every kind of an attempt is stamped, refused or not", "[components][attempt_protocol]") {
    attempt_rig rig{attempt_catalog()};
    const auto job = rig.start("j", 5, 0, 5, allocation_mode::reserved, {"dialout"}, 11);
    const auto dialout = rig.slot(job, "dialout");
    const auto line = rig.slot(job, "line");
    rig.parts.recalc.recalculate(recalculation_cause::job_started, "j");
    CHECK(rig.parts.table.counters[dialout].last_attempt.load() == 11); // the start is an attempt

    // Nothing is licensed: refused, and both the kind and the one it also takes are stamped.
    auto refused = rig.acquire(job, "dialout", 777);
    REQUIRE_FALSE(refused);
    CHECK(refused.error().code() == errc::entitlement);
    CHECK(rig.parts.table.counters[dialout].last_attempt.load() == 777);
    CHECK(rig.parts.table.counters[line].last_attempt.load() == 777);

    rig.parts.table.set_state(job.value(), job_state::paused);
    auto paused = rig.acquire(job, "line", 888);
    REQUIRE_FALSE(paused);
    CHECK(paused.error().code() == errc::not_running);
    CHECK(rig.parts.table.counters[line].last_attempt.load() == 888);
    CHECK(rig.parts.table.counters[dialout].last_attempt.load() == 777); // not named this time
    CHECK(rig.log.fired.empty());
}

TEST_CASE("attempt_protocol: not running and not operational refuse before anything else",
          "[components][attempt_protocol]") {
    SECTION("a paused job is refused not_running, takes nothing and is not hungry") {
        attempt_rig rig{attempt_catalog()};
        const auto job = rig.start("j", 5, 0, 5, allocation_mode::reserved, {"line"});
        rig.parts.entitle("line", 5);
        const auto s = rig.slot(job, "line");
        rig.parts.table.set_state(job.value(), job_state::paused);
        auto refused = rig.acquire(job, "line", 1);
        REQUIRE_FALSE(refused);
        CHECK(refused.error().code() == errc::not_running);
        CHECK(refused.error().subject() == "j");
        CHECK(attempt_used(rig, s) == attempt_rungs{0, 0, 0, 0});
        CHECK_FALSE(rig.hungry(s));
        CHECK(rig.log.fired.empty());
    }
    SECTION("without a required kind: not_operational, and an idle slot does not wake") {
        auto made = catalog::make("attempts-required", {kind_spec{"server", 0x831}.boolean().required(),
                                                        kind_spec{"line", 0x832}});
        REQUIRE(made);
        attempt_rig rig{*made};
        const auto job = rig.start("j", 5, 0, 5, allocation_mode::dynamic, {"line"});
        rig.parts.entitle("line", 5);
        const auto s = rig.slot(job, "line");
        CHECK(rig.attempts.turn_idle(attempt_window, attempt_window).empty());
        REQUIRE(rig.parts.table.counters[s].idle.load());
        const auto before = rig.log.fired.size();
        auto refused = rig.acquire(job, "line", attempt_window + 1);
        REQUIRE_FALSE(refused);
        CHECK(refused.error().code() == errc::not_operational);
        CHECK(refused.error().subject() == "server");
        CHECK(rig.parts.table.counters[s].idle.load());
        CHECK(rig.log.fired.size() == before);
        CHECK_FALSE(rig.hungry(s));
        CHECK(attempt_used(rig, s) == attempt_rungs{0, 0, 0, 0});
    }
}

TEST_CASE("attempt_protocol: trigger 4, an attempt naming idle slots wakes them with one recalculation",
          "[components][attempt_protocol]") {
    attempt_rig rig{attempt_catalog()};
    const auto job = rig.start("j", 5, 0, 4, allocation_mode::dynamic, {"line", "asr"});
    rig.parts.entitle("line", 4);
    rig.parts.entitle("asr", 4);
    const auto line = rig.slot(job, "line");
    const auto asr = rig.slot(job, "asr");
    CHECK(rig.attempts.turn_idle(attempt_window, attempt_window).empty());
    rig.parts.recalc.recalculate(recalculation_cause::idle_while_hungry, "j"); // idle quotas published
    REQUIRE(rig.parts.table.counters[line].usage.limit() == 0);
    REQUIRE(rig.parts.tree.idle_slots[rig.resource(line)].load() == 1);
    REQUIRE(rig.parts.tree.idle_slots[rig.resource(asr)].load() == 1);
    rig.log.fired.clear();

    const std::array<kind_id, 2> named{rig.kind("line"), rig.kind("asr")};
    const std::array<std::uint32_t, 2> slots{line, asr};
    auto call = rig.attempts.acquire_call(job, named.data(), slots.data(), 2, attempt_window + 5, detail::already_locked{});
    REQUIRE(call);
    CHECK(call->size() == 2);
    REQUIRE(rig.log.fired.size() == 1);
    CHECK(rig.log.fired[0].first == recalculation_cause::idle_job_attempt);
    CHECK(rig.log.fired[0].second == "j");
    CHECK_FALSE(rig.parts.table.counters[line].idle.load());
    CHECK_FALSE(rig.parts.table.counters[asr].idle.load());
    CHECK(rig.parts.tree.idle_slots[rig.resource(line)].load() == 0);
    CHECK(rig.parts.tree.idle_slots[rig.resource(asr)].load() == 0);
    CHECK(rig.parts.table.counters[line].usage.limit() == 4);

    SECTION("begin says whether trigger 5 may still fire: not after a wake") {
        std::array<std::uint32_t, 2> both{line, asr};
        auto active = rig.attempts.begin(job.value(), both.data(), 2, attempt_window + 6, detail::already_locked{}, refused_call::acquire);
        REQUIRE(active);
        CHECK(*active);
        CHECK(rig.attempts.turn_idle(3 * attempt_window, attempt_window).empty());
        auto woke = rig.attempts.begin(job.value(), both.data(), 2, 3 * attempt_window, detail::already_locked{}, refused_call::acquire);
        REQUIRE(woke);
        CHECK_FALSE(*woke);
        CHECK(rig.log.fired.size() == 2);
    }
}

TEST_CASE("attempt_protocol: trigger 4 for a kind that also takes another is still one recalculation",
          "[components][attempt_protocol]") {
    attempt_rig rig{attempt_catalog()};
    const auto job = rig.start("j", 5, 0, 4, allocation_mode::dynamic, {"dialout"});
    rig.parts.entitle("line", 4);
    rig.parts.entitle("dialout", 4);
    CHECK(rig.attempts.turn_idle(attempt_window, attempt_window).empty());
    REQUIRE(rig.parts.table.counters[rig.slot(job, "line")].idle.load());
    rig.log.fired.clear();
    auto taken = rig.acquire(job, "dialout", attempt_window + 1);
    REQUIRE(taken);
    CHECK(rig.log.fired.size() == 1);
    CHECK_FALSE(rig.parts.table.counters[rig.slot(job, "line")].idle.load());
    CHECK(attempt_used(rig, rig.slot(job, "line")).system == 1);
}

TEST_CASE("attempt_protocol: trigger 5, a quota refusal recalculates once when a donor exists",
          "[components][attempt_protocol]") {
    attempt_rig rig{attempt_catalog()};
    const auto donor = rig.start("donor", 5, 0, 10, allocation_mode::dynamic, {"line"});
    const auto taker = rig.start("taker", 5, 0, 20, allocation_mode::reserved, {"line"});
    rig.parts.entitle("line", 10);
    const auto taker_slot = rig.slot(taker, "line");
    const auto donor_slot = rig.slot(donor, "line");
    REQUIRE(rig.parts.table.counters[taker_slot].usage.limit() == 5);
    std::vector<lease> held;

    SECTION("with a donor: one recalculation, then the attempt succeeds") {
        CHECK(rig.attempts.turn_idle(attempt_window, attempt_window).empty()); // nobody hungry yet
        REQUIRE(rig.parts.table.counters[donor_slot].idle.load());
        CHECK(rig.attempts.donor_exists(rig.resource(donor_slot)));
        rig.log.fired.clear();
        for (int i = 0; i < 5; ++i) {
            auto l = rig.acquire(taker, "line", attempt_window + 1);
            REQUIRE(l);
            held.push_back(std::move(*l));
        }
        CHECK(rig.log.fired.empty());
        auto sixth = rig.acquire(taker, "line", attempt_window + 2);
        REQUIRE(sixth);
        held.push_back(std::move(*sixth));
        REQUIRE(rig.log.fired.size() == 1);
        CHECK(rig.log.fired[0].first == recalculation_cause::donor_available);
        CHECK(rig.log.fired[0].second == "taker");
        CHECK(rig.parts.table.counters[taker_slot].usage.limit() == 10);
        CHECK(rig.parts.table.counters[donor_slot].usage.limit() == 0);
        CHECK_FALSE(rig.attempts.donor_exists(rig.resource(donor_slot)));
        CHECK_FALSE(rig.hungry(taker_slot));
        for (int i = 0; i < 4; ++i) {
            auto l = rig.acquire(taker, "line", attempt_window + 3);
            REQUIRE(l);
            held.push_back(std::move(*l));
        }
        // The donor gave all it could: an idle job remains, but no donor, so no recalculation.
        auto refused = rig.acquire(taker, "line", attempt_window + 4);
        REQUIRE_FALSE(refused);
        CHECK(refused.error().code() == errc::job_quota);
        CHECK(rig.log.fired.size() == 1);
        CHECK(rig.hungry(taker_slot));
    }
    SECTION("without a donor: no recalculation, the refusal stands and marks hunger") {
        for (int i = 0; i < 5; ++i) {
            auto l = rig.acquire(taker, "line", 1);
            REQUIRE(l);
            held.push_back(std::move(*l));
        }
        rig.log.fired.clear();
        auto refused = rig.acquire(taker, "line", 2);
        REQUIRE_FALSE(refused);
        CHECK(refused.error().code() == errc::job_quota);
        CHECK(rig.log.fired.empty());
        CHECK(rig.parts.table.counters[taker_slot].hungry.load());
        CHECK(rig.parts.tree.hungry[rig.resource(taker_slot)].load());
    }
}

TEST_CASE("attempt_protocol: after a wake the same attempt does not fire trigger 5 too",
          "[components][attempt_protocol]") {
    // The trigger only records, so the donor stays a donor after the wake: only the rule
    // that a wake's recalculation already counted every donor keeps trigger 5 quiet.
    attempt_rig rig{attempt_catalog(), false};
    const auto donor = rig.start("donor", 5, 0, 10, allocation_mode::dynamic, {"line"});
    const auto taker = rig.start("taker", 5, 0, 10, allocation_mode::dynamic, {"line"});
    const auto donor_slot = rig.slot(donor, "line");
    const auto taker_slot = rig.slot(taker, "line");
    attempt_set_limits(rig, donor_slot, 5, 10, 10, 10);
    attempt_set_limits(rig, taker_slot, 0, 10, 10, 10);
    CHECK(rig.attempts.turn_idle(attempt_window, attempt_window).empty());
    REQUIRE(rig.attempts.donor_exists(rig.resource(donor_slot)));

    auto refused = rig.acquire(taker, "line", attempt_window + 1);
    REQUIRE_FALSE(refused);
    CHECK(refused.error().code() == errc::job_quota);
    REQUIRE(rig.log.fired.size() == 1);
    CHECK(rig.log.fired[0].first == recalculation_cause::idle_job_attempt);

    // The next attempt, by an active job, may fire trigger 5.
    auto again = rig.acquire(taker, "line", attempt_window + 2);
    REQUIRE_FALSE(again);
    REQUIRE(rig.log.fired.size() == 2);
    CHECK(rig.log.fired[1].first == recalculation_cause::donor_available);
}

TEST_CASE("attempt_protocol: the hungry mark follows the refusal's code", "[components][attempt_protocol]") {
    struct attempt_case {
        const char* name;
        std::uint32_t max, quota, organization, zone, system;
        errc code;
        bool hungry;
    };
    const attempt_case cases[] = {
        {"job_quota", 5, 0, 5, 5, 5, errc::job_quota, true},
        {"organization", 5, 5, 0, 5, 5, errc::organization, true},
        {"zone", 5, 5, 5, 0, 5, errc::zone, true},
        {"entitlement", 5, 5, 5, 5, 0, errc::entitlement, true},
        {"job_max", 0, 5, 5, 5, 5, errc::job_max, false},
    };
    for (const auto& c : cases) {
        CAPTURE(c.name);
        attempt_rig rig{attempt_catalog(), false};
        const auto job = rig.start("j", 5, 0, c.max, allocation_mode::reserved, {"line"});
        const auto s = rig.slot(job, "line");
        attempt_set_limits(rig, s, c.quota, c.organization, c.zone, c.system);
        auto refused = rig.acquire(job, "line", 1);
        REQUIRE_FALSE(refused);
        CHECK(refused.error().code() == c.code);
        CHECK(rig.parts.table.counters[s].hungry.load() == c.hungry);
        CHECK(rig.parts.tree.hungry[rig.resource(s)].load() == c.hungry);
        CHECK(attempt_used(rig, s) == attempt_rungs{0, 0, 0, 0});
        CHECK(rig.log.fired.empty());
    }
}

TEST_CASE("attempt_protocol: a call takes every kind or none", "[components][attempt_protocol]") {
    attempt_rig rig{attempt_catalog()};
    const auto job = rig.start("j", 5, 0, 5, allocation_mode::reserved, {"line", "asr", "dialout"});
    rig.parts.entitle("line", 5);
    const auto line = rig.slot(job, "line");
    const auto asr = rig.slot(job, "asr");
    const auto dialout = rig.slot(job, "dialout");
    const std::array<kind_id, 2> named{rig.kind("line"), rig.kind("asr")};
    const std::array<std::uint32_t, 2> slots{line, asr};

    auto refused = rig.attempts.acquire_call(job, named.data(), slots.data(), 2, 1, detail::already_locked{});
    REQUIRE_FALSE(refused);
    CHECK(refused.error().code() == errc::entitlement);
    CHECK(refused.error().subject() == "asr");
    CHECK(attempt_used(rig, line) == attempt_rungs{0, 0, 0, 0});
    CHECK(attempt_used(rig, asr) == attempt_rungs{0, 0, 0, 0});
    // Only the refused kind is hungry (trigger bookkeeping goes to that kind alone).
    CHECK(rig.parts.table.counters[asr].hungry.load());
    CHECK_FALSE(rig.parts.table.counters[line].hungry.load());
    CHECK(rig.parts.table.counters[line].last_attempt.load() == 1);

    rig.parts.entitle("asr", 5);
    {
        auto call = rig.attempts.acquire_call(job, named.data(), slots.data(), 2, 2, detail::already_locked{});
        REQUIRE(call);
        CHECK(call->size() == 2);
        CHECK(attempt_used(rig, line) == attempt_rungs{1, 1, 1, 1});
        CHECK(attempt_used(rig, asr) == attempt_rungs{1, 1, 1, 1});
        CHECK(call->release(rig.kind("asr")));
        CHECK(attempt_used(rig, asr) == attempt_rungs{0, 0, 0, 0});
        CHECK(attempt_used(rig, line) == attempt_rungs{1, 1, 1, 1});
    }
    CHECK(attempt_used(rig, line) == attempt_rungs{0, 0, 0, 0});

    SECTION("a kind that also takes another brings its own: two lines for dialout and line") {
        rig.parts.entitle("dialout", 5);
        const std::array<kind_id, 2> pair{rig.kind("dialout"), rig.kind("line")};
        const std::array<std::uint32_t, 2> pair_slots{dialout, line};
        auto call = rig.attempts.acquire_call(job, pair.data(), pair_slots.data(), 2, 3, detail::already_locked{});
        REQUIRE(call);
        CHECK(attempt_used(rig, line) == attempt_rungs{2, 2, 2, 2});
        CHECK(attempt_used(rig, dialout).system == 1);
    }
    SECTION("a refused second kind gives back the first kind's linked license too") {
        const std::array<kind_id, 2> pair{rig.kind("dialout"), rig.kind("asr")};
        const std::array<std::uint32_t, 2> pair_slots{dialout, asr};
        rig.parts.entitle("dialout", 5);
        rig.parts.entitle("asr", 0);
        auto call = rig.attempts.acquire_call(job, pair.data(), pair_slots.data(), 2, 4, detail::already_locked{});
        REQUIRE_FALSE(call);
        CHECK(call.error().subject() == "asr");
        CHECK(attempt_used(rig, line) == attempt_rungs{0, 0, 0, 0});
        CHECK(attempt_used(rig, dialout) == attempt_rungs{0, 0, 0, 0});
    }
}

TEST_CASE("attempt_protocol: turn_idle marks running dynamic jobs past the window, and names the first while hungry",
          "[components][attempt_protocol]") {
    attempt_rig rig{attempt_catalog()};
    const auto early = rig.start("early", 5, 0, 1, allocation_mode::dynamic, {"line"});
    const auto second = rig.start("second", 5, 0, 1, allocation_mode::dynamic, {"line"});
    const auto third = rig.start("third", 5, 0, 1, allocation_mode::dynamic, {"line"});
    const auto reserved = rig.start("reserved", 5, 0, 1, allocation_mode::reserved, {"line"});
    const auto paused = rig.start("paused", 5, 0, 1, allocation_mode::dynamic, {"line"});
    rig.parts.entitle("line", 10);
    rig.parts.table.set_state(paused.value(), job_state::paused);
    const auto r = rig.resource(rig.slot(early, "line"));
    std::vector<lease> held;
    for (const auto job : {second, third}) {
        auto l = rig.acquire(job, "line", 30 * attempt_second);
        REQUIRE(l);
        held.push_back(std::move(*l));
    }
    REQUIRE_FALSE(rig.parts.tree.hungry[r].load());

    CHECK(rig.attempts.turn_idle(attempt_window, attempt_window).empty());
    CHECK(rig.parts.table.counters[rig.slot(early, "line")].idle.load());
    CHECK_FALSE(rig.parts.table.counters[rig.slot(second, "line")].idle.load());
    CHECK_FALSE(rig.parts.table.counters[rig.slot(reserved, "line")].idle.load());
    CHECK_FALSE(rig.parts.table.counters[rig.slot(paused, "line")].idle.load());
    CHECK(rig.parts.tree.idle_slots[r].load() == 1);

    // Some job was refused meanwhile.
    rig.parts.tree.hungry[r].store(true);
    CHECK(rig.attempts.turn_idle(89 * attempt_second, attempt_window).empty()); // 59 s: not yet
    CHECK(rig.attempts.turn_idle(90 * attempt_second, attempt_window) == "second");
    CHECK(rig.parts.table.counters[rig.slot(second, "line")].idle.load());
    CHECK(rig.parts.table.counters[rig.slot(third, "line")].idle.load());
    CHECK_FALSE(rig.parts.table.counters[rig.slot(reserved, "line")].idle.load());
    CHECK_FALSE(rig.parts.table.counters[rig.slot(paused, "line")].idle.load());
    CHECK(rig.parts.tree.idle_slots[r].load() == 3);
    // Already idle: nobody turns idle twice.
    CHECK(rig.attempts.turn_idle(500 * attempt_second, attempt_window).empty());
    CHECK(rig.parts.tree.idle_slots[r].load() == 3);
}

TEST_CASE("take_ladder: a refused take gives back every rung it took", "[components][attempt_protocol][take_ladder]") {
    attempt_rig rig{attempt_catalog(), false};
    const auto job = rig.start("j", 5, 0, 10, allocation_mode::reserved, {"dialout"});
    const auto dialout = rig.slot(job, "dialout");
    const auto line = rig.slot(job, "line");
    const kind_id dialout_kind = rig.kind("dialout");
    const kind_id line_kind = rig.kind("line");
    attempt_set_limits(rig, dialout, 5, 5, 5, 5);
    attempt_set_limits(rig, line, 5, 5, 5, 5);
    detail::refusal why{};
    // One license held, so that "given back" is not just "never was".
    REQUIRE(rig.ladder.try_take(dialout, dialout_kind, why));
    const attempt_rungs one{1, 1, 1, 1};

    SECTION("refused at each level in turn") {
        struct ladder_case {
            const char* name;
            std::uint32_t quota, organization, zone, system;
            errc code;
        };
        const ladder_case cases[] = {
            {"job", 1, 5, 5, 5, errc::job_quota},
            {"organization", 5, 1, 5, 5, errc::organization},
            {"zone", 5, 5, 1, 5, errc::zone},
            {"system", 5, 5, 5, 1, errc::entitlement},
        };
        for (const auto& c : cases) {
            CAPTURE(c.name);
            attempt_set_limits(rig, dialout, c.quota, c.organization, c.zone, c.system);
            CHECK_FALSE(rig.ladder.try_take(dialout, dialout_kind, why));
            CHECK(why.code == c.code);
            CHECK(why.used == 1);
            CHECK(why.limit == 1);
            CHECK(attempt_used(rig, dialout) == one);
        }
    }
    SECTION("the linked kind refused: the first kind goes back too") {
        attempt_set_limits(rig, line, 5, 5, 5, 0);
        std::uint32_t refused = detail::no_index;
        CHECK_FALSE(rig.ladder.take_linked(dialout, dialout_kind, why, refused));
        CHECK(refused == line);
        CHECK(why.code == errc::entitlement);
        CHECK(attempt_used(rig, dialout) == one);
        CHECK(attempt_used(rig, line) == attempt_rungs{0, 0, 0, 0});
    }
    SECTION("both taken, and release_license gives both back") {
        std::uint32_t refused = 0;
        REQUIRE(rig.ladder.take_linked(dialout, dialout_kind, why, refused));
        CHECK(attempt_used(rig, dialout) == attempt_rungs{2, 2, 2, 2});
        CHECK(attempt_used(rig, line) == one);
        rig.ladder.release_license(dialout, dialout_kind);
        CHECK(attempt_used(rig, dialout) == one);
        CHECK(attempt_used(rig, line) == attempt_rungs{0, 0, 0, 0});
    }
    SECTION("a quota of 0 names the highest level with nothing to give") {
        attempt_set_limits(rig, line, 0, 5, 5, 0);
        CHECK_FALSE(rig.ladder.try_take(line, line_kind, why));
        CHECK(why.code == errc::entitlement);
        CHECK(why.limit == 0);
        attempt_set_limits(rig, line, 0, 5, 0, 5);
        CHECK_FALSE(rig.ladder.try_take(line, line_kind, why));
        CHECK(why.code == errc::zone);
        attempt_set_limits(rig, line, 0, 0, 5, 5);
        CHECK_FALSE(rig.ladder.try_take(line, line_kind, why));
        CHECK(why.code == errc::organization);
        attempt_set_limits(rig, line, 0, 5, 5, 5);
        CHECK_FALSE(rig.ladder.try_take(line, line_kind, why));
        CHECK(why.code == errc::job_quota);
        CHECK(attempt_used(rig, line) == attempt_rungs{0, 0, 0, 0});
    }
}
