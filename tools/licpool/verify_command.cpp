#include "command_line.hpp"
#include "commands.hpp"
#include "secret_file.hpp"

#include <licpool/licpool.hpp>

#include <algorithm>
#include <ostream>
#include <string>
#include <vector>

namespace licpool_cli {

namespace {
constexpr const char* verify_usage =
    "usage: licpool verify --secret-file FILE --serial SERIAL [--today YYYY-MM-DD]\n"
    "                      [--catalog contact_center|pbx|web_portal] KEY...\n";
} // namespace

int run_verify(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
    const std::string me = "licpool verify";
    const command_line cl{args, {"secret-file", "serial", "today", "catalog"}, {}};
    auto usage_error = [&](const std::string& problem) {
        err << me << ": " << problem << '\n' << verify_usage;
        return exit_usage;
    };
    if (cl.problem()) {
        return usage_error(*cl.problem());
    }
    for (const char* required : {"secret-file", "serial"}) {
        if (!cl.option(required)) {
            return usage_error(std::string{"missing option --"} + required);
        }
    }
    if (cl.positional().empty()) {
        return usage_error("no key given");
    }
    auto catalog = licpool::presets::by_name(cl.option("catalog").value_or("contact_center"));
    if (!catalog) {
        err << me << ": " << catalog.error().message() << '\n';
        return exit_usage;
    }
    licpool::date today = licpool::real_clock{}.today();
    if (const auto today_text = cl.option("today")) {
        const auto parsed = licpool::date::parse(*today_text);
        if (!parsed) {
            err << me << ": --today wants a date as YYYY-MM-DD, not '" << *today_text << "'\n";
            return exit_usage;
        }
        today = *parsed;
    }
    auto secret = read_secret_file(*cl.option("secret-file"), me, err);
    if (!secret) {
        return exit_usage;
    }

    // The keys are installed in the order given, as a host would install them: a second
    // trial of a feature is refused, and a key given twice counts once.
    licpool::feature_key_validator<> validator{std::move(*catalog), std::move(*secret),
                                               licpool::serial_number{*cl.option("serial")}};
    const licpool::catalog& kinds = validator.kinds();
    licpool::key_ring ring;
    bool all_valid = true;
    for (const std::string& key : cl.positional()) {
        const auto e = validator.validate(key, today);
        if (!e) {
            all_valid = false;
            out << key << " error=" << e.error() << '\n';
            continue;
        }
        ring.add(*e);
        validator.record_install(*e);
        out << key << " ok feature=" << kinds[e->kind].name << " count=" << e->count
            << " expires=" << (e->expires ? e->expires->to_string() : "never") << (e->trial ? " trial" : "") << '\n';
    }

    const licpool::entitlement_set totals = ring.entitlements(kinds, validator.latest_date());
    std::vector<licpool::entitlement_set::row> rows(totals.begin(), totals.end());
    std::sort(rows.begin(), rows.end(), [&](const auto& a, const auto& b) {
        return kinds[a.kind].name < kinds[b.kind].name;
    });
    for (const auto& row : rows) {
        if (row.count == 0) {
            continue;
        }
        out << "entitlement " << kinds[row.kind].name << ' ' << row.count;
        if (row.clipped_from) {
            out << " clipped-from=" << *row.clipped_from;
        }
        out << '\n';
    }
    return all_valid ? exit_ok : exit_refused;
}

} // namespace licpool_cli
