// The scenario runner behind `licpool audit`: the simulate commands plus tenants, users,
// usage factors, licenses and `audit` (DESIGN 5, 6).
#ifndef LICPOOL_EXAMPLES_CLI_AUDIT_SCENARIO_HPP
#define LICPOOL_EXAMPLES_CLI_AUDIT_SCENARIO_HPP

#include "scenario.hpp"

namespace licpool_cli {

class audit_scenario : public scenario {
public:
    using scenario::scenario;

protected:
    problem extra_command(const words& line, std::size_t number, std::ostream& out, bool& handled) override;

private:
    problem tenant(const words& line, std::size_t number, std::ostream& out);
    problem find_user(std::string_view path, std::optional<scenario_pool::tenant_handle>& tenant,
                      licpool::user_id& user, bool create);
    problem user(const words& line);
    problem factor(const words& line);
    problem factor_off(const words& line);
    problem license(const words& line, std::size_t number, std::ostream& out);
    problem audit(const words& line, std::ostream& out);
};

} // namespace licpool_cli

#endif // LICPOOL_EXAMPLES_CLI_AUDIT_SCENARIO_HPP
