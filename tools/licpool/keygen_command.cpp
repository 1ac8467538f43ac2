#include "command_line.hpp"
#include "commands.hpp"
#include "secret_file.hpp"

#include <licpool/licpool.hpp>

#include <cstdint>
#include <optional>
#include <ostream>
#include <string>

namespace licpool_cli {

namespace {
constexpr const char* keygen_usage =
    "usage: licpool keygen --secret-file FILE --serial SERIAL --feature NAME --count N\n"
    "                      [--issued YYYY-MM-DD] [--days N] [--trial]\n"
    "                      [--catalog contact_center|pbx|web_portal]\n";
} // namespace

int run_keygen(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
    const std::string me = "licpool keygen";
    const command_line cl{args, {"secret-file", "serial", "feature", "count", "issued", "days", "catalog"}, {"trial"}};
    auto usage_error = [&](const std::string& problem) {
        err << me << ": " << problem << '\n' << keygen_usage;
        return exit_usage;
    };
    auto value_error = [&](const std::string& problem) {
        err << me << ": " << problem << '\n';
        return exit_usage;
    };
    if (cl.problem()) {
        return usage_error(*cl.problem());
    }
    for (const char* required : {"secret-file", "serial", "feature", "count"}) {
        if (!cl.option(required)) {
            return usage_error(std::string{"missing option --"} + required);
        }
    }
    if (!cl.positional().empty()) {
        return usage_error("unexpected argument " + cl.positional()[0]);
    }
    const auto days_text = cl.option("days");
    const bool trial = cl.flag("trial");

    const auto catalog = licpool::presets::by_name(cl.option("catalog").value_or("contact_center"));
    if (!catalog) {
        return value_error(catalog.error().message());
    }
    const std::string feature = *cl.option("feature");
    // issue_key refuses an unknown kind too; checked here first, before the secret file is
    // read, with a message that names the catalog and the command that lists its kinds.
    const auto kind = catalog->find(feature);
    if (!kind) {
        return value_error(kind.error().message() + " '" + catalog->name() + "' (see licpool kinds --catalog " +
                           catalog->name() + ")");
    }
    const auto count = parse_number(*cl.option("count"), 0xFFFFFFFF);
    if (!count) {
        return value_error("--count wants a whole number, not '" + *cl.option("count") + "'");
    }
    const auto days = parse_number(days_text.value_or("0"), 0xFFFF);
    if (!days) {
        return value_error("--days wants a whole number of days, not '" + *days_text + "'");
    }
    // DESIGN 3: a trial is valid 60 days; asking for another length is a mistake to point out.
    if (trial && *days != 0 && *days != licpool::trial_days) {
        return usage_error("a trial is valid 60 days: leave out --days, or give --days 60");
    }
    licpool::date issued = licpool::real_clock{}.today();
    if (const auto issued_text = cl.option("issued")) {
        const auto parsed = licpool::date::parse(*issued_text);
        if (!parsed) {
            return value_error("--issued wants a date as YYYY-MM-DD, not '" + *issued_text + "'");
        }
        issued = *parsed;
    }

    const auto secret = read_secret_file(*cl.option("secret-file"), me, err);
    if (!secret) {
        return exit_usage;
    }
    const auto key = licpool::issue_key(
        *catalog, feature, static_cast<std::uint32_t>(*count), licpool::serial_number{*cl.option("serial")}, *secret,
        licpool::key_terms{}.issued_on(issued).valid_for(static_cast<std::uint16_t>(*days)).trial(trial));
    if (!key) {
        return value_error(key.error().message());
    }
    out << *key << '\n';
    return exit_ok;
}

} // namespace licpool_cli
