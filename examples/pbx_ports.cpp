// pbx_ports: a small PBX licensed with feature keys.
//
// What it shows, on one PBX control unit whose feature-key serial is IPO-7731-0042:
//  - the vendor issuing keys for that serial, and the PBX installing them (DESIGN 3);
//  - keys the PBX refuses: one for another serial, a mistyped one, a second trial;
//  - a bundle key expanding into three kinds, and the SoftConsole cap of 4 (DESIGN 2);
//  - IP endpoints and mobility users consumed while configured (DESIGN 2, 5), Phone Manager
//    while the application runs, one user holding both, and a login of Mobility refused
//    (DESIGN 5); SIP trunk channels consumed while a call is up (DESIGN 4.4);
//  - a 60-day trial that stops counting the day after its last day (DESIGN 3);
//  - the feature key pulled out of the control unit: the keys stop counting at the next tick,
//    calls up stay up, and count again once it is back (DESIGN 3).
// The pool runs on a manual_clock, so every run prints the same thing.
#include <licpool/licpool.hpp>

#include <chrono>
#include <cstdint>
#include <iostream>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace {

// The control unit's feature-key slot, the pool's SerialProvider (DESIGN 3): the serial of the
// feature key plugged in, or none. The pool reads it at every tick, not only at install.
struct feature_key_slot {
    std::shared_ptr<std::string> plugged = std::make_shared<std::string>("IPO-7731-0042");
    licpool::serial_number serial() const { return licpool::serial_number{*plugged}; }
};

// One thread calls this PBX's pool (no mutex); its keys are checked against the slot.
using pbx_validator = licpool::feature_key_validator<licpool::hmac_sha256, feature_key_slot>;
using pbx_pool = licpool::license_pool<licpool::tier_hierarchy, licpool::reserved_dynamic_allocator<>,
                                       licpool::compliance_auditor<>, pbx_validator, licpool::null_mutex,
                                       licpool::manual_clock>;

// Says what did not hold; main() then exits 1, so running the example as a test means something.
bool holds(bool ok, const char* what) {
    if (!ok) {
        std::cerr << "pbx_ports: expected " << what << '\n';
    }
    return ok;
}

// The vendor's side (in real life the `licpool keygen` tool, far from the PBX): a key for
// `count` instances of `kind`, bound to `serial`. Empty when the fields are refused.
std::string issue(const licpool::catalog& kinds, const std::string& kind, std::uint32_t count, licpool::date issued,
                  const licpool::serial_number& serial, const licpool::vendor_secret& secret, bool trial = false) {
    // A trial is valid 60 days from its issue day.
    auto key = licpool::issue_key(kinds, kind, count, serial, secret,
                                  licpool::key_terms{}.issued_on(issued).trial(trial));
    if (!key) {
        std::cerr << key.error() << '\n';
        return {};
    }
    return *key;
}

// Places calls on the SIP trunk until one is refused; returns how many got a channel.
std::size_t fill_trunk(pbx_pool& pool, licpool::job_id trunk, std::vector<licpool::lease>& calls) {
    for (;;) {
        auto channel = pool.acquire(trunk, "sip_trunk_channel");
        if (!channel) {
            std::cout << "  " << calls.size() << " calls up at once; call " << calls.size() + 1
                      << " is refused: " << channel.error() << '\n';
            return calls.size();
        }
        calls.push_back(std::move(*channel)); // the lease holds the channel until the call ends
    }
}

} // namespace

int main() {
    using namespace std::chrono_literals;
    const licpool::date today = licpool::date::from_ymd(2026, 3, 2);
    const licpool::serial_number serial{"IPO-7731-0042"};
    // A demo secret. A real vendor secret is built into the product, never printed (see README).
    auto secret = licpool::vendor_secret::make("demo vendor secret: do not ship me");
    if (!secret) {
        std::cerr << secret.error() << '\n';
        return 1;
    }
    const feature_key_slot slot;
    pbx_pool pool{licpool::presets::pbx(), pbx_validator{licpool::presets::pbx(), *secret, slot}, *secret,
                  licpool::pool_options{}, licpool::manual_clock{today}};
    const auto& kinds = pool.kinds();

    std::cout << "== Keys for serial " << serial.value() << ", installed on " << today.to_string() << '\n';
    const std::vector<std::string> order = {
        issue(kinds, "sip_trunk_channel", 10, today - 30, serial, *secret),
        issue(kinds, "ip_endpoint", 4, today - 30, serial, *secret),
        issue(kinds, "uc_small_business_20", 1, today - 30, serial, *secret), // a bundle
        issue(kinds, "softconsole", 2, today - 30, serial, *secret),
        issue(kinds, "softconsole", 4, today - 7, serial, *secret),         // 6 in all: above the cap
        issue(kinds, "sip_trunk_channel", 8, today, serial, *secret, true), // a trial
    };
    std::optional<licpool::date> trial_last_day;
    for (const auto& key : order) {
        auto granted = pool.install_key(key);
        if (!granted) {
            std::cerr << granted.error() << '\n';
            return 1;
        }
        std::cout << "  installed " << key.substr(0, 8) << "...: " << granted->count << " x "
                  << kinds[granted->kind].name;
        if (granted->trial) {
            trial_last_day = granted->expires;
            std::cout << " (trial, last valid day " << granted->expires->to_string() << ')';
        }
        std::cout << '\n';
    }

    std::cout << "== Keys the PBX refuses\n";
    const std::string other_serial =
        issue(kinds, "sip_trunk_channel", 30, today, licpool::serial_number{"IPO-9999-0001"}, *secret);
    std::string mistyped = order[1];
    mistyped[20] = mistyped[20] == 'A' ? 'B' : 'A'; // one character wrong somewhere in the MAC
    const std::string second_trial = issue(kinds, "sip_trunk_channel", 8, today - 1, serial, *secret, true);
    const std::vector<std::pair<std::string, licpool::errc>> refused = {
        {other_serial, licpool::errc::mac_mismatch}, // keys cannot move between systems
        {mistyped, licpool::errc::mac_mismatch},
        {second_trial, licpool::errc::trial_already_used}, // one trial per serial and feature, ever
        {"7KQ2-M9XW-U000", licpool::errc::malformed},      // 'U' is no Crockford base32 character
    };
    for (const auto& [key, why] : refused) {
        auto result = pool.install_key(key);
        if (!holds(!result && result.error() == why, "the key to be refused")) {
            return 1;
        }
        std::cout << "  " << result.error() << '\n';
    }

    std::cout << "== What the keys grant\n";
    const auto granted = pool.entitlements();
    for (const auto& row : granted) {
        const auto& kind = kinds[row.kind];
        if (row.count == 0 || kind.is_bundle()) {
            continue;
        }
        std::cout << "  " << kind.name << ": " << row.count;
        if (row.clipped_from) {
            std::cout << " (keys add up to " << *row.clipped_from << "; the platform supports " << kind.platform_cap
                      << ')';
        }
        std::cout << '\n';
    }
    const auto softconsole = *kinds.find("softconsole");
    if (!holds(granted.count(softconsole) == 4 && granted.clipped_from(softconsole) == std::uint64_t{6},
               "6 SoftConsoles clipped to 4") ||
        !holds(granted.count(*kinds.find("mobility")) == 20, "20 mobility users from the bundle")) {
        return 1;
    }
    for (const auto& finding : pool.audit().findings) {
        std::cout << "  audit finding " << licpool::to_string(finding.code) << ": " << finding.message << '\n';
    }

    std::cout << "== Configuration: IP endpoints and mobility users are used while configured\n";
    auto office = pool.tenant(*pool.organization("default", "head-office"));
    if (!office) {
        std::cerr << office.error() << '\n';
        return 1;
    }
    std::size_t phones = 0;
    for (const char* name : {"desk-101", "desk-102", "desk-103", "lobby", "warehouse"}) {
        auto phone = office->add_station(name, {{"model", "third-party SIP phone"}});
        if (!phone) {
            std::cerr << phone.error() << '\n';
            return 1;
        }
        // DESIGN 5: a station holds its assigned license from now until it is removed.
        auto registered = office->assign(*phone, "ip_endpoint");
        if (!registered) {
            std::cout << "  " << name << " cannot register: " << registered.error() << '\n';
        } else {
            ++phones;
        }
    }
    for (const char* name : {"alice", "bob", "chen"}) {
        auto user = office->add_user(name);
        if (!user || !office->assign(*user, "mobility")) {
            std::cerr << "mobility for " << name << " refused\n";
            return 1;
        }
    }
    // DESIGN 5: Phone Manager takes its license while it runs, by login; the PBX lets alice,
    // configured for Mobility, hold it too. Mobility itself is never taken at login.
    const auto alice = *office->find_user("alice");
    const auto dana = office->add_user("dana");
    const auto runs = office->login(alice, "phone_manager_pro");
    const auto by_login = dana ? office->login(*dana, "mobility") : licpool::expected<void>{};
    if (!holds(runs.has_value(), "alice runs Phone Manager Pro beside her Mobility") ||
        !holds(!by_login && by_login.error().code() == licpool::errc::consumption_mismatch,
               "a login of Mobility refused")) {
        return 1;
    }
    std::cout << "  alice runs Phone Manager Pro; dana logs in for mobility: " << by_login.error() << '\n';
    const auto mobility = pool.system_usage(*kinds.find("mobility"));
    std::cout << "  " << phones << " IP endpoints registered; " << mobility.in_use << " of " << mobility.limit
              << " mobility users configured\n";
    if (!holds(phones == 4, "4 of 5 phones registered")) {
        return 1;
    }

    std::cout << "== SIP trunk calls during the trial (10 channels + 8 on trial)\n";
    auto trunk = pool.start_job(
        licpool::job_spec{}.named("sip-trunk-itsp").priority(5).max(30).kinds({"sip_trunk_channel"}));
    if (!trunk) {
        std::cerr << trunk.error() << '\n';
        return 1;
    }
    std::vector<licpool::lease> calls;
    const auto during_trial = fill_trunk(pool, *trunk, calls);
    calls.clear(); // every call hangs up: the leases give their channels back

    // The host ticks the pool as time passes; the pool notices a key's validity ending.
    if (!holds(trial_last_day.has_value(), "a trial key")) {
        return 1;
    }
    const auto channels = *kinds.find("sip_trunk_channel");
    while (pool.entitlement_of(channels) == 18) {
        pool.clock().advance(24h);
        pool.tick();
    }
    const licpool::date stopped = pool.clock().today();
    std::cout << "== " << stopped.to_string() << ": the trial stopped counting (last valid day "
              << trial_last_day->to_string() << "); SIP trunk channels now " << pool.entitlement_of(channels) << '\n';
    const auto after_trial = fill_trunk(pool, *trunk, calls);
    if (!holds(during_trial == 18 && after_trial == 10 && stopped == *trial_last_day + 1,
               "18 calls in the trial, 10 after it, and the trial ending the day after its last day")) {
        return 1;
    }

    // DESIGN 3: someone pulls the feature key out of the control unit with 10 calls up.
    std::cout << "== The feature key is pulled out with " << calls.size() << " calls up\n";
    *slot.plugged = "";
    pool.tick(); // the next tick notices: the keys count nothing, like an expiry
    const auto while_pulled = pool.acquire(*trunk, "sip_trunk_channel");
    std::cout << "  SIP trunk channels now " << pool.entitlement_of(channels) << "; a new call: ";
    if (while_pulled) {
        std::cout << "granted\n";
    } else {
        std::cout << while_pulled.error() << '\n';
    }
    std::vector<licpool::finding> serial_findings;
    for (const auto& finding : pool.audit().findings) {
        if (finding.code == licpool::finding_code::serial_absent) {
            std::cout << "  audit finding " << licpool::to_string(finding.code) << ": " << finding.message << '\n';
            serial_findings.push_back(finding);
        }
    }
    const bool calls_stay = pool.system_usage(channels).in_use == 10; // no call is cut
    calls.clear();
    *slot.plugged = "IPO-7731-0042"; // put back
    pool.tick();
    std::cout << "  put back: SIP trunk channels " << pool.entitlement_of(channels) << " again\n";
    return holds(!while_pulled && pool.entitlement_of(channels) == 10 && calls_stay && serial_findings.size() == 1,
                 "the keys stopping while the feature key is out, calls staying up, and the keys back with it")
               ? 0
               : 1;
}
