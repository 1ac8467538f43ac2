// licpool: the command-line companion of the library, for vendors (keygen), support
// (verify) and developers (simulate, audit) alike.
#include "command_line.hpp"
#include "commands.hpp"

#include <licpool/core/version.hpp>

#include <iostream>
#include <string>
#include <vector>

namespace {

constexpr const char* help_text = R"(licpool - license pools for PBX, dialer and contact-center software

usage: licpool <command> [options]

commands:
  kinds [--catalog NAME]      list a preset catalog's kinds, feature codes and rules
  keygen --secret-file FILE --serial SERIAL --feature NAME --count N
         [--issued YYYY-MM-DD] [--days N] [--trial] [--catalog NAME]
                              issue a feature key for a serial (vendor side); --days 0,
                              the default, is perpetual; a trial is valid 60 days
  verify --secret-file FILE --serial SERIAL [--today YYYY-MM-DD] [--catalog NAME] KEY...
                              check keys for a serial, in order, and show what they
                              grant (support side)
  simulate [--catalog NAME] FILE
                              run an allocation scenario on a manual clock
  audit [--catalog NAME] FILE run a scenario with tenants, users and usage factors;
                              its audit lines print the compliance report

catalogs: contact_center (default), pbx, web_portal

options:
  -h, --help                  show this help
  --version                   show the licpool version

exit status: 0 success, 1 a refusal (for example an invalid key), 2 a usage error
)";

} // namespace

int main(int argc, char** argv) {
    using namespace licpool_cli;
    const std::vector<std::string> words(argv + 1, argv + argc);
    if (words.empty()) {
        std::cerr << help_text;
        return exit_usage;
    }
    const std::string& command = words[0];
    const std::vector<std::string> args(words.begin() + 1, words.end());
    if (command == "-h" || command == "--help" || command == "help") {
        std::cout << help_text;
        return exit_ok;
    }
    if (command == "--version") {
        std::cout << "licpool " << licpool::version_major << '.' << licpool::version_minor << '.'
                  << licpool::version_patch << '\n';
        return exit_ok;
    }
    if (command == "kinds") {
        return run_kinds(args, std::cout, std::cerr);
    }
    if (command == "keygen") {
        return run_keygen(args, std::cout, std::cerr);
    }
    if (command == "verify") {
        return run_verify(args, std::cout, std::cerr);
    }
    if (command == "simulate") {
        return run_simulate(args, std::cout, std::cerr);
    }
    if (command == "audit") {
        return run_audit(args, std::cout, std::cerr);
    }
    std::cerr << "licpool: unknown command '" << command << "' (see licpool --help)\n";
    return exit_usage;
}
