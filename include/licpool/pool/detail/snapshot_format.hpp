// licpool: license pools for PBX, dialer and contact-center software.
// Distributed under the Boost Software License, Version 1.0.
#ifndef LICPOOL_POOL_DETAIL_SNAPSHOT_FORMAT_HPP
#define LICPOOL_POOL_DETAIL_SNAPSHOT_FORMAT_HPP

#include <licpool/allocation/job.hpp>
#include <licpool/audit/compliance_report.hpp>
#include <licpool/catalog/catalog.hpp>
#include <licpool/core/concat.hpp>
#include <licpool/core/date.hpp>
#include <licpool/core/expected.hpp>
#include <licpool/keys/constant_time.hpp>
#include <licpool/keys/vendor_secret.hpp>
#include <licpool/pool/detail/snapshot_state.hpp>
#include <licpool/pool/detail/snapshot_tokens.hpp>
#include <licpool/pool/detail/snapshot_writer.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

// The snapshot's reader, and the writer's header. The format is described in snapshot_state.hpp.
namespace licpool::detail {

// ---- reading -----------------------------------------------------------------------------

/// Reads a snapshot's text into a `snapshot_state`, checking every line and then the MAC.
/// Errors name the line and what is wrong with it.
class snapshot_reader {
public:
    snapshot_reader(const catalog& kinds, const vendor_secret& secret) : kinds_{kinds}, secret_{secret} {}

    [[nodiscard]] expected<snapshot_state> read(std::string_view text) {
        snapshot_state s;
        std::size_t at = 0;
        std::size_t body_end = 0;
        bool signed_off = false;
        while (at < text.size()) {
            const std::size_t end = text.find('\n', at);
            if (end == std::string_view::npos) {
                return bad(line_ + 1, "the last line has no line break: the snapshot was cut short");
            }
            ++line_;
            const std::string_view line = text.substr(at, end - at);
            if (signed_off) {
                return bad(line_, "a line after the mac line");
            }
            split(line);
            if (words_.empty()) {
                return bad(line_, "an empty line");
            }
            if (line_ == 1) {
                if (auto header = read_header(s); !header) {
                    return unexpected<error>(header.error());
                }
            } else if (words_[0] == "mac") {
                if (words_.size() != 2) {
                    return bad(line_, "the mac line has one token");
                }
                body_end = at;
                signed_off = true;
                mac_ = std::string{words_[1]};
            } else if (auto record = read_record(s); !record) {
                return unexpected<error>(record.error());
            }
            at = end + 1;
        }
        if (line_ == 0) {
            return bad(1, "the snapshot is empty");
        }
        if (!signed_off) {
            return bad(line_, "the snapshot ends before its mac line: it was cut short");
        }
        const std::string expected_mac = snapshot_mac(secret_, text.substr(0, body_end));
        if (!constant_time_equal(expected_mac, mac_)) {
            return fail(errc::snapshot_mac_mismatch);
        }
        return s;
    }

private:
    static unexpected<error> bad(std::size_t line, const char* problem, std::string_view detail = {}) {
        return fail(errc::snapshot_malformed, detail, {}, static_cast<std::int64_t>(line), 0, problem);
    }

    void split(std::string_view line) {
        words_.clear();
        std::size_t i = 0;
        while (i < line.size()) {
            const std::size_t start = i;
            while (i < line.size() && line[i] != ' ') {
                ++i;
            }
            words_.push_back(line.substr(start, i - start));
            ++i; // one space between tokens, exactly as written
        }
    }

    [[nodiscard]] expected<void> read_header(snapshot_state& s) {
        if (words_.size() != 2 || words_[0] != snapshot_magic) {
            return bad(1, "the first line is not 'licpool-snapshot <version>': this is not a licpool snapshot");
        }
        const auto version = number(words_[1], 1000);
        if (!version || *version < 1) {
            return bad(1, "the format version is not a number");
        }
        if (*version > static_cast<std::uint64_t>(snapshot_version)) {
            return fail(errc::snapshot_version, {}, {}, static_cast<std::int64_t>(*version), snapshot_version);
        }
        s.version = static_cast<int>(*version);
        return {};
    }

    bool expect(std::size_t count) const { return words_.size() == count + 1; }

    static std::optional<std::uint64_t> number(std::string_view t, std::uint64_t max) {
        if (t.empty() || t.size() > 20) {
            return std::nullopt;
        }
        std::uint64_t v = 0;
        for (const char c : t) {
            if (c < '0' || c > '9') {
                return std::nullopt;
            }
            const std::uint64_t next = v * 10 + static_cast<std::uint64_t>(c - '0');
            if (next < v) {
                return std::nullopt;
            }
            v = next;
        }
        return v <= max ? std::optional<std::uint64_t>{v} : std::nullopt;
    }

    [[nodiscard]] expected<std::uint32_t> count_or_star(std::string_view t) {
        if (t == "*") {
            return unlimited;
        }
        const auto n = number(t, unlimited - 1);
        if (!n) {
            return bad(line_, "a count is not a number", t);
        }
        return static_cast<std::uint32_t>(*n);
    }

    [[nodiscard]] expected<std::uint64_t> whole(std::string_view t, std::uint64_t max = ~std::uint64_t{0}) {
        const auto n = number(t, max);
        if (!n) {
            return bad(line_, "a number does not read", t);
        }
        return *n;
    }

    [[nodiscard]] expected<std::string> text(std::string_view t) {
        auto d = decode_token(t);
        if (!d) {
            return bad(line_, "a %-escape is broken", t);
        }
        return *d;
    }

    [[nodiscard]] expected<date> day(std::string_view t) {
        const auto d = date::parse(t);
        if (!d) {
            return bad(line_, "a date is not YYYY-MM-DD", t);
        }
        return *d;
    }

    [[nodiscard]] expected<std::optional<date>> maybe_day(std::string_view t) {
        if (t == "-") {
            return std::optional<date>{};
        }
        auto d = day(t);
        if (!d) {
            return unexpected<error>(d.error());
        }
        return std::optional<date>{*d};
    }

    [[nodiscard]] expected<kind_id> kind(std::string_view t) {
        const auto k = kinds_.find(t);
        if (!k) {
            return bad(line_, "the catalog has no such kind", t);
        }
        return *k;
    }

    // The record a line holds. `v2` records are refused in a version 1 snapshot.
    [[nodiscard]] expected<void> read_record(snapshot_state& s) {
        const std::string_view r = words_[0];
        const bool v2 = r == "fence" || r == "lease" || r == "lease-request" || r == "audits" ||
                        r.rfind("report", 0) == 0;
        if (v2 && s.version < 2) {
            return bad(line_, "a record format version 1 does not have", r);
        }
        if (r == "catalog" && expect(1)) {
            // Checked at once: the kinds on later lines are this catalog's names.
            if (auto read = assign_text(words_[1], s.catalog); !read) {
                return read;
            }
            if (s.catalog != kinds_.name()) {
                return fail(errc::snapshot_foreign, s.catalog, "catalog");
            }
            return {};
        }
        if (r == "serial" && expect(1)) {
            return assign_text(words_[1], s.serial);
        }
        if (r == "source" && expect(1)) {
            if (words_[1] != "keys" && words_[1] != "license_server") {
                return bad(line_, "the entitlement source is neither keys nor license_server", words_[1]);
            }
            s.source = std::string{words_[1]};
            return {};
        }
        if (r == "latest-date" && expect(1)) {
            auto d = day(words_[1]);
            if (!d) {
                return unexpected<error>(d.error());
            }
            s.latest = *d;
            return {};
        }
        if (r == "trial" && expect(3)) {
            auto serial = text(words_[1]);
            auto code = whole(words_[2], 0xFFF);
            auto key = text(words_[3]);
            if (!serial || !code || !key) {
                return unexpected<error>(!serial ? serial.error() : !code ? code.error() : key.error());
            }
            s.trials.push_back(trial_record{*serial, static_cast<std::uint16_t>(*code), *key});
            return {};
        }
        if (r == "key" && expect(1)) {
            auto key = text(words_[1]);
            if (!key) {
                return unexpected<error>(key.error());
            }
            s.keys.push_back(*key);
            s.key_lines.push_back(line_);
            return {};
        }
        if (r == "zone" && expect(1)) {
            auto name = text(words_[1]);
            if (!name) {
                return unexpected<error>(name.error());
            }
            if (find_zone(s, *name)) {
                return bad(line_, "a zone is defined twice", *name);
            }
            snapshot_state::node n;
            n.name = *name;
            s.nodes.push_back(std::move(n));
            return {};
        }
        if (r == "org" && expect(3)) {
            auto zone = text(words_[1]);
            auto name = text(words_[2]);
            auto acquired = whole(words_[3], unlimited);
            if (!zone || !name || !acquired) {
                return unexpected<error>(!zone ? zone.error() : !name ? name.error() : acquired.error());
            }
            if (!find_zone(s, *zone)) {
                return bad(line_, "an organization of a zone not defined before it", *zone);
            }
            if (find_org(s, *zone, *name)) {
                return bad(line_, "an organization is defined twice", *name);
            }
            snapshot_state::node n;
            n.zone = false;
            n.zone_name = *zone;
            n.name = *name;
            n.acquired = static_cast<std::uint32_t>(*acquired);
            s.nodes.push_back(std::move(n));
            return {};
        }
        if (r == "setting" && expect(5)) {
            return read_setting(s);
        }
        if (r == "job" && expect(7)) {
            return read_job(s);
        }
        if (r == "job-kind" && expect(4)) {
            return read_job_kind(s);
        }
        if (r == "user" && expect(6)) {
            return read_user(s);
        }
        if (r == "attribute" && expect(2)) {
            if (s.users.empty()) {
                return bad(line_, "an attribute before any user");
            }
            auto key = text(words_[1]);
            auto value = text(words_[2]);
            if (!key || !value) {
                return unexpected<error>(!key ? key.error() : value.error());
            }
            s.users.back().attributes[*key] = *value;
            return {};
        }
        if (r == "assigned" && expect(1)) {
            if (s.users.empty()) {
                return bad(line_, "an assigned license before any user");
            }
            auto k = kind(words_[1]);
            if (!k) {
                return unexpected<error>(k.error());
            }
            if (s.users.back().method != license_method::assigned || s.users.back().removed) {
                return bad(line_, "an assigned license of a user that does not hold assigned licenses");
            }
            s.users.back().assigned.push_back(*k);
            return {};
        }
        if (r == "poll" && expect(5)) {
            return read_poll(s);
        }
        if (r == "poll-count" && expect(2)) {
            auto k = kind(words_[1]);
            auto n = whole(words_[2], unlimited);
            if (!k || !n) {
                return unexpected<error>(!k ? k.error() : n.error());
            }
            s.poll.last_good.push_back(kind_count{std::string{words_[1]}, static_cast<std::uint32_t>(*n)});
            return {};
        }
        if (r == "daily-audit" && expect(2)) {
            if (words_[1] != "on" && words_[1] != "off") {
                return bad(line_, "the daily audit is neither on nor off", words_[1]);
            }
            s.daily_audit = words_[1] == "on";
            auto last = maybe_day(words_[2]);
            if (!last) {
                return unexpected<error>(last.error());
            }
            s.last_daily_audit = *last;
            return {};
        }
        if (r == "fence" && expect(1)) {
            auto f = whole(words_[1]);
            if (!f) {
                return unexpected<error>(f.error());
            }
            s.last_fence = *f;
            return {};
        }
        if (r == "lease" && expect(6)) {
            return read_lease(s);
        }
        if (r == "lease-request" && expect(3)) {
            auto holder = text(words_[1]);
            auto id = whole(words_[2]);
            auto fence = whole(words_[3]);
            if (!holder || !id || !fence) {
                return unexpected<error>(!holder ? holder.error() : !id ? id.error() : fence.error());
            }
            if (*fence > s.last_fence) {
                return bad(line_, "a request answered by a fence above the fence counter");
            }
            s.lease_requests.push_back({*holder, *id, *fence});
            return {};
        }
        if (r == "audits" && expect(1)) {
            auto n = whole(words_[1]);
            if (!n) {
                return unexpected<error>(n.error());
            }
            s.audits = *n;
            return {};
        }
        if (r.rfind("report", 0) == 0) {
            return read_report(s);
        }
        return bad(line_, "an unknown record, or a known one with the wrong number of tokens", r);
    }

    [[nodiscard]] expected<void> assign_text(std::string_view token, std::string& to) {
        auto t = text(token);
        if (!t) {
            return unexpected<error>(t.error());
        }
        to = *t;
        return {};
    }

    static snapshot_state::node* find_zone(snapshot_state& s, const std::string& name) {
        for (auto& n : s.nodes) {
            if (n.zone && n.name == name) {
                return &n;
            }
        }
        return nullptr;
    }
    static snapshot_state::node* find_org(snapshot_state& s, const std::string& zone, const std::string& name) {
        for (auto& n : s.nodes) {
            if (!n.zone && n.zone_name == zone && n.name == name) {
                return &n;
            }
        }
        return nullptr;
    }

    [[nodiscard]] expected<void> read_setting(snapshot_state& s) {
        const std::string_view path = words_[1];
        const auto slash = path.find('/');
        snapshot_state::node* node = nullptr;
        if (slash == std::string_view::npos) {
            auto zone = text(path);
            if (!zone) {
                return unexpected<error>(zone.error());
            }
            node = find_zone(s, *zone);
        } else {
            auto zone = text(path.substr(0, slash));
            auto org = text(path.substr(slash + 1));
            if (!zone || !org) {
                return unexpected<error>(!zone ? zone.error() : org.error());
            }
            node = find_org(s, *zone, *org);
        }
        if (node == nullptr) {
            return bad(line_, "a setting of a node not defined before it", path);
        }
        auto k = kind(words_[2]);
        auto min = whole(words_[3], unlimited);
        auto max = count_or_star(words_[4]);
        auto weight = whole(words_[5], 1000);
        if (!k || !min || !max || !weight) {
            return unexpected<error>(!k ? k.error() : !min ? min.error() : !max ? max.error() : weight.error());
        }
        if (*min > *max || *weight < 1 || kinds_[*k].is_bundle() || kinds_[*k].is_boolean()) {
            return bad(line_, "a setting that breaks the rules (min above max, weight outside 1..1000, or a kind "
                              "that is not counted)");
        }
        node->settings[*k] = limits{static_cast<std::uint32_t>(*min), *max, static_cast<std::uint32_t>(*weight)};
        return {};
    }

    [[nodiscard]] expected<void> read_job(snapshot_state& s) {
        snapshot_state::job j;
        auto name = text(words_[1]);
        auto zone = text(words_[2]);
        auto org = text(words_[3]);
        auto priority = whole(words_[4], 10);
        if (!name || !zone || !org || !priority) {
            return unexpected<error>(!name ? name.error() : !zone ? zone.error() : !org ? org.error() : priority.error());
        }
        if (!find_org(s, *zone, *org)) {
            return bad(line_, "a job of an organization not defined before it", *org);
        }
        for (const auto& other : s.jobs) {
            if (other.name == *name) {
                return bad(line_, "a job name is used twice", *name);
            }
        }
        if (*priority < 1) {
            return bad(line_, "a priority outside 1..10");
        }
        j.name = *name;
        j.zone = *zone;
        j.organization = *org;
        j.priority = static_cast<int>(*priority);
        if (words_[5] == "reserved" || words_[5] == "dynamic") {
            j.mode = words_[5] == "reserved" ? allocation_mode::reserved : allocation_mode::dynamic;
        } else {
            return bad(line_, "a mode that is neither reserved nor dynamic", words_[5]);
        }
        bool known = false;
        for (const auto state : {job_state::running, job_state::paused, job_state::stopped, job_state::snoozed}) {
            if (words_[6] == to_string(state)) {
                j.state = state;
                known = true;
            }
        }
        if (!known) {
            return bad(line_, "a job state that does not exist", words_[6]);
        }
        if (words_[7] != "-") {
            auto k = kind(words_[7]);
            if (!k) {
                return unexpected<error>(k.error());
            }
            j.campaign = *k;
        }
        s.jobs.push_back(std::move(j));
        return {};
    }

    [[nodiscard]] expected<void> read_job_kind(snapshot_state& s) {
        auto name = text(words_[1]);
        if (!name) {
            return unexpected<error>(name.error());
        }
        if (s.jobs.empty() || s.jobs.back().name != *name) {
            return bad(line_, "a job kind that does not follow its job", *name);
        }
        auto k = kind(words_[2]);
        auto min = whole(words_[3], unlimited);
        auto max = count_or_star(words_[4]);
        if (!k || !min || !max) {
            return unexpected<error>(!k ? k.error() : !min ? min.error() : max.error());
        }
        if (*min > *max || !kinds_[*k].is_counted() || kinds_[*k].is_bundle()) {
            return bad(line_, "a job kind with min above max, or a kind that is not counted");
        }
        s.jobs.back().kinds.push_back({*k, static_cast<std::uint32_t>(*min), *max});
        return {};
    }

    [[nodiscard]] expected<void> read_user(snapshot_state& s) {
        snapshot_state::user u;
        auto zone = text(words_[1]);
        auto org = text(words_[2]);
        auto name = text(words_[3]);
        if (!zone || !org || !name) {
            return unexpected<error>(!zone ? zone.error() : !org ? org.error() : name.error());
        }
        if (!find_org(s, *zone, *org)) {
            return bad(line_, "a user of an organization not defined before it", *org);
        }
        u.zone = *zone;
        u.organization = *org;
        u.name = *name;
        if (words_[4] != "user" && words_[4] != "station") {
            return bad(line_, "neither a user nor a station", words_[4]);
        }
        u.station = words_[4] == "station";
        if (words_[5] == "none" || words_[5] == "assigned" || words_[5] == "concurrent") {
            u.method = words_[5] == "none"       ? license_method::none
                       : words_[5] == "assigned" ? license_method::assigned
                                                 : license_method::concurrent;
        } else {
            return bad(line_, "a license method that does not exist", words_[5]);
        }
        if (words_[6] != "active" && words_[6] != "removed") {
            return bad(line_, "a user neither active nor removed", words_[6]);
        }
        u.removed = words_[6] == "removed";
        s.users.push_back(std::move(u));
        return {};
    }

    [[nodiscard]] expected<void> read_poll(snapshot_state& s) {
        auto success = maybe_day(words_[1]);
        auto change = maybe_day(words_[2]);
        auto failing = maybe_day(words_[3]);
        auto ends = maybe_day(words_[4]);
        if (!success || !change || !failing || !ends) {
            return unexpected<error>(!success ? success.error() : !change ? change.error()
                                                                  : !failing ? failing.error() : ends.error());
        }
        if (words_[5] != "lapsed" && words_[5] != "holding") {
            return bad(line_, "a grace state neither lapsed nor holding", words_[5]);
        }
        if (failing->has_value() != ends->has_value()) {
            return bad(line_, "a failing poll without the end of its grace period, or the other way round");
        }
        s.poll.last_success = *success;
        s.poll.last_change = *change;
        s.poll.failing_since = *failing;
        s.poll.grace_ends = *ends;
        s.poll.lapsed = words_[5] == "lapsed";
        return {};
    }

    [[nodiscard]] expected<void> read_lease(snapshot_state& s) {
        snapshot_state::lease l;
        auto holder = text(words_[1]);
        auto fence = whole(words_[2]);
        auto id = whole(words_[3]);
        auto k = kind(words_[4]);
        auto n = whole(words_[5], unlimited);
        auto remaining = whole(words_[6], std::uint64_t{1} << 50);
        if (!holder || !fence || !id || !k || !n || !remaining) {
            return bad(line_, "a lease field does not read");
        }
        if (*fence == 0 || *fence > s.last_fence || *n == 0 || !kinds_[*k].is_counted() || kinds_[*k].is_bundle()) {
            return bad(line_, "a lease with a fence above the fence counter, no licenses, or a kind that is not counted");
        }
        l.holder = *holder;
        l.fence = *fence;
        l.request_id = *id;
        l.kind = *k;
        l.count = static_cast<std::uint32_t>(*n);
        l.remaining_ms = static_cast<std::int64_t>(*remaining);
        s.leases.push_back(std::move(l));
        return {};
    }

    [[nodiscard]] expected<void> read_report(snapshot_state& s) {
        const std::string_view r = words_[0];
        if (r == "report" && expect(2)) {
            auto d = day(words_[1]);
            auto sequence = whole(words_[2]);
            if (!d || !sequence) {
                return unexpected<error>(!d ? d.error() : sequence.error());
            }
            compliance_report report;
            report.day = *d;
            report.sequence = *sequence;
            s.history.push_back(std::move(report));
            return {};
        }
        if (s.history.empty()) {
            return bad(line_, "a report line before any report", r);
        }
        auto& report = s.history.back();
        if (r == "report-kind" && expect(9)) {
            auto k = kind(words_[1]);
            if (!k) {
                return unexpected<error>(k.error());
            }
            kind_usage u;
            u.kind = *k;
            u.name = std::string{words_[1]};
            std::uint64_t* fields[] = {nullptr, &u.used, &u.held_by_jobs, &u.assigned, &u.logged_in, &u.leased, &u.available};
            auto entitled = whole(words_[2], unlimited);
            if (!entitled) {
                return unexpected<error>(entitled.error());
            }
            u.entitled = static_cast<std::uint32_t>(*entitled);
            for (std::size_t i = 1; i < 7; ++i) {
                auto v = whole(words_[i + 2]);
                if (!v) {
                    return unexpected<error>(v.error());
                }
                *fields[i] = *v;
            }
            if (words_[9] != "exceeded" && words_[9] != "ok") {
                return bad(line_, "a kind neither exceeded nor ok", words_[9]);
            }
            u.exceeded = words_[9] == "exceeded";
            report.kinds.push_back(std::move(u));
            return {};
        }
        if (r == "report-excess" && expect(6)) {
            excess e;
            bool known = false;
            for (const auto level : {excess::level::zone, excess::level::organization, excess::level::job}) {
                if (words_[1] == to_string(level)) {
                    e.where = level;
                    known = true;
                }
            }
            auto name = text(words_[2]);
            auto k = kind(words_[3]);
            auto in_use = whole(words_[4]);
            auto share = whole(words_[5], unlimited);
            auto over = whole(words_[6]);
            if (!known || !name || !k || !in_use || !share || !over) {
                return bad(line_, "an excess field does not read");
            }
            e.name = *name;
            e.kind = *k;
            e.in_use = *in_use;
            e.share = static_cast<std::uint32_t>(*share);
            e.over = *over;
            report.excesses.push_back(std::move(e));
            return {};
        }
        if (r == "report-tenant" && expect(5)) {
            auto zone = text(words_[1]);
            auto name = text(words_[2]);
            auto acquired = whole(words_[3], unlimited);
            auto licensed = whole(words_[4], unlimited);
            auto available = whole(words_[5], unlimited);
            if (!zone || !name || !acquired || !licensed || !available) {
                return bad(line_, "a tenant field does not read");
            }
            report.tenants.push_back(tenant_usage{*zone, *name, static_cast<std::uint32_t>(*acquired),
                                                  static_cast<std::uint32_t>(*licensed),
                                                  static_cast<std::uint32_t>(*available), {}});
            return {};
        }
        if (r == "report-factor" && expect(2)) {
            if (report.tenants.empty()) {
                return bad(line_, "a factor count before any tenant");
            }
            auto factor = text(words_[1]);
            auto users = whole(words_[2], unlimited);
            if (!factor || !users) {
                return bad(line_, "a factor field does not read");
            }
            report.tenants.back().factors.push_back(factor_count{*factor, static_cast<std::uint32_t>(*users)});
            return {};
        }
        if (r == "report-finding" && expect(3)) {
            finding f{finding_code::required_missing, {}, {}};
            bool known = false;
            for (const auto code : {finding_code::outbound_above_telephony, finding_code::zone_mins_above_entitlement,
                                    finding_code::entitlement_clipped, finding_code::required_missing,
                                    finding_code::grace_period, finding_code::prerequisite_missing,
                                    finding_code::serial_absent, finding_code::serial_changed}) {
                if (words_[1] == to_string(code)) {
                    f.code = code;
                    known = true;
                }
            }
            auto k = text(words_[2]);
            auto message = text(words_[3]);
            if (!known || !k || !message) {
                return bad(line_, "a finding field does not read");
            }
            f.kind = *k;
            f.message = *message;
            report.findings.push_back(std::move(f));
            return {};
        }
        if (r == "report-message" && expect(1)) {
            auto message = text(words_[1]);
            if (!message) {
                return unexpected<error>(message.error());
            }
            report.exceeded_messages.push_back(*message);
            return {};
        }
        return bad(line_, "an unknown report record, or a known one with the wrong number of tokens", r);
    }

    const catalog& kinds_;
    const vendor_secret& secret_;
    std::vector<std::string_view> words_;
    std::size_t line_ = 0;
    std::string mac_;
};

} // namespace licpool::detail

#endif // LICPOOL_POOL_DETAIL_SNAPSHOT_FORMAT_HPP
