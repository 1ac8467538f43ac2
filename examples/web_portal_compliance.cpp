// web_portal_compliance: a multi-tenant web portal's user licenses and its daily audit.
//
// What it shows:
//  - the web portal catalog: a required server license, one organization license per tenant,
//    supervisor, agent and enterprise user access licenses (DESIGN 2, 5);
//  - three tenants and a fourth refused; users with assigned licenses and users with
//    concurrent ones, a user mixing the two refused, a login refused when none is free (DESIGN 5);
//  - usage factors defined once for every tenant with attribute_matches (a regex over a user
//    attribute), and one of them switched off (DESIGN 6);
//  - the daily audit on the pool's clock, the exceeded message it sends when the keys grant
//    less than is assigned, and past audits found by date range (DESIGN 6).
// The pool runs on a manual_clock, so every run prints the same thing.
#include <licpool/licpool.hpp>

#include <chrono>
#include <cstdint>
#include <iostream>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace {

using portal_pool = licpool::license_pool_st<licpool::manual_clock>;
using attributes = std::map<std::string, std::string, std::less<>>;

// Says what did not hold; main() then exits 1, so running the example as a test means something.
bool holds(bool ok, const char* what) {
    if (!ok) {
        std::cerr << "web_portal_compliance: expected " << what << '\n';
    }
    return ok;
}

// A key for this portal's serial, as the vendor would issue it (`licpool keygen`).
std::string key(const portal_pool& pool, const std::string& kind, std::uint32_t count, licpool::date issued,
                std::uint16_t validity_days, const licpool::serial_number& serial,
                const licpool::vendor_secret& secret) {
    // A validity of 0 days: perpetual.
    auto issued_key = licpool::issue_key(pool.kinds(), kind, count, serial, secret,
                                         licpool::key_terms{}.issued_on(issued).valid_for(validity_days));
    if (!issued_key) {
        std::cerr << issued_key.error() << '\n';
        return {};
    }
    return *issued_key;
}

} // namespace

int main() {
    using namespace std::chrono_literals;
    const licpool::date june1 = licpool::date::from_ymd(2026, 6, 1);
    const licpool::serial_number serial{"CIC-DEMO-0007"};
    auto secret = licpool::vendor_secret::make("demo vendor secret: do not ship me");
    if (!secret) {
        std::cerr << secret.error() << '\n';
        return 1;
    }
    portal_pool pool{licpool::presets::web_portal(), serial, *secret, licpool::pool_options{},
                     licpool::manual_clock{june1}};

    // DESIGN 2: the portal does not run without its server license.
    std::cout << "== Keys (the portal is " << (pool.operational() ? "" : "not ") << "operational before them)\n";
    const std::vector<std::string> keys = {
        key(pool, "server", 1, june1 - 30, 0, serial, *secret),
        key(pool, "organization", 3, june1 - 30, 0, serial, *secret),
        key(pool, "supervisor_user", 2, june1 - 30, 0, serial, *secret),
        key(pool, "agent_user", 2, june1 - 30, 0, serial, *secret),
        key(pool, "enterprise_user", 8, june1 - 30, 0, serial, *secret),
        // A 30-day seasonal extension: its last valid day is June 2.
        key(pool, "enterprise_user", 4, june1 - 28, 30, serial, *secret),
        key(pool, "scheduled_reports", 1, june1 - 30, 0, serial, *secret),
    };
    for (const auto& k : keys) {
        auto granted = pool.install_key(k);
        if (!granted) {
            std::cerr << granted.error() << '\n';
            return 1;
        }
        std::cout << "  " << granted->count << " x " << pool.kinds()[granted->kind].name
                  << (granted->expires ? " until " + granted->expires->to_string() : std::string{" (perpetual)"})
                  << '\n';
    }
    std::cout << "  operational: " << (pool.operational() ? "yes" : "no") << "; scheduled reports "
              << (pool.enabled(*pool.kinds().find("scheduled_reports")) ? "enabled" : "disabled") << '\n';

    // DESIGN 5: a tenant is an organization of the tree, and each takes an organization license.
    std::cout << "== Tenants\n";
    const auto tenant = [&](const char* zone, const char* name) -> std::optional<portal_pool::tenant_handle> {
        auto org = pool.organization(zone, name);
        if (!org) {
            std::cout << "  " << zone << '/' << name << " refused: " << org.error() << '\n';
            return std::nullopt;
        }
        std::cout << "  " << zone << '/' << name << " created\n";
        return *pool.tenant(*org);
    };
    auto contoso = tenant("emea", "contoso");
    auto fabrikam = tenant("emea", "fabrikam");
    auto northwind = tenant("amer", "northwind");
    if (!contoso || !fabrikam || !northwind || !holds(!tenant("amer", "tailspin"), "a fourth tenant refused")) {
        return 1;
    }

    // DESIGN 6: usage factors, defined once for the pool in precedence order and applied to
    // every tenant. A user counts once, under the first enabled factor its attributes match.
    struct factor {
        const char* name;
        const char* attribute;
        const char* pattern; // ECMAScript regex, searched anywhere in the attribute's value
    };
    const factor factors[] = {
        {"direct_routing", "calling", "^direct-routing$"},
        {"operator_connect", "calling", "^operator-connect$"},
        {"by_template", "template", "."},
        {"by_user_interface", "changed_in", "portal"},
        {"service_numbers", "service", "fax|emergency"},
    };
    for (const factor& f : factors) {
        auto criterion = licpool::attribute_matches(f.attribute, f.pattern);
        if (!criterion || !pool.add_usage_factor(f.name, *criterion)) {
            return 1;
        }
    }

    std::cout << "== Users\n";
    bool ok = true; // every call below that should succeed did
    const auto user = [&ok](portal_pool::tenant_handle& t, const std::string& name, attributes a) {
        auto id = t.add_user(name, std::move(a));
        ok = ok && id.has_value();
        return id.value_or(licpool::user_id{0});
    };
    // Contoso assigns licenses: each is used while its user has it, logged in or not.
    contoso->set_acquired(8);
    const auto ann = user(*contoso, "ann", {{"calling", "direct-routing"}});
    const auto raj = user(*contoso, "raj", {{"calling", "direct-routing"}});
    const auto li = user(*contoso, "li", {{"calling", "operator-connect"}});
    const auto sam = user(*contoso, "sam", {{"template", "sales-emea"}, {"changed_in", "portal"}});
    const auto zoe = user(*contoso, "zoe", {{"department", "finance"}}); // matches no factor
    ok = ok && contoso->add_station("fax-line-3", {{"service", "fax"}}) && contoso->assign(ann, "supervisor_user");
    for (const auto u : {raj, li, sam, zoe}) {
        ok = ok && contoso->assign(u, "enterprise_user");
    }
    // The web portal keeps each user to one method while it holds licenses (DESIGN 5): raj,
    // assigned an enterprise license, cannot also log in for a concurrent agent license.
    const auto mixed = contoso->login(raj, "agent_user");
    if (!holds(!mixed && mixed.error() == licpool::errc::method_mismatch, "a mixed method refused")) {
        return 1;
    }
    std::cout << "  raj logs in as an agent: " << mixed.error() << '\n';

    // Fabrikam's agents share 2 concurrent agent licenses: used from login to logout.
    fabrikam->set_acquired(4);
    const auto ana = user(*fabrikam, "ana", {{"calling", "operator-connect"}});
    const auto ben = user(*fabrikam, "ben", {{"calling", "operator-connect"}});
    const auto cy = user(*fabrikam, "cy", {{"calling", "operator-connect"}});
    ok = ok && fabrikam->login(ana, "agent_user") && fabrikam->login(ben, "agent_user");
    const auto full = fabrikam->login(cy, "agent_user");
    if (!holds(!full && full.error() == licpool::errc::entitlement, "a login refused when none is free")) {
        return 1;
    }
    std::cout << "  cy logs in as a third agent: " << full.error() << '\n';
    ok = ok && fabrikam->logout(ana, "agent_user") && fabrikam->login(cy, "agent_user");
    std::cout << "  ana logs out, cy logs in: cy has agent access " << std::boolalpha
              << fabrikam->has_access(cy, "agent_user") << ", ana " << fabrikam->has_access(ana, "agent_user") << '\n';

    // Northwind assigns enterprise licenses to six direct-routing users.
    northwind->set_acquired(6);
    std::vector<licpool::user_id> northwind_users;
    for (int i = 1; i <= 6; ++i) {
        northwind_users.push_back(user(*northwind, "nw-" + std::to_string(i), {{"calling", "direct-routing"}}));
        ok = ok && northwind->assign(northwind_users.back(), "enterprise_user");
    }
    if (!ok) {
        return 1;
    }

    std::cout << "== Audit on " << june1.to_string() << ", every usage factor on\n" << pool.audit();
    // Professional services decide a template alone does not make a managed user: sam now
    // counts under the next factor he matches (by_user_interface).
    if (!pool.set_usage_factor_enabled("by_template", false)) {
        return 1;
    }

    // DESIGN 6: the pool audits once a day on its own clock; each exceeded kind gives one
    // message to the host's sink (a real host writes it to its event log).
    std::vector<licpool::compliance_event> events;
    pool.on_compliance_event([&](const licpool::compliance_event& e) {
        events.push_back(e);
        std::cout << "  EVENT LOG " << e.day.to_string() << ": " << e.message << '\n';
    });
    pool.enable_daily_audit();
    std::cout << "== Daily audits (by_template switched off)\n";
    for (int day = 0; day < 5; ++day) {
        if (day > 0) {
            pool.clock().advance(24h);
        }
        pool.tick(); // the first tick of a day audits it; a key past its last day stops counting first
        const auto today = pool.clock().today();
        const auto todays = pool.past_audits(today, today);
        if (!holds(!todays.empty(), "a daily audit")) {
            return 1;
        }
        const auto* enterprise = todays.back().find("enterprise_user");
        std::cout << "  " << today.to_string() << ": enterprise users " << enterprise->used << " of "
                  << enterprise->entitled << '\n';
        if (enterprise->used > enterprise->entitled) {
            // Nobody lost a license when the key ran out (DESIGN 4.4); the administrator now
            // removes the two seasonal users, whose licenses go back with them.
            ok = ok && northwind->remove_user(northwind_users[4]) && northwind->remove_user(northwind_users[5]);
            std::cout << "  the administrator removes the seasonal users nw-5 and nw-6\n";
        }
    }

    const auto from = june1;
    const auto to = june1 + 4;
    std::cout << "== Past audits from " << from.to_string() << " to " << to.to_string()
              << " (#0 is the one asked for above, the others ran daily)\n";
    const auto history = pool.past_audits(from, to);
    if (!holds(history.size() == 6, "six audits kept")) {
        return 1;
    }
    for (const auto& report : history) {
        std::cout << "  #" << report.sequence << ' ' << report.day.to_string() << ' '
                  << (report.compliant() ? "compliant" : "EXCEEDED: " + report.exceeded_messages.front()) << '\n';
    }
    const auto& last = history.back();
    std::cout << "== The last one in full\n" << last;

    const std::string expected_message = "Total enterprise users have exceeded the total enterprise user license "
                                         "count, licenses: [8] enterprise user: [10]";
    return holds(ok && events.size() == 1 && events[0].message == expected_message && events[0].day == june1 + 2 &&
                     last.compliant(),
                 "one exceeded message, on June 3, and compliance again after two users were removed")
               ? 0
               : 1;
}
