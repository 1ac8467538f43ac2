#include "audit_scenario.hpp"

#include "command_line.hpp"

#include <algorithm>
#include <ostream>

namespace licpool_cli {

namespace {

void refused(std::size_t number, const licpool::error& e, std::ostream& out) {
    out << "refused line " << number << ": " << licpool::to_string(e.code()) << ": " << e.message() << '\n';
}

} // namespace

scenario::problem audit_scenario::extra_command(const words& line, std::size_t number, std::ostream& out,
                                                bool& handled) {
    handled = true;
    const std::string_view command = line[0];
    if (command == "tenant") {
        return tenant(line, number, out);
    }
    if (command == "user") {
        return user(line);
    }
    if (command == "factor") {
        return factor(line);
    }
    if (command == "factor-off") {
        return factor_off(line);
    }
    if (command == "assign" || command == "unassign" || command == "login" || command == "logout") {
        return license(line, number, out);
    }
    if (command == "audit") {
        return audit(line, out);
    }
    handled = false;
    return std::nullopt;
}

// tenant <name> acquired=<n>: organization <name> in zone default.
scenario::problem audit_scenario::tenant(const words& line, std::size_t number, std::ostream& out) {
    if (line.size() != 3 || line[2].rfind("acquired=", 0) != 0) {
        return std::string{"usage: tenant <name> acquired=<n>"};
    }
    const auto acquired = parse_number(line[2].substr(9), 0xFFFFFFFFull);
    if (!acquired) {
        return "acquired " + in_quotes(line[2].substr(9)) + " is not a number";
    }
    if (line[1].find('/') != std::string_view::npos) {
        return "tenant " + in_quotes(line[1]) + " is a name, without '/'";
    }
    const auto org = pool().organization("default", line[1]);
    if (!org) {
        if (org.error().code() == licpool::errc::invalid_setting) {
            return org.error().message();
        }
        refused(number, org.error(), out);
        return std::nullopt;
    }
    auto handle = pool().tenant(*org);
    handle->set_acquired(static_cast<std::uint32_t>(*acquired));
    return std::nullopt;
}

// <tenant>/<user>: both known.
scenario::problem audit_scenario::find_user(std::string_view path, std::optional<scenario_pool::tenant_handle>& tenant,
                                            licpool::user_id& user, bool create) {
    const auto slash = path.find('/');
    if (slash == std::string_view::npos || slash == 0 || slash + 1 == path.size()) {
        return "user " + in_quotes(path) + " is not <tenant>/<user>";
    }
    const auto org = pool().find_organization("default", path.substr(0, slash));
    if (!org) {
        return "no tenant is called " + in_quotes(path.substr(0, slash));
    }
    tenant.emplace(*pool().tenant(*org));
    const auto name = path.substr(slash + 1);
    auto found = tenant->find_user(name);
    if (!found && create) {
        found = tenant->add_user(std::string{name});
    }
    if (!found) {
        return create ? found.error().message()
                      : "tenant " + in_quotes(path.substr(0, slash)) + " has no user " + in_quotes(name);
    }
    user = *found;
    return std::nullopt;
}

// user <tenant>/<user> <attribute>=<value> ...
scenario::problem audit_scenario::user(const words& line) {
    if (line.size() < 2) {
        return std::string{"usage: user <tenant>/<user> <attribute>=<value> ..."};
    }
    for (std::size_t i = 2; i < line.size(); ++i) {
        if (line[i].find('=') == std::string_view::npos || line[i][0] == '=') {
            return "expected <attribute>=<value>, got " + in_quotes(line[i]);
        }
    }
    std::optional<scenario_pool::tenant_handle> tenant;
    licpool::user_id user{};
    if (auto wrong = find_user(line[1], tenant, user, true)) {
        return wrong;
    }
    for (std::size_t i = 2; i < line.size(); ++i) {
        const auto eq = line[i].find('=');
        (void)tenant->set_attribute(user, std::string{line[i].substr(0, eq)}, std::string{line[i].substr(eq + 1)});
    }
    return std::nullopt;
}

// factor <name> <attribute>~<regex>
scenario::problem audit_scenario::factor(const words& line) {
    const auto tilde = line.size() == 3 ? line[2].find('~') : std::string_view::npos;
    if (tilde == std::string_view::npos || tilde == 0) {
        return std::string{"usage: factor <name> <attribute>~<regex>"};
    }
    auto criterion =
        licpool::attribute_matches(std::string{line[2].substr(0, tilde)}, std::string{line[2].substr(tilde + 1)});
    if (!criterion) {
        return criterion.error().message();
    }
    if (auto added = pool().add_usage_factor(std::string{line[1]}, std::move(*criterion)); !added) {
        return added.error().message();
    }
    return std::nullopt;
}

// factor-off <name>
scenario::problem audit_scenario::factor_off(const words& line) {
    if (line.size() != 2) {
        return std::string{"usage: factor-off <name>"};
    }
    const auto off = pool().set_usage_factor_enabled(line[1], false);
    return off ? std::nullopt : problem{off.error().message()};
}

// assign|unassign|login|logout <tenant>/<user> <kind>
scenario::problem audit_scenario::license(const words& line, std::size_t number, std::ostream& out) {
    if (line.size() != 3) {
        return "usage: " + std::string{line[0]} + " <tenant>/<user> <kind>";
    }
    licpool::kind_id kind{};
    if (auto wrong = counted_kind(line[2], kind)) {
        return wrong;
    }
    std::optional<scenario_pool::tenant_handle> tenant;
    licpool::user_id user{};
    if (auto wrong = find_user(line[1], tenant, user, false)) {
        return wrong;
    }
    const auto done = line[0] == "assign"     ? tenant->assign(user, line[2])
                      : line[0] == "unassign" ? tenant->unassign(user, line[2])
                      : line[0] == "login"    ? tenant->login(user, line[2])
                                              : tenant->logout(user, line[2]);
    if (!done) {
        if (done.error().code() == licpool::errc::seat_kind) {
            return done.error().message();
        }
        refused(number, done.error(), out);
    }
    return std::nullopt;
}

// audit: kinds, tenants, findings, exceeded messages.
scenario::problem audit_scenario::audit(const words& line, std::ostream& out) {
    if (line.size() != 1) {
        return std::string{"usage: audit"};
    }
    out << pool().audit();
    return std::nullopt;
}

} // namespace licpool_cli
