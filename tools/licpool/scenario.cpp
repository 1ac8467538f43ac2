#include "scenario.hpp"

#include "command_line.hpp"

#include <chrono>
#include <istream>
#include <ostream>
#include <sstream>

namespace licpool_cli {

namespace {

std::vector<std::string_view> split_words(std::string_view text) {
    std::vector<std::string_view> out;
    std::size_t at = 0;
    while (at < text.size()) {
        while (at < text.size() && (text[at] == ' ' || text[at] == '\t' || text[at] == '\r')) {
            ++at;
        }
        const std::size_t start = at;
        while (at < text.size() && text[at] != ' ' && text[at] != '\t' && text[at] != '\r') {
            ++at;
        }
        if (at > start) {
            out.push_back(text.substr(start, at - start));
        }
    }
    return out;
}

std::string message_of(const licpool::error& e) { return e.message(); }

constexpr unsigned long long max_count = 0xFFFFFFFFull;

} // namespace

scenario::scenario(licpool::catalog kinds)
    : pool_{std::move(kinds), licpool::serial_number{"SIMULATION"},
            *licpool::vendor_secret::make("licpool simulation secret"),
            licpool::pool_options{licpool::entitlement_source::license_server}, licpool::manual_clock{}} {}

int scenario::run(std::istream& in, std::ostream& out, std::ostream& err) {
    std::string text;
    std::size_t number = 0;
    while (std::getline(in, text)) {
        ++number;
        if (const auto hash = text.find('#'); hash != std::string::npos) {
            text.erase(hash);
        }
        const words line = split_words(text);
        if (line.empty()) {
            continue;
        }
        if (const auto wrong = run_line(line, number, out)) {
            out.flush();
            err << "error: line " << number << ": " << *wrong << '\n';
            return exit_usage;
        }
    }
    return exit_ok;
}

scenario::problem scenario::run_line(const words& line, std::size_t number, std::ostream& out) {
    const std::string_view command = line[0];
    if (command == "entitle") {
        return entitle(line);
    }
    if (command == "enable") {
        return enable(line);
    }
    if (command == "zone" || command == "org") {
        return node(line, command == "org");
    }
    if (command == "start") {
        return start(line);
    }
    if (command == "stop" || command == "pause" || command == "resume") {
        return change(line);
    }
    if (command == "set") {
        return set(line);
    }
    if (command == "at") {
        return at(line);
    }
    if (command == "acquire") {
        return acquire(line, out);
    }
    if (command == "release") {
        return release(line, out);
    }
    if (command == "show") {
        return show(line, out);
    }
    bool handled = false;
    auto wrong = extra_command(line, number, out, handled);
    if (!handled) {
        return "unknown command " + in_quotes(command);
    }
    return wrong;
}

scenario::problem scenario::extra_command(const words&, std::size_t, std::ostream&, bool& handled) {
    handled = false;
    return std::nullopt;
}

scenario::problem scenario::counted_kind(std::string_view name, licpool::kind_id& out) const {
    const auto k = kinds().find(name);
    if (!k) {
        return message_of(k.error());
    }
    const auto& kind = kinds()[*k];
    if (kind.is_bundle() || kind.is_boolean()) {
        return "kind " + in_quotes(name) + " is " + (kind.is_bundle() ? "a bundle" : "boolean") +
               "; a counted kind is needed here";
    }
    out = *k;
    return std::nullopt;
}

// entitle <kind> <count>
scenario::problem scenario::entitle(const words& line) {
    if (line.size() != 3) {
        return std::string{"usage: entitle <kind> <count>"};
    }
    // A boolean kind is not entitled by a count either (issue 12, defect 10): it is malformed
    // here as it is in `start`.
    licpool::kind_id k{};
    if (auto wrong = counted_kind(line[1], k)) {
        return wrong;
    }
    const auto count = parse_number(line[2], max_count);
    if (!count) {
        return "count " + in_quotes(line[2]) + " is not a number";
    }
    entitled_[kinds()[k].name] = static_cast<std::uint32_t>(*count);
    return poll();
}

// enable <kind>: a boolean kind (a feature, a server license) is on, not counted.
scenario::problem scenario::enable(const words& line) {
    if (line.size() != 2) {
        return std::string{"usage: enable <boolean kind>"};
    }
    const auto k = kinds().find(line[1]);
    if (!k) {
        return message_of(k.error());
    }
    if (!kinds()[*k].is_boolean()) {
        return "kind " + in_quotes(line[1]) + " is counted; entitle it with a count";
    }
    entitled_[kinds()[*k].name] = 1;
    return poll();
}

// The whole entitlement so far, as one successful poll of the license server.
scenario::problem scenario::poll() {
    std::vector<licpool::kind_count> counts;
    for (const auto& [kind, n] : entitled_) {
        counts.push_back({kind, n});
    }
    if (auto polled = pool_.report_poll(counts); !polled) {
        return message_of(polled.error());
    }
    return std::nullopt;
}

// zone <zone> <kind>:<min>:<max>[:<weight>] ...   org <zone>/<org> <kind>:<min>:<max>[:<weight>] ...
scenario::problem scenario::node(const words& line, bool organization) {
    if (line.size() < 2) {
        return std::string{organization ? "usage: org <zone>/<org> <kind>:<min>:<max>[:<weight>] ..."
                                         : "usage: zone <zone> <kind>:<min>:<max>[:<weight>] ..."};
    }
    std::vector<licpool::kind_limits> settings;
    for (std::size_t i = 2; i < line.size(); ++i) {
        std::vector<std::string_view> parts;
        std::string_view item = line[i];
        for (std::size_t colon = item.find(':'); colon != std::string_view::npos; colon = item.find(':')) {
            parts.push_back(item.substr(0, colon));
            item.remove_prefix(colon + 1);
        }
        parts.push_back(item);
        if (parts.size() != 3 && parts.size() != 4) {
            return "setting " + in_quotes(line[i]) + " is not <kind>:<min>:<max>[:<weight>]";
        }
        licpool::kind_id kind{};
        if (auto wrong = counted_kind(parts[0], kind)) {
            return wrong;
        }
        const auto min = parse_number(parts[1], max_count);
        if (!min) {
            return "min " + in_quotes(parts[1]) + " is not a number";
        }
        auto max = parts[2] == "*" ? std::optional<unsigned long long>{licpool::unlimited} : parse_number(parts[2], max_count);
        if (!max) {
            return "max " + in_quotes(parts[2]) + " is not a number or *";
        }
        unsigned long long weight = 1;
        if (parts.size() == 4) {
            const auto w = parse_number(parts[3], max_count);
            if (!w) {
                return "weight " + in_quotes(parts[3]) + " is not a number";
            }
            if (*w < 1 || *w > licpool::max_weight) {
                return "weight " + std::string{parts[3]} + " is outside 1..1000";
            }
            weight = *w;
        }
        if (*min > *max) {
            return "min " + std::string{parts[1]} + " is above max " + std::string{parts[2]};
        }
        settings.push_back({std::string{parts[0]},
                            {static_cast<std::uint32_t>(*min), static_cast<std::uint32_t>(*max),
                             static_cast<std::uint32_t>(weight)}});
    }
    if (organization) {
        const auto slash = line[1].find('/');
        if (slash == std::string_view::npos || slash == 0 || slash + 1 == line[1].size() ||
            line[1].find('/', slash + 1) != std::string_view::npos) {
            return "organization " + in_quotes(line[1]) + " is not <zone>/<org>";
        }
        const auto set = pool_.set_organization(line[1].substr(0, slash), line[1].substr(slash + 1), settings);
        return set ? std::nullopt : problem{message_of(set.error())};
    }
    const auto set = pool_.set_zone(line[1], settings);
    return set ? std::nullopt : problem{message_of(set.error())};
}

// start <job> kind=<kind> [org=<zone>/<org>] [priority=<1..10>] [min=<n>] max=<n> [mode=reserved|dynamic]
scenario::problem scenario::start(const words& line) {
    if (line.size() < 2) {
        return std::string{"usage: start <job> kind=<kind> [org=<zone>/<org>] [priority=<1..10>] [min=<n>] max=<n> "
                           "[mode=reserved|dynamic]"};
    }
    const std::string name{line[1]};
    if (jobs_.count(name) != 0) {
        return "job " + in_quotes(name) + " exists already (names stay taken after a stop)";
    }
    std::map<std::string_view, std::string_view> given;
    for (std::size_t i = 2; i < line.size(); ++i) {
        const auto eq = line[i].find('=');
        if (eq == std::string_view::npos) {
            return "expected key=value, got " + in_quotes(line[i]);
        }
        const auto key = line[i].substr(0, eq);
        if (key != "kind" && key != "org" && key != "priority" && key != "min" && key != "max" && key != "mode") {
            return "unknown key " + in_quotes(key);
        }
        if (!given.emplace(key, line[i].substr(eq + 1)).second) {
            return "key " + in_quotes(key) + " given twice";
        }
    }
    if (given.count("kind") == 0) {
        return std::string{"start needs kind=<kind>"};
    }
    if (given.count("max") == 0) {
        return std::string{"start needs max=<n>"};
    }
    licpool::kind_id kind{};
    if (auto wrong = counted_kind(given["kind"], kind)) {
        return wrong;
    }
    const auto max = parse_number(given["max"], max_count);
    if (!max) {
        return "max " + in_quotes(given["max"]) + " is not a number";
    }
    unsigned long long min = 0;
    if (given.count("min") != 0) {
        const auto m = parse_number(given["min"], max_count);
        if (!m) {
            return "min " + in_quotes(given["min"]) + " is not a number";
        }
        min = *m;
    }
    if (min > *max) {
        return "min " + std::to_string(min) + " is above max " + std::to_string(*max);
    }
    int priority = 1;
    if (given.count("priority") != 0) {
        const auto p = parse_number(given["priority"], 1000);
        if (!p) {
            return "priority " + in_quotes(given["priority"]) + " is not a number";
        }
        if (*p < licpool::min_priority || *p > licpool::max_priority) {
            return "priority " + std::string{given["priority"]} + " is outside 1..10";
        }
        priority = static_cast<int>(*p);
    }
    auto mode = licpool::allocation_mode::reserved;
    if (given.count("mode") != 0) {
        if (given["mode"] == "dynamic") {
            mode = licpool::allocation_mode::dynamic;
        } else if (given["mode"] != "reserved") {
            return "mode " + in_quotes(given["mode"]) + " is not reserved or dynamic";
        }
    }
    std::string_view org_path = given.count("org") != 0 ? given["org"] : "default/default";
    const auto slash = org_path.find('/');
    if (slash == std::string_view::npos || slash == 0 || slash + 1 == org_path.size() ||
        org_path.find('/', slash + 1) != std::string_view::npos) {
        return "organization " + in_quotes(org_path) + " is not <zone>/<org>";
    }
    const auto org = pool_.organization(org_path.substr(0, slash), org_path.substr(slash + 1));
    if (!org) {
        return message_of(org.error());
    }
    const auto job = pool_.start_job(licpool::job_spec{*org, priority, static_cast<std::uint32_t>(min),
                                                       static_cast<std::uint32_t>(*max), mode,
                                                       {kinds()[kind].name}}
                                         .named(name));
    if (!job) {
        return message_of(job.error());
    }
    jobs_.emplace(name, job_entry{*job, kind, {}});
    return std::nullopt;
}

scenario::problem scenario::find_job(std::string_view name, job_entry*& out) {
    const auto it = jobs_.find(name);
    if (it == jobs_.end()) {
        return "no job is called " + in_quotes(name);
    }
    out = &it->second;
    return std::nullopt;
}

// stop <job> | pause <job> | resume <job>
scenario::problem scenario::change(const words& line) {
    if (line.size() != 2) {
        return "usage: " + std::string{line[0]} + " <job>";
    }
    job_entry* job = nullptr;
    if (auto wrong = find_job(line[1], job)) {
        return wrong;
    }
    const auto changed = line[0] == "stop"    ? pool_.stop_job(job->id)
                         : line[0] == "pause" ? pool_.pause_job(job->id)
                                              : pool_.resume_job(job->id);
    return changed ? std::nullopt : problem{message_of(changed.error())};
}

// set <job> priority=<n>|min=<n>|max=<n> ...
scenario::problem scenario::set(const words& line) {
    if (line.size() < 3) {
        return std::string{"usage: set <job> priority=<n>|min=<n>|max=<n> ..."};
    }
    job_entry* job = nullptr;
    if (auto wrong = find_job(line[1], job)) {
        return wrong;
    }
    const auto explanation = pool_.explain(job->id, job->kind);
    if (!explanation) {
        return message_of(explanation.error());
    }
    std::optional<int> priority;
    unsigned long long min = explanation->min;
    unsigned long long max = explanation->max;
    bool limits = false;
    std::map<std::string_view, bool> seen;
    for (std::size_t i = 2; i < line.size(); ++i) {
        const auto eq = line[i].find('=');
        if (eq == std::string_view::npos) {
            return "expected key=value, got " + in_quotes(line[i]);
        }
        const auto key = line[i].substr(0, eq);
        const auto value = line[i].substr(eq + 1);
        if (key != "priority" && key != "min" && key != "max") {
            return "unknown key " + in_quotes(key);
        }
        if (seen[key]) {
            return "key " + in_quotes(key) + " given twice";
        }
        seen[key] = true;
        const auto n = parse_number(value, max_count);
        if (!n) {
            return std::string{key} + " " + in_quotes(value) + " is not a number";
        }
        if (key == "priority") {
            if (*n < licpool::min_priority || *n > licpool::max_priority) {
                return "priority " + std::string{value} + " is outside 1..10";
            }
            priority = static_cast<int>(*n);
        } else {
            (key == "min" ? min : max) = *n;
            limits = true;
        }
    }
    if (min > max) {
        return "min " + std::to_string(min) + " is above max " + std::to_string(max);
    }
    if (limits) {
        if (auto s = pool_.set_limits(job->id, job->kind, static_cast<std::uint32_t>(min), static_cast<std::uint32_t>(max));
            !s) {
            return message_of(s.error());
        }
    }
    if (priority) {
        if (auto s = pool_.set_priority(job->id, *priority); !s) {
            return message_of(s.error());
        }
    }
    return std::nullopt;
}

// at <seconds>
scenario::problem scenario::at(const words& line) {
    if (line.size() != 2) {
        return std::string{"usage: at <seconds>"};
    }
    const auto t = parse_number(line[1], 1ull << 40);
    if (!t) {
        return "time " + in_quotes(line[1]) + " is not a number of seconds";
    }
    if (*t < now_seconds_) {
        return "at " + std::string{line[1]} + " goes back in time (the clock is at " + std::to_string(now_seconds_) + ")";
    }
    pool_.clock().advance(std::chrono::seconds{static_cast<std::int64_t>(*t - now_seconds_)});
    now_seconds_ = *t;
    pool_.tick();
    return std::nullopt;
}

// acquire <job> <n>
scenario::problem scenario::acquire(const words& line, std::ostream& out) {
    if (line.size() != 3) {
        return std::string{"usage: acquire <job> <n>"};
    }
    job_entry* job = nullptr;
    if (auto wrong = find_job(line[1], job)) {
        return wrong;
    }
    const auto n = parse_number(line[2], 1000000);
    if (!n) {
        return "count " + in_quotes(line[2]) + " is not a number (at most 1000000)";
    }
    unsigned long long granted = 0;
    for (unsigned long long i = 0; i < *n; ++i) {
        auto lease = pool_.acquire(job->id, job->kind);
        if (lease) {
            job->leases.push_back(std::move(*lease));
            ++granted;
        }
    }
    out << "acquire " << line[1] << ' ' << granted << '/' << *n << '\n';
    return std::nullopt;
}

// release <job> <n>
scenario::problem scenario::release(const words& line, std::ostream& out) {
    if (line.size() != 3) {
        return std::string{"usage: release <job> <n>"};
    }
    job_entry* job = nullptr;
    if (auto wrong = find_job(line[1], job)) {
        return wrong;
    }
    const auto n = parse_number(line[2], max_count);
    if (!n) {
        return "count " + in_quotes(line[2]) + " is not a number";
    }
    unsigned long long released = 0;
    while (released < *n && !job->leases.empty()) {
        job->leases.pop_back();
        ++released;
    }
    out << "release " << line[1] << ' ' << released << '\n';
    return std::nullopt;
}

// show
scenario::problem scenario::show(const words& line, std::ostream& out) {
    if (line.size() != 1) {
        return std::string{"usage: show"};
    }
    out << "-- t=" << now_seconds_ << '\n';
    for (const auto& [name, job] : jobs_) {
        const auto used = pool_.job_usage(job.id, job.kind);
        const auto state = pool_.state_of(job.id);
        if (!used || !state) {
            return message_of(!used ? used.error() : state.error());
        }
        if (*state == licpool::job_state::stopped && used->in_use == 0) {
            continue;
        }
        out << name << " quota=" << used->limit << " in_use=" << used->in_use << '\n';
    }
    return std::nullopt;
}

} // namespace licpool_cli
