#include "commands.hpp"
#include "scenario.hpp"

namespace licpool_cli {

int run_simulate(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
    return run_scenario_file<scenario>("simulate", args, out, err);
}

} // namespace licpool_cli
