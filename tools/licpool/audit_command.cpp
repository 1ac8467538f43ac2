#include "audit_scenario.hpp"
#include "commands.hpp"

namespace licpool_cli {

int run_audit(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
    return run_scenario_file<audit_scenario>("audit", args, out, err);
}

} // namespace licpool_cli
