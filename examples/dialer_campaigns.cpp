// dialer_campaigns: an outbound dialer sharing its licenses among campaigns for one hour.
//
// What it shows (DESIGN 4, from the POM seeds):
//  - the entitlement as a license server reports it (report_poll), two zones and their
//    organizations with settings (DESIGN 4, 4.2);
//  - agentless jobs on outbound ports, one reserved and one dynamic (DESIGN 4.1, 4.2); each
//    outbound call holds a telephony port too (DESIGN 2, "also takes"), so the jobs show a
//    telephony_port quota next to their outbound_port one;
//  - agent-based jobs: agents attached to a preview and a manual campaign on the lowest
//    adequate seat tier, an agent moved, a campaign snoozed and woken (DESIGN 4.5);
//  - the dynamic job going idle while the reserved one is hungry and donating to it
//    (triggers 3 and 5), then dialing again and taking its quota back as calls end
//    (trigger 4) (DESIGN 4.3);
//  - each allocation change as it happens (a pool_observer), explain() at key moments, and
//    a summary at the end: calls per job, final quotas and an audit (DESIGN 6).
// Time is a manual_clock moved 10 s at a time, so every run prints the same thing.
#include <licpool/licpool.hpp>

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <iomanip>
#include <iostream>
#include <map>
#include <string>
#include <vector>

namespace {

// This dialer calls the pool from one thread, so the single-threaded pool will do (no mutex).
using dialer_pool = licpool::license_pool_st<licpool::manual_clock>;

std::string at(std::int64_t seconds) {
    char text[40]; // room for any int GCC can see in each field, so -O3 sees no truncation
    std::snprintf(text, sizeof text, "%02d:%02d:%02d", static_cast<int>(seconds / 3600),
                  static_cast<int>(seconds / 60 % 60), static_cast<int>(seconds % 60));
    return text;
}

std::int64_t now(const dialer_pool& pool) {
    return std::chrono::duration_cast<std::chrono::seconds>(pool.clock().elapsed()).count();
}

// A campaign as the dialer runs it. An agentless job keeps up to `pacing` calls on outbound
// ports; an agent-based job keeps one customer call per attached agent on telephony ports.
struct campaign {
    licpool::job_id id;
    std::string name;
    std::string kind; // outbound_port, or the campaign's seat kind
    std::uint32_t pacing = 0;
    struct call {
        licpool::lease port; // gives the port back when the call ends
        std::int64_t ends;
    };
    std::vector<call> calls;
    std::uint32_t placed = 0;
    std::uint32_t refused = 0;

    bool agent_based() const { return kind != "outbound_port"; }
};

void hang_up_ended(campaign& c, std::int64_t t) {
    for (auto it = c.calls.begin(); it != c.calls.end();) {
        it = it->ends <= t ? c.calls.erase(it) : it + 1;
    }
}

// Places calls until the campaign's target is reached or one attempt is refused: the dialer
// tries again on its next pass, as a real one does.
void dial(dialer_pool& pool, campaign& c, std::int64_t t, std::uint32_t& call_number) {
    if (pool.state_of(c.id).value_or(licpool::job_state::stopped) != licpool::job_state::running) {
        return;
    }
    const std::uint32_t target = c.agent_based() ? pool.job_usage(c.id, c.kind)->in_use : c.pacing;
    while (c.calls.size() < target) {
        auto port = c.agent_based() ? pool.dial_out(c.id) : pool.acquire(c.id, c.kind);
        if (!port) {
            ++c.refused;
            return;
        }
        if (c.agent_based()) {
            // DESIGN 4.5: a third port bridges the agent's nailed-up call to the customer,
            // and goes back as soon as the bridge is made.
            auto bridge = pool.bridge(c.id);
            if (!bridge) {
                ++c.refused;
                return; // the customer's port goes back with `port`
            }
            bridge->release();
        }
        ++c.placed;
        ++call_number;
        c.calls.push_back({std::move(*port), t + 30 + call_number * 37 % 150}); // 30 s to 3 min
    }
}

void explain(const dialer_pool& pool, const campaign& c) {
    std::cout << "          explain: " << pool.explain(c.id, c.kind)->summary() << '\n';
}

} // namespace

int main() {
    // With a license server there are no keys, but the pool still wants the vendor secret
    // (it authenticates the pool's snapshots, DESIGN 7).
    auto secret = licpool::vendor_secret::make("demo vendor secret: do not ship me");
    if (!secret) {
        std::cerr << secret.error() << '\n';
        return 1;
    }
    dialer_pool pool{licpool::presets::contact_center(), licpool::serial_number{"EP-DEMO-01"}, *secret,
                     licpool::pool_options{licpool::entitlement_source::license_server},
                     licpool::manual_clock{licpool::date::from_ymd(2026, 3, 2)}};

    // The dialer's event loop ticks the pool every 10 simulated seconds (a live host would
    // call `ticker.start()` or tick from its own timer about once a second).
    licpool::ticker ticker{pool, std::chrono::seconds{10}};

    // Every recalculation is printed as it happens, with the quotas it changed. The pool calls
    // these with no lock held, so they could call back into it.
    std::map<licpool::recalculation_cause, int> causes;
    std::vector<licpool::tier_move_event> moves;
    const auto on_recalculated = [&](const licpool::recalculation_event& e) {
        ++causes[e.cause];
        if (e.changes.empty()) {
            return; // settings made before any job starts change no quota
        }
        std::cout << at(now(pool)) << "  recalculated: " << licpool::to_string(e.cause) << " (" << e.subject << ")\n";
        for (const auto& change : e.changes) {
            std::cout << "            " << change.job_name << ' ' << change.kind_name << " quota " << change.before
                      << " -> " << change.after << '\n';
        }
    };
    const auto on_tier_moved = [&](const licpool::tier_move_event& e) {
        moves.push_back(e);
        std::cout << at(now(pool)) << "  agent " << e.agent.value() << " of " << e.job_name << " moves down from a "
                  << pool.kinds()[e.from].name << " seat to a " << pool.kinds()[e.to].name << " seat\n";
    };
    pool.observe(licpool::pool_observer{on_recalculated, on_tier_moved});

    // The license server's answer: what this dialer may use in all.
    if (!pool.report_poll({{"telephony_port", 60},
                           {"outbound_port", 30},
                           {"manual_agent", 2},
                           {"preview_agent", 2},
                           {"predictive_agent", 2},
                           {"asr", 2},
                           {"tts", 2},
                           {"sms", 50}})) {
        return 1;
    }
    // East runs the agentless notifications; west keeps 4 outbound ports guaranteed for its
    // own (not started yet): a zone's min is never lent, so it is there when it is needed.
    using licpool::limits;
    const bool settings = pool.set_zone("east", {{"outbound_port", limits{}.with_min(10).with_max(30)}}) &&
                          pool.set_zone("west", {{"outbound_port", limits{}.with_min(4).with_max(10)}});
    const auto acme = pool.set_organization("east", "acme", {{"outbound_port", limits{}.with_min(6).with_max(30)}});
    const auto globex = pool.set_organization("west", "globex", {{"telephony_port", limits{}.with_max(24)}});
    if (!settings || !acme || !globex) {
        return 1;
    }

    std::vector<campaign> jobs;
    const auto start = [&](const licpool::job_spec& spec, std::uint32_t pacing) {
        auto id = pool.start_job(spec);
        if (!id) {
            std::cerr << id.error() << '\n';
            return false;
        }
        const std::string kind = spec.campaign().empty() ? "outbound_port" : spec.campaign();
        jobs.push_back(campaign{*id, spec.name(), kind, pacing, {}, 0, 0});
        return true;
    };
    using licpool::job_spec;
    std::cout << "== 00:00:00 the campaigns start\n";
    // Agentless jobs: priority, min and max ports. Both want more calls up than they get.
    const bool started =
        start(job_spec{}.in(*acme).named("appointment-reminders").priority(5).min(4).max(24).reserved()
                  .kinds({"outbound_port"}), 24) &&
        start(job_spec{}.in(*acme).named("payment-reminders").priority(5).min(2).max(20).dynamic()
                  .kinds({"outbound_port"}), 16) &&
        // Agent-based jobs: min and max count agents; the campaign type is the lowest seat tier.
        start(job_spec{}.in(*globex).named("renewals-preview").priority(4).min(1).max(4).agents("preview_agent"), 0) &&
        start(job_spec{}.in(*globex).named("callbacks-manual").priority(2).max(2).agents("manual_agent"), 0);
    if (!started) {
        return 1;
    }
    // SMS licenses are counted (DESIGN 2): an SMS campaign holds one per text in flight, split
    // across zones, organizations and jobs like outbound ports; the SMS channel is on while
    // any is licensed.
    const auto texts = pool.start_job(job_spec{}.in(*acme).named("sms-reminders").priority(3).max(10).dynamic().kinds({"sms"}));
    if (!texts) {
        std::cerr << texts.error() << '\n';
        return 1;
    }
    std::vector<licpool::lease> in_flight;
    for (int text = 0; text < 5; ++text) {
        auto sms = pool.acquire(*texts, "sms");
        if (!sms) {
            std::cerr << sms.error() << '\n';
            return 1;
        }
        in_flight.push_back(std::move(*sms));
    }
    const auto sms_usage = *pool.job_usage(*texts, "sms");
    std::cout << "          sms-reminders sends " << sms_usage.in_use << " texts at once, quota "
              << sms_usage.limit << "; SMS channel " << (pool.enabled(*pool.kinds().find("sms")) ? "on" : "off")
              << '\n';
    in_flight.clear(); // delivered: the SMS licenses go back

    campaign& reminders = jobs[0];
    campaign& payments = jobs[1];
    campaign& preview = jobs[2];
    campaign& manual = jobs[3];

    // Agents log in and attach; each takes the lowest seat tier that serves its campaign.
    const auto attach = [&](campaign& c, std::uint32_t agent) {
        auto seat = pool.attach_agent(c.id, licpool::agent_id{agent});
        std::cout << "          agent " << agent << " attaches to " << c.name << ": "
                  << (seat ? "a " + pool.kinds()[*seat].name + " seat" : seat.error().message()) << '\n';
        return seat.has_value();
    };
    for (std::uint32_t agent : {101, 102, 103, 104}) {
        if (!attach(preview, agent)) {
            return 1;
        }
    }
    if (!attach(manual, 201)) {
        return 1;
    }
    explain(pool, payments);

    std::uint32_t call_number = 0;
    std::uint32_t quota_before_donation = pool.job_usage(reminders.id, "outbound_port")->limit;
    std::uint32_t borrowed_quota = 0;
    std::uint32_t taken_back = 0;
    bool settled = false;
    std::size_t snoozed_agents = 0;
    for (std::int64_t t = 0; t < 3600; t += 10) {
        for (auto& c : jobs) {
            hang_up_ended(c, t);
        }
        if (t == 12 * 60) {
            std::cout << "== " << at(t) << " payment-reminders has dialed its whole list: it stops asking for ports\n";
            payments.pacing = 0;
        } else if (t == 16 * 60) {
            std::cout << "== " << at(t) << " the idle dynamic job has lent what it does not use\n";
            explain(pool, payments);
            explain(pool, reminders);
            borrowed_quota = pool.job_usage(reminders.id, "outbound_port")->limit;
        } else if (t == 20 * 60) {
            // DESIGN 4.5: the seat moves with the agent; a manual campaign needs no higher tier.
            auto seat = pool.move_agent(licpool::agent_id{104}, manual.id);
            std::cout << "== " << at(t) << " agent 104 moves to " << manual.name << ", keeping its "
                      << (seat ? pool.kinds()[*seat].name : seat.error().message())
                      << " seat until the next recalculation\n";
        } else if (t == 30 * 60) {
            std::cout << "== " << at(t) << " a new list for payment-reminders: it dials again\n";
            payments.pacing = 16;
        } else if (t == 40 * 60) {
            std::cout << "== " << at(t) << " renewals-preview snoozes (its list is reloading)\n";
            auto released = pool.snooze_job(preview.id);
            snoozed_agents = released ? released->size() : 0;
            std::cout << "          " << snoozed_agents << " agents let go with their seats; calls in progress go on\n";
        } else if (t == 45 * 60) {
            std::cout << "== " << at(t) << " renewals-preview wakes and its agents attach again\n";
            if (!pool.wake_job(preview.id) || !attach(preview, 101) || !attach(preview, 102) || !attach(preview, 103)) {
                return 1;
            }
        }
        for (auto& c : jobs) {
            dial(pool, c, t, call_number);
        }
        if (t == 30 * 60) {
            // Trigger 4 gave payment-reminders its quota back; the borrower keeps its calls.
            explain(pool, reminders);
            explain(pool, payments);
            taken_back = pool.explain(reminders.id, "outbound_port")->taken_back;
        } else if (t == 34 * 60) {
            const auto r = *pool.job_usage(reminders.id, "outbound_port");
            const auto p = *pool.job_usage(payments.id, "outbound_port");
            std::cout << "== " << at(t) << " the take-back is done, no call cut: appointment-reminders uses "
                      << r.in_use << " of " << r.limit << ", payment-reminders " << p.in_use << " of " << p.limit
                      << '\n';
            settled = r.in_use <= r.limit;
        }
        pool.clock().advance(std::chrono::seconds{10});
        // The host's tick, from its event loop: the pool notices idle jobs and expired keys.
        // Without it the idle dynamic job would never lend (README, "Call tick()").
        (void)ticker.tick_if_due();
    }

    std::cout << "== Summary after one simulated hour (" << at(now(pool)) << ")\n";
    for (const auto& c : jobs) {
        const auto e = pool.explain(c.id, c.kind);
        std::cout << "  " << std::left << std::setw(22) << c.name << std::setw(9)
                  << (c.agent_based() ? "agents" : licpool::to_string(e->mode)) << std::right << " calls placed "
                  << std::setw(4) << c.placed << ", refused " << std::setw(3) << c.refused << "   final quota "
                  << std::setw(2) << e->quota << ' ' << c.kind << ", in use " << e->in_use << '\n';
    }
    std::cout << "  (a refused attempt is retried 10 s later: quotas pace the dialer, nothing is lost)\n"
              << "  recalculations:";
    for (const auto& [cause, count] : causes) {
        std::cout << ' ' << licpool::to_string(cause) << '=' << count;
    }
    // DESIGN 6: only the entitlement decides compliance.
    const auto report = pool.audit();
    std::cout << "\n  audit " << report.day.to_string() << ": " << (report.compliant() ? "compliant" : "EXCEEDED")
              << '\n';
    for (const auto& k : report.kinds) {
        if (k.entitled > 0) {
            std::cout << "    " << std::left << std::setw(17) << k.name << std::right << " entitled " << std::setw(2)
                      << k.entitled << ", in use " << std::setw(2) << k.used << ", available " << k.available << '\n';
        }
    }

    // DESIGN 4.4.1: a speech survey's call needs a port, speech recognition and text to speech
    // together, taken in one step: all three, or none and the reason.
    std::cout << "== " << at(now(pool)) << " a speech survey starts: each call takes a port, ASR and TTS at once\n";
    const auto survey = pool.start_job(
        job_spec{}.in(*acme).named("survey").priority(3).max(4).kinds({"telephony_port", "asr", "tts"}));
    if (!survey) {
        return 1;
    }
    std::vector<licpool::call_leases> survey_calls;
    bool survey_refused_whole = false;
    for (int n = 1; n <= 3; ++n) {
        auto call = pool.acquire(*survey, {"telephony_port", "asr", "tts"});
        if (call) {
            std::cout << "          survey call " << n << ": port, ASR and TTS\n";
            survey_calls.push_back(std::move(*call));
            continue;
        }
        // Refused for ASR: the port and TTS were not kept either.
        survey_refused_whole = pool.job_usage(*survey, "telephony_port")->in_use == survey_calls.size() &&
                               pool.job_usage(*survey, "tts")->in_use == survey_calls.size();
        std::cout << "          survey call " << n << " refused, nothing held: " << call.error() << '\n';
    }
    // The first caller stops listening to prompts: TTS goes back, the call goes on.
    const bool tts_back = !survey_calls.empty() && survey_calls.front().release(*pool.kinds().find("tts")) &&
                          pool.job_usage(*survey, "tts")->in_use == 1 && pool.job_usage(*survey, "asr")->in_use == 2;
    std::cout << "          survey call 1 no longer needs TTS: tts in use " << pool.job_usage(*survey, "tts")->in_use
              << ", asr in use " << pool.job_usage(*survey, "asr")->in_use << '\n';
    survey_calls.clear();

    // What this example demonstrates must have happened; otherwise it fails as a test.
    using cause = licpool::recalculation_cause;
    const bool ok = causes[cause::idle_while_hungry] + causes[cause::donor_available] > 0 &&
                    causes[cause::idle_job_attempt] > 0 && borrowed_quota > quota_before_donation && taken_back > 0 &&
                    settled && snoozed_agents == 3 && !moves.empty() && moves.front().agent == licpool::agent_id{104} &&
                    report.compliant() && survey_refused_whole && tts_back;
    if (!ok) {
        std::cerr << "dialer_campaigns: donation, take-back, snooze or the tier move did not happen as shown\n";
    }
    return ok ? 0 : 1;
}
