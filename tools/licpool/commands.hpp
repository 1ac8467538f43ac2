// The licpool CLI's commands, one source file each.
#ifndef LICPOOL_EXAMPLES_CLI_COMMANDS_HPP
#define LICPOOL_EXAMPLES_CLI_COMMANDS_HPP

#include <iosfwd>
#include <string>
#include <vector>

namespace licpool_cli {

/// `licpool kinds [--catalog NAME]`: a preset catalog's kinds, feature codes and rules.
int run_kinds(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);

/// `licpool keygen --secret-file FILE --serial SERIAL --feature NAME --count N [...]`: the
/// vendor side of DESIGN 3, prints one key.
int run_keygen(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);

/// `licpool verify --secret-file FILE --serial SERIAL [--today DATE] KEY...`: the support
/// side of DESIGN 3, checks keys in order and prints what they grant.
int run_verify(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);

/// `licpool simulate [--catalog NAME] FILE`: runs an allocation scenario on a manual clock
/// (DESIGN 4.1-4.4) and prints what it shows.
int run_simulate(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);

/// `licpool audit [--catalog NAME] FILE`: a simulate scenario plus tenants, users, usage
/// factors and licenses (DESIGN 5, 6); `audit` lines print the compliance report.
int run_audit(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);

} // namespace licpool_cli

#endif // LICPOOL_EXAMPLES_CLI_COMMANDS_HPP
