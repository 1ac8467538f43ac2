#include "command_line.hpp"
#include "commands.hpp"

#include <licpool/licpool.hpp>

#include <iomanip>
#include <ostream>

namespace licpool_cli {

int run_kinds(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
    const command_line cl{args, {"catalog"}, {}};
    if (cl.problem() || !cl.positional().empty()) {
        err << "licpool kinds: " << cl.problem().value_or("unexpected argument " +
                                                          (cl.positional().empty() ? "" : cl.positional()[0]))
            << "\nusage: licpool kinds [--catalog contact_center|pbx|web_portal]\n";
        return exit_usage;
    }
    const auto catalog = licpool::presets::by_name(cl.option("catalog").value_or("contact_center"));
    if (!catalog) {
        err << "licpool kinds: " << catalog.error().message() << '\n';
        return exit_usage;
    }
    out << "catalog " << catalog->name() << '\n';
    // DESIGN 5: whether one user may hold assigned and concurrent licenses together.
    out << "  one user's licenses: "
        << (catalog->mixing() == licpool::method_mixing::allowed ? "assigned and concurrent may mix"
                                                                 : "all assigned or all concurrent")
        << '\n';
    for (const auto& k : catalog->kinds()) {
        out << "  0x" << std::hex << std::uppercase << std::setw(3) << std::setfill('0') << k.feature_code
            << std::dec << std::setfill(' ') << "  " << std::left << std::setw(28) << k.name << std::right;
        if (k.is_bundle()) {
            out << "bundle:";
            for (const auto& part : k.expansion) {
                out << ' ' << part.multiplier << ' ' << (*catalog)[part.kind].name;
            }
        } else {
            out << (k.is_boolean() ? "boolean" : "counted") << ", "
                << (k.consumed == licpool::consumption::assigned ? "assigned"
                    : k.consumed == licpool::consumption::either ? "assigned or concurrent"
                                                                 : "concurrent");
            if (k.has_cap()) {
                out << ", cap " << k.platform_cap;
            }
            if (!k.tier_group.empty()) {
                out << ", tier " << static_cast<int>(k.tier) << " of " << k.tier_group;
            }
            if (k.required) {
                out << ", required";
            }
            if (k.channel) {
                out << ", channel";
            }
            if (k.takes) {
                out << ", also takes " << (*catalog)[*k.takes].name;
            }
            if (k.per_tenant) {
                out << ", one per tenant"; // DESIGN 2, roles
            }
            if (k.agent_port) {
                out << ", agents' port";
            }
            for (const auto needed : k.needs) {
                out << ", needs " << (*catalog)[needed].name;
            }
        }
        out << '\n';
    }
    return exit_ok;
}

} // namespace licpool_cli
