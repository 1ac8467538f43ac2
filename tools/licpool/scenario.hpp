// The scenario runner behind `licpool simulate` (and `licpool audit`, which adds commands):
// a pool on a manual clock, driven one line at a time.
#ifndef LICPOOL_EXAMPLES_CLI_SCENARIO_HPP
#define LICPOOL_EXAMPLES_CLI_SCENARIO_HPP

#include "command_line.hpp"

#include <licpool/licpool.hpp>

#include <cstdint>
#include <fstream>
#include <iosfwd>
#include <ostream>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace licpool_cli {

/// A single-threaded pool on a clock the scenario moves.
using scenario_pool = licpool::license_pool_st<licpool::manual_clock>;

/// Runs scenario files. Each line is one command; `#` starts a comment. The first malformed
/// line stops the run with `error: line <n>: <what is wrong>` on the error stream.
class scenario {
public:
    explicit scenario(licpool::catalog kinds);
    virtual ~scenario() = default;
    scenario(const scenario&) = delete;
    scenario& operator=(const scenario&) = delete;

    /// Runs every line of `in`; returns the exit status (0, or 2 at a malformed line).
    int run(std::istream& in, std::ostream& out, std::ostream& err);

protected:
    using words = std::vector<std::string_view>;
    /// What is wrong with a line, or nothing.
    using problem = std::optional<std::string>;

    /// A command the simulate set does not know: `handled` false when this runner does not
    /// know it either.
    virtual problem extra_command(const words& line, std::size_t number, std::ostream& out, bool& handled);

    scenario_pool& pool() noexcept { return pool_; }
    const licpool::catalog& kinds() const noexcept { return pool_.kinds(); }
    /// A kind that can be divided among jobs and nodes, or what is wrong with the name.
    problem counted_kind(std::string_view name, licpool::kind_id& out) const;

private:
    struct job_entry {
        licpool::job_id id;
        licpool::kind_id kind;
        std::vector<licpool::lease> leases;
    };

    problem run_line(const words& line, std::size_t number, std::ostream& out);
    problem entitle(const words& line);
    problem enable(const words& line);
    problem poll();
    problem node(const words& line, bool organization);
    problem start(const words& line);
    problem change(const words& line);
    problem set(const words& line);
    problem at(const words& line);
    problem acquire(const words& line, std::ostream& out);
    problem release(const words& line, std::ostream& out);
    problem show(const words& line, std::ostream& out);
    problem find_job(std::string_view name, job_entry*& out);

    scenario_pool pool_;
    std::map<std::string, std::uint32_t, std::less<>> entitled_;
    std::map<std::string, job_entry, std::less<>> jobs_;
    std::uint64_t now_seconds_ = 0;
};

/// `licpool <command> [--catalog NAME] FILE`: runs the scenario file with `Runner`.
template <class Runner>
int run_scenario_file(std::string_view command, const std::vector<std::string>& args, std::ostream& out,
                      std::ostream& err) {
    const command_line cl{args, {"catalog"}, {}};
    if (cl.problem() || cl.positional().size() != 1) {
        err << "licpool " << command << ": " << cl.problem().value_or("give exactly one scenario file")
            << "\nusage: licpool " << command << " [--catalog contact_center|pbx|web_portal] FILE\n";
        return exit_usage;
    }
    auto catalog = licpool::presets::by_name(cl.option("catalog").value_or("contact_center"));
    if (!catalog) {
        err << "licpool " << command << ": " << catalog.error().message() << '\n';
        return exit_usage;
    }
    std::ifstream file{cl.positional()[0]};
    if (!file) {
        err << "licpool " << command << ": cannot read " << cl.positional()[0] << '\n';
        return exit_usage;
    }
    Runner run{std::move(*catalog)};
    return run.run(file, out, err);
}

} // namespace licpool_cli

#endif // LICPOOL_EXAMPLES_CLI_SCENARIO_HPP
