#include "audit_scenario.hpp"
#include "command_line.hpp"
#include "commands.hpp"

#include <licpool/licpool.hpp>

#include <fstream>
#include <ostream>

namespace licpool_cli {

int run_audit(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
    const command_line cl{args, {"catalog"}, {}};
    if (cl.problem() || cl.positional().size() != 1) {
        err << "licpool audit: " << cl.problem().value_or("give exactly one scenario file")
            << "\nusage: licpool audit [--catalog contact_center|pbx|web_portal] FILE\n";
        return exit_usage;
    }
    auto catalog = licpool::presets::by_name(cl.option("catalog").value_or("contact_center"));
    if (!catalog) {
        err << "licpool audit: " << catalog.error().message() << '\n';
        return exit_usage;
    }
    std::ifstream file{cl.positional()[0]};
    if (!file) {
        err << "licpool audit: cannot read " << cl.positional()[0] << '\n';
        return exit_usage;
    }
    audit_scenario run{std::move(*catalog)};
    return run.run(file, out, err);
}

} // namespace licpool_cli
