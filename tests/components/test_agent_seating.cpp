// licpool: license pools for PBX, dialer and contact-center software.
// Distributed under the Boost Software License, Version 1.0.

#include "components/component_fixture.hpp"
#include "licpool_catch.hpp"

#include <chrono>
#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

using namespace licpool_components;

namespace {

using seat_attempts = detail::attempt_protocol<reserved_dynamic_allocator<>>;
using seat_seating = detail::agent_seating<tier_hierarchy, seat_attempts>;

constexpr std::int64_t seat_idle_window = std::chrono::nanoseconds{std::chrono::seconds{60}}.count();

// What agent_seating stands on, built as pool_parts builds it, with the real recalculator
// (quotas and DESIGN 4.5's moves down a tier need it) and the events it queues recorded.
struct seat_parts {
    seat_parts() {
        counted.recalc.on_published = [this] { seating.move_agents_down(); };
        counted.events.observe(pool_observer{[this](const recalculation_event& e) { recalculated.push_back(e); },
                                             [this](const tier_move_event& e) { moved.push_back(e); }});
    }

    kind_id kind(const std::string& name) const { return *counted.kinds.find(name); }

    // The seats of each tier and the telephony ports, as keys would grant them; a tier
    // given 0 is left as it is (each grant is a recalculation of its own).
    void entitle_seats(std::uint32_t manual, std::uint32_t preview, std::uint32_t predictive, std::uint32_t ports) {
        const std::pair<const char*, std::uint32_t> grants[] = {
            {"manual_agent", manual}, {"preview_agent", preview}, {"predictive_agent", predictive}, {"telephony_port", ports}};
        for (const auto& [kind_name, count] : grants) {
            if (count > 0) {
                counted.entitle(kind_name, count);
            }
        }
    }

    job_id campaign(const std::string& name, const std::string& seat, std::uint32_t max, int priority = 1,
                    allocation_mode mode = allocation_mode::reserved,
                    std::optional<std::uint32_t> organization = std::nullopt) {
        auto spec = organization ? job_spec{organization_id{*organization}, priority, 0, max, mode, {}}
                                 : job_spec{priority, 0, max, mode, {}};
        auto job = counted.table.start(spec.named(name).agents(seat), 0);
        REQUIRE(job);
        counted.recalc.recalculate(recalculation_cause::job_started, name);
        return *job;
    }

    std::uint32_t slot(job_id job, const std::string& kind_name) const {
        auto s = counted.table.find_slot(job, kind(kind_name));
        REQUIRE(s);
        return *s;
    }

    // In use at the job, its organization and its zone, for the job's slot of `kind_name`.
    std::vector<std::uint32_t> levels(job_id job, const std::string& kind_name) const {
        const std::uint32_t s = slot(job, kind_name);
        const auto& rec = counted.table.slots[s];
        return {counted.table.counters[s].usage.used(), counted.tree.node_counters[rec.organization_counter].used(),
                counted.tree.node_counters[rec.zone_counter].used()};
    }

    std::uint32_t quota(job_id job, const std::string& kind_name) const {
        return counted.table.counters[slot(job, kind_name)].usage.limit();
    }

    std::uint32_t organization_share(job_id job, const std::string& kind_name) const {
        return counted.tree.node_counters[counted.table.slots[slot(job, kind_name)].organization_counter].limit();
    }

    std::uint32_t system(const std::string& kind_name) const {
        return counted.totals.counters[kind(kind_name).value()].used();
    }

    std::uint32_t agents_of(job_id job) const { return counted.table.jobs[job.value()].agents; }

    bool hungry(job_id job, const std::string& kind_name) const {
        return counted.table.counters[slot(job, kind_name)].hungry.load();
    }

    void deliver() { counted.events.deliver(delivery); }

    counted_parts counted{presets::contact_center()};
    detail::take_ladder ladder{counted.kinds, counted.totals, counted.tree, counted.table};
    seat_attempts attempts{counted.tree, counted.table, ladder, counted.recalc, counted.allocator, counted.events};
    seat_seating seating{counted.kinds, counted.totals, counted.tree, counted.table, ladder, attempts, counted.events};
    std::mutex delivery;
    std::vector<recalculation_event> recalculated;
    std::vector<tier_move_event> moved;
};

using seat_usage = std::vector<std::uint32_t>;

} // namespace

TEST_CASE("agent_seating: attach takes the lowest adequate free tier and a nail-up port, detach gives both back",
          "[components][agent_seating]") {
    seat_parts p;
    p.entitle_seats(2, 1, 2, 100);
    const job_id preview = p.campaign("preview", "preview_agent", 10);

    CHECK(p.seating.attach(preview, agent_id{1}, 1) == p.kind("preview_agent"));
    // Manual seats are lower, but cannot serve a preview campaign.
    CHECK(p.seating.attach(preview, agent_id{2}, 2) == p.kind("predictive_agent"));
    CHECK(p.system("preview_agent") == 1);
    CHECK(p.system("predictive_agent") == 1);
    CHECK(p.system("manual_agent") == 0);
    CHECK(p.system("telephony_port") == 2);
    CHECK(p.levels(preview, "preview_agent") == seat_usage{2, 2, 2});
    CHECK(p.levels(preview, "telephony_port") == seat_usage{2, 2, 2});
    CHECK(p.agents_of(preview) == 2);
    const auto record = p.seating.find(agent_id{2});
    REQUIRE(record);
    CHECK(record->seat == p.kind("predictive_agent"));
    CHECK(record->port == p.kind("telephony_port"));
    CHECK(record->port_slot == p.slot(preview, "telephony_port"));
    // The attach was an attempt for both kinds it took (DESIGN 4.3).
    CHECK(p.counted.table.counters[p.slot(preview, "preview_agent")].last_attempt.load() == 2);
    CHECK(p.counted.table.counters[p.slot(preview, "telephony_port")].last_attempt.load() == 2);

    const auto twice = p.seating.attach(preview, agent_id{1}, 3);
    REQUIRE_FALSE(twice);
    CHECK(twice.error().code() == errc::agent_attached);
    CHECK(p.system("telephony_port") == 2);

    REQUIRE(p.seating.detach(agent_id{2}));
    CHECK(p.system("predictive_agent") == 0);
    CHECK(p.system("preview_agent") == 1);
    CHECK(p.system("telephony_port") == 1);
    CHECK(p.levels(preview, "preview_agent") == seat_usage{1, 1, 1});
    CHECK(p.levels(preview, "telephony_port") == seat_usage{1, 1, 1});
    CHECK(p.agents_of(preview) == 1);
    CHECK(p.seating.find(agent_id{2}).error().code() == errc::unknown_agent);
    CHECK(p.seating.detach(agent_id{2}).error().code() == errc::unknown_agent);

    REQUIRE(p.seating.detach(agent_id{1}));
    CHECK(p.system("preview_agent") == 0);
    CHECK(p.system("telephony_port") == 0);
    CHECK(p.levels(preview, "preview_agent") == seat_usage{0, 0, 0});
    CHECK(p.levels(preview, "telephony_port") == seat_usage{0, 0, 0});
    CHECK(p.agents_of(preview) == 0);
}

TEST_CASE("agent_seating: a refused attach changes nothing", "[components][agent_seating]") {
    seat_parts p;

    SECTION("no seat") {
        p.entitle_seats(0, 1, 0, 100);
        const job_id preview = p.campaign("preview", "preview_agent", 10);
        REQUIRE(p.seating.attach(preview, agent_id{1}, 0));
        const auto refused = p.seating.attach(preview, agent_id{2}, 0);
        REQUIRE_FALSE(refused);
        CHECK(refused.error().code() == errc::job_quota);
        CHECK(p.system("preview_agent") == 1);
        CHECK(p.system("telephony_port") == 1);
        CHECK(p.levels(preview, "preview_agent") == seat_usage{1, 1, 1});
        CHECK(p.levels(preview, "telephony_port") == seat_usage{1, 1, 1});
        CHECK(p.agents_of(preview) == 1);
        CHECK(p.seating.find(agent_id{2}).error().code() == errc::unknown_agent);
        CHECK(p.hungry(preview, "preview_agent"));
    }
    SECTION("a seat but no port: the seat taken goes back") {
        p.entitle_seats(0, 2, 0, 1);
        const job_id preview = p.campaign("preview", "preview_agent", 10);
        REQUIRE(p.seating.attach(preview, agent_id{1}, 0));
        const auto refused = p.seating.attach(preview, agent_id{2}, 0);
        REQUIRE_FALSE(refused);
        CHECK(refused.error().code() == errc::job_quota);
        CHECK(refused.error().context() == "telephony_port");
        CHECK(p.system("preview_agent") == 1);
        CHECK(p.system("telephony_port") == 1);
        CHECK(p.levels(preview, "preview_agent") == seat_usage{1, 1, 1});
        CHECK(p.levels(preview, "telephony_port") == seat_usage{1, 1, 1});
        CHECK(p.agents_of(preview) == 1);
        CHECK(p.seating.find(agent_id{2}).error().code() == errc::unknown_agent);
        CHECK(p.hungry(preview, "telephony_port"));
    }
    SECTION("a job that is not agent-based") {
        p.counted.entitle("asr", 5);
        auto plain = p.counted.table.start(job_spec{1, 0, 5, allocation_mode::reserved, {"asr"}}.named("asr"), 0);
        REQUIRE(plain);
        CHECK(p.seating.attach(*plain, agent_id{1}, 0).error().code() == errc::seat_kind);
        CHECK(p.seating.find(agent_id{1}).error().code() == errc::unknown_agent);
    }
}

TEST_CASE("agent_seating: a move inside an organization does not count the organization twice",
          "[components][agent_seating]") {
    seat_parts p;
    p.entitle_seats(0, 4, 0, 100);
    const auto org = p.counted.tree.find_or_create_organization("east", "sales");
    REQUIRE(org);
    // The organization may have 1 seat: once its one agent is seated, its share is full. A
    // tier group's max is the sum of its tiers' (DESIGN 4.5), so every tier is given one.
    p.counted.tree.apply_settings(*org, {detail::checked_setting{p.kind("manual_agent"), limits{0, 0, 1}},
                                         detail::checked_setting{p.kind("preview_agent"), limits{0, 1, 1}},
                                         detail::checked_setting{p.kind("predictive_agent"), limits{0, 0, 1}}});
    const job_id from = p.campaign("from", "preview_agent", 10, 1, allocation_mode::reserved, *org);
    REQUIRE(p.seating.attach(from, agent_id{1}, 0) == p.kind("preview_agent"));
    const job_id to = p.campaign("to", "preview_agent", 10, 10, allocation_mode::reserved, *org);
    REQUIRE(p.quota(to, "preview_agent") == 1);
    REQUIRE(p.levels(from, "preview_agent") == seat_usage{1, 1, 1});
    REQUIRE(p.organization_share(from, "preview_agent") == 1);

    // The move takes the job rung at `to` only: its organization and zone are the same.
    REQUIRE(p.seating.move(agent_id{1}, to, 5) == p.kind("preview_agent"));
    CHECK(p.levels(from, "preview_agent") == seat_usage{0, 1, 1});
    CHECK(p.levels(to, "preview_agent") == seat_usage{1, 1, 1});
    CHECK(p.levels(from, "telephony_port") == seat_usage{0, 1, 1});
    CHECK(p.levels(to, "telephony_port") == seat_usage{1, 1, 1});
    CHECK(p.system("preview_agent") == 1);
    CHECK(p.system("telephony_port") == 1);
    CHECK(p.agents_of(from) == 0);
    CHECK(p.agents_of(to) == 1);
    const auto record = p.seating.find(agent_id{1});
    REQUIRE(record);
    CHECK(record->job == to.value());
    CHECK(record->seat_slot == p.slot(to, "preview_agent"));
    CHECK(record->port_slot == p.slot(to, "telephony_port"));

    // A move to the job the agent is at is no move.
    CHECK(p.seating.move(agent_id{1}, to, 6) == p.kind("preview_agent"));
    CHECK(p.levels(to, "preview_agent") == seat_usage{1, 1, 1});
    CHECK(p.seating.move(agent_id{9}, to, 6).error().code() == errc::unknown_agent);
}

TEST_CASE("agent_seating: a move re-resolves the seat only when the new campaign needs a higher tier",
          "[components][agent_seating]") {
    seat_parts p;
    p.entitle_seats(2, 0, 2, 100);
    const job_id manual = p.campaign("manual", "manual_agent", 10);
    const job_id predictive = p.campaign("predictive", "predictive_agent", 10);
    const job_id manual2 = p.campaign("manual2", "manual_agent", 10);
    REQUIRE(p.seating.attach(manual, agent_id{1}, 0) == p.kind("manual_agent"));

    REQUIRE(p.seating.move(agent_id{1}, predictive, 1) == p.kind("predictive_agent"));
    CHECK(p.system("manual_agent") == 0);
    CHECK(p.system("predictive_agent") == 1);
    CHECK(p.system("telephony_port") == 1);
    CHECK(p.seating.find(agent_id{1})->seat == p.kind("predictive_agent"));
    CHECK(p.levels(manual, "manual_agent") == seat_usage{0, 1, 1}); // one org, one zone
    CHECK(p.levels(predictive, "predictive_agent") == seat_usage{1, 1, 1});

    // A predictive seat serves a manual campaign: the move keeps it (until a recalculation
    // moves the agent down, DESIGN 4.5).
    REQUIRE(p.seating.move(agent_id{1}, manual2, 2) == p.kind("predictive_agent"));
    CHECK(p.system("manual_agent") == 0);
    CHECK(p.system("predictive_agent") == 1);
    CHECK(p.levels(manual2, "manual_agent") == seat_usage{1, 1, 1});
    CHECK(p.levels(predictive, "predictive_agent") == seat_usage{0, 1, 1});
}

TEST_CASE("agent_seating: a refused move leaves the agent where it was, marks the target hungry, after trigger 5",
          "[components][agent_seating]") {
    seat_parts p;
    p.entitle_seats(0, 2, 0, 100);
    const job_id source = p.campaign("source", "preview_agent", 2, 10);
    const job_id donor = p.campaign("donor", "preview_agent", 10, 5, allocation_mode::dynamic);
    const job_id target = p.campaign("target", "preview_agent", 10, 1);
    REQUIRE(p.quota(source, "preview_agent") == 1);
    REQUIRE(p.quota(donor, "preview_agent") == 1);
    REQUIRE(p.quota(target, "preview_agent") == 0);
    REQUIRE(p.seating.attach(source, agent_id{1}, 0) == p.kind("preview_agent"));
    // The dynamic job has had no attempt for the idle window: it turns idle, a donor.
    CHECK(p.attempts.turn_idle(seat_idle_window, seat_idle_window).empty());
    REQUIRE(p.counted.table.counters[p.slot(donor, "preview_agent")].idle.load());
    p.deliver();
    p.recalculated.clear();

    const auto refused = p.seating.move(agent_id{1}, target, seat_idle_window + 1);
    REQUIRE_FALSE(refused);
    CHECK(refused.error().code() == errc::job_quota);
    // Trigger 5 fired once, and its recalculation gave the target nothing: the source, by
    // priority, gets the donated seat.
    p.deliver();
    REQUIRE(p.recalculated.size() == 1);
    CHECK(p.recalculated[0].cause == recalculation_cause::donor_available);
    CHECK(p.recalculated[0].subject == "target");
    CHECK(p.quota(source, "preview_agent") == 2);
    CHECK(p.quota(target, "preview_agent") == 0);
    // The hungry mark comes after that recalculation, which cleared the marks.
    CHECK(p.hungry(target, "preview_agent"));
    CHECK(p.counted.tree.hungry[p.counted.tree.resource_of[p.kind("preview_agent").value()]].load());
    // Nothing moved.
    const auto record = p.seating.find(agent_id{1});
    REQUIRE(record);
    CHECK(record->job == source.value());
    CHECK(record->seat == p.kind("preview_agent"));
    CHECK(p.levels(source, "preview_agent") == seat_usage{1, 1, 1});
    CHECK(p.levels(target, "preview_agent") == seat_usage{0, 1, 1});
    CHECK(p.levels(source, "telephony_port") == seat_usage{1, 1, 1});
    CHECK(p.levels(target, "telephony_port") == seat_usage{0, 1, 1});
    CHECK(p.system("preview_agent") == 1);
    CHECK(p.system("telephony_port") == 1);
    CHECK(p.agents_of(source) == 1);
    CHECK(p.agents_of(target) == 0);
    // The move was an attempt at the target for both kinds (DESIGN 4.3).
    CHECK(p.counted.table.counters[p.slot(target, "preview_agent")].last_attempt.load() == seat_idle_window + 1);
    CHECK(p.counted.table.counters[p.slot(target, "telephony_port")].last_attempt.load() == seat_idle_window + 1);
}

TEST_CASE("agent_seating: a refused move with no donor recalculates nothing", "[components][agent_seating]") {
    seat_parts p;
    p.entitle_seats(0, 1, 0, 100);
    const job_id source = p.campaign("source", "preview_agent", 10, 10);
    const job_id target = p.campaign("target", "preview_agent", 10, 1);
    REQUIRE(p.quota(target, "preview_agent") == 0);
    REQUIRE(p.seating.attach(source, agent_id{1}, 0));
    p.deliver();
    p.recalculated.clear();

    CHECK(p.seating.move(agent_id{1}, target, 1).error().code() == errc::job_quota);
    p.deliver();
    CHECK(p.recalculated.empty());
    CHECK(p.hungry(target, "preview_agent"));
    CHECK(p.seating.find(agent_id{1})->job == source.value());
    CHECK(p.levels(source, "preview_agent") == seat_usage{1, 1, 1});
}

TEST_CASE("agent_seating: let_go_of releases every agent of a job, in id order", "[components][agent_seating]") {
    seat_parts p;
    p.entitle_seats(10, 0, 0, 100);
    const job_id snoozing = p.campaign("snoozing", "manual_agent", 5);
    const job_id staying = p.campaign("staying", "manual_agent", 5);
    for (const std::uint32_t a : {30u, 10u, 20u}) {
        REQUIRE(p.seating.attach(snoozing, agent_id{a}, 0));
    }
    REQUIRE(p.seating.attach(staying, agent_id{15}, 0));

    CHECK(p.seating.let_go_of(snoozing.value()) == std::vector<agent_id>{agent_id{10}, agent_id{20}, agent_id{30}});
    CHECK(p.agents_of(snoozing) == 0);
    CHECK(p.levels(snoozing, "manual_agent") == seat_usage{0, 1, 1});
    CHECK(p.levels(snoozing, "telephony_port") == seat_usage{0, 1, 1});
    CHECK(p.system("manual_agent") == 1);
    CHECK(p.system("telephony_port") == 1);
    CHECK(p.seating.find(agent_id{10}).error().code() == errc::unknown_agent);
    CHECK(p.seating.find(agent_id{15})->job == staying.value());
    CHECK(p.agents_of(staying) == 1);
    CHECK(p.seating.let_go_of(snoozing.value()).empty());
}

TEST_CASE("agent_seating: move_agents_down moves an agent to a free lower adequate tier and says so",
          "[components][agent_seating]") {
    seat_parts p;
    p.entitle_seats(1, 1, 1, 100);
    const job_id manual = p.campaign("manual", "manual_agent", 10);
    REQUIRE(p.seating.attach(manual, agent_id{1}, 0) == p.kind("manual_agent"));
    REQUIRE(p.seating.attach(manual, agent_id{2}, 0) == p.kind("preview_agent"));
    REQUIRE(p.seating.attach(manual, agent_id{3}, 0) == p.kind("predictive_agent"));
    p.deliver();
    REQUIRE(p.moved.empty());

    // Nothing lower is free: nobody moves.
    p.seating.move_agents_down();
    p.deliver();
    CHECK(p.moved.empty());

    // A manual seat comes free: agent 2 (first in id order) takes it, and its preview seat is
    // then the lowest free one for agent 3.
    REQUIRE(p.seating.detach(agent_id{1}));
    p.seating.move_agents_down();
    p.deliver();
    REQUIRE(p.moved.size() == 2);
    CHECK(p.moved[0].agent == agent_id{2});
    CHECK(p.moved[0].job == manual);
    CHECK(p.moved[0].job_name == "manual");
    CHECK(p.moved[0].from == p.kind("preview_agent"));
    CHECK(p.moved[0].to == p.kind("manual_agent"));
    CHECK(p.moved[1].agent == agent_id{3});
    CHECK(p.moved[1].from == p.kind("predictive_agent"));
    CHECK(p.moved[1].to == p.kind("preview_agent"));
    CHECK(p.seating.find(agent_id{2})->seat == p.kind("manual_agent"));
    CHECK(p.seating.find(agent_id{3})->seat == p.kind("preview_agent"));
    CHECK(p.system("manual_agent") == 1);
    CHECK(p.system("preview_agent") == 1);
    CHECK(p.system("predictive_agent") == 0);
    // The job's seat slot counts agents, whatever their tier.
    CHECK(p.levels(manual, "manual_agent") == seat_usage{2, 2, 2});
}

TEST_CASE("agent_seating: a recalculation moves agents down (on_published, as pool_parts wires it)",
          "[components][agent_seating]") {
    seat_parts p;
    p.entitle_seats(1, 0, 1, 100);
    const job_id manual = p.campaign("manual", "manual_agent", 10);
    REQUIRE(p.seating.attach(manual, agent_id{1}, 0) == p.kind("manual_agent"));
    REQUIRE(p.seating.attach(manual, agent_id{2}, 0) == p.kind("predictive_agent"));
    REQUIRE(p.seating.detach(agent_id{1}));
    p.deliver();
    REQUIRE(p.moved.empty());

    p.counted.recalc.recalculate(recalculation_cause::job_settings, "manual");
    p.deliver();
    REQUIRE(p.moved.size() == 1);
    CHECK(p.moved[0].agent == agent_id{2});
    CHECK(p.seating.find(agent_id{2})->seat == p.kind("manual_agent"));
    CHECK(p.system("predictive_agent") == 0);
}
