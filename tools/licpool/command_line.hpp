// The licpool CLI's small argument reader: `--name value`, `--name=value`, flags and
// positional words, with usage errors reported as exit status 2.
#ifndef LICPOOL_EXAMPLES_CLI_COMMAND_LINE_HPP
#define LICPOOL_EXAMPLES_CLI_COMMAND_LINE_HPP

#include <initializer_list>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace licpool_cli {

/// Exit statuses shared by every command.
enum exit_status : int { exit_ok = 0, exit_refused = 1, exit_usage = 2 };

/// `text` in single quotes, for messages. Built by appending rather than
/// `"'" + std::string{text} + "'"`: GCC 12 at -O3 reports a false -Wrestrict inside
/// std::string's insert for that form (issue 12, defect 12).
inline std::string in_quotes(std::string_view text) {
    std::string out;
    out.reserve(text.size() + 2);
    out += '\'';
    out += text;
    out += '\'';
    return out;
}

/// `text` as a whole number no larger than `max`: decimal digits only, no sign.
inline std::optional<unsigned long long> parse_number(std::string_view text, unsigned long long max) {
    if (text.empty() || text.size() > 19) {
        return std::nullopt;
    }
    unsigned long long value = 0;
    for (const char c : text) {
        if (c < '0' || c > '9') {
            return std::nullopt;
        }
        value = value * 10 + static_cast<unsigned long long>(c - '0');
    }
    if (value > max) {
        return std::nullopt;
    }
    return value;
}

class command_line {
public:
    /// Reads `args` knowing which options take a value and which are bare flags. An
    /// unknown option, or a valued option without its value, is recorded as a usage error.
    command_line(std::vector<std::string> args, std::initializer_list<std::string_view> valued,
                 std::initializer_list<std::string_view> flags) {
        const std::set<std::string_view> with_value(valued);
        const std::set<std::string_view> bare(flags);
        for (std::size_t i = 0; i < args.size(); ++i) {
            const std::string& arg = args[i];
            if (arg.size() < 3 || arg.compare(0, 2, "--") != 0) {
                positional_.push_back(arg);
                continue;
            }
            const auto eq = arg.find('=');
            const std::string name = arg.substr(2, eq == std::string::npos ? std::string::npos : eq - 2);
            if (bare.count(name) != 0 && eq == std::string::npos) {
                flags_.insert(name);
            } else if (with_value.count(name) == 0) {
                problem_ = "unknown option --" + name;
                return;
            } else if (eq != std::string::npos) {
                options_[name] = arg.substr(eq + 1);
            } else if (i + 1 < args.size()) {
                options_[name] = args[++i];
            } else {
                problem_ = "option --" + name + " needs a value";
                return;
            }
        }
    }

    /// The first usage problem met, if any.
    const std::optional<std::string>& problem() const { return problem_; }

    std::optional<std::string> option(const std::string& name) const {
        const auto it = options_.find(name);
        return it == options_.end() ? std::nullopt : std::optional<std::string>{it->second};
    }
    bool flag(const std::string& name) const { return flags_.count(name) != 0; }
    const std::vector<std::string>& positional() const { return positional_; }

private:
    std::map<std::string, std::string> options_;
    std::set<std::string> flags_;
    std::vector<std::string> positional_;
    std::optional<std::string> problem_;
};

} // namespace licpool_cli

#endif // LICPOOL_EXAMPLES_CLI_COMMAND_LINE_HPP
