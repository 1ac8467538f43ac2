// licpool: license pools for PBX, dialer and contact-center software.
// Distributed under the Boost Software License, Version 1.0.
#ifndef LICPOOL_POOL_DETAIL_SNAPSHOT_READER_HPP
#define LICPOOL_POOL_DETAIL_SNAPSHOT_READER_HPP

#include <licpool/allocation/job.hpp>
#include <licpool/catalog/catalog.hpp>
#include <licpool/core/date.hpp>
#include <licpool/core/expected.hpp>
#include <licpool/keys/constant_time.hpp>
#include <licpool/keys/vendor_secret.hpp>
#include <licpool/pool/detail/snapshot_report_reader.hpp>
#include <licpool/pool/detail/snapshot_state.hpp>
#include <licpool/pool/detail/snapshot_tokens.hpp>

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_set>
#include <utility>

#if !defined(LICPOOL_EXPECTED_MISSING) // no expected type: core/expected.hpp says so, once
namespace licpool::detail {

/// Reads a snapshot's text into a `snapshot_state`, checking every line and then the MAC.
/// Errors name the line and what is wrong with it.
/// (A template with an unused parameter only so that its code is compiled where a pool is
/// instantiated, not in every translation unit that includes the pool: scripts/compile-times.)
template <class Unused = void>
class basic_snapshot_reader {
    // expected<T>, built only where a call needs it (core/expected.hpp, compile time).
    template <class T>
    using result = expected_in<T, Unused>;

    using state_type = basic_snapshot_state<Unused>;

public:
    basic_snapshot_reader(const catalog& kinds, const vendor_secret& secret) : kinds_{kinds}, secret_{secret}, in_{kinds} {}

    [[nodiscard]] result<state_type> read(std::string_view text) {
        state_type s;
        std::size_t at = 0;
        std::size_t body_end = 0;
        bool signed_off = false;
        while (at < text.size()) {
            const std::size_t end = text.find('\n', at);
            if (end == std::string_view::npos) {
                return basic_snapshot_line<Unused>::bad_at(in_.number() + 1,
                                             "the last line has no line break: the snapshot was cut short");
            }
            in_.next(text.substr(at, end - at));
            if (signed_off) {
                return in_.bad("a line after the mac line");
            }
            if (in_.size() == 0) {
                return in_.bad("an empty line");
            }
            if (in_.number() == 1) {
                if (auto header = read_header(s); !header) {
                    return unexpected<error>(header.error());
                }
            } else if (in_[0] == "mac") {
                if (in_.size() != 2) {
                    return in_.bad("the mac line has one token");
                }
                body_end = at;
                signed_off = true;
                mac_ = std::string{in_[1]};
            } else if (auto record = read_record(s); !record) {
                return unexpected<error>(record.error());
            }
            at = end + 1;
        }
        if (in_.number() == 0) {
            return basic_snapshot_line<Unused>::bad_at(1, "the snapshot is empty");
        }
        if (!signed_off) {
            return in_.bad("the snapshot ends before its mac line: it was cut short");
        }
        const std::string expected_mac = snapshot_mac(secret_, text.substr(0, body_end));
        if (!constant_time_equal(expected_mac, mac_)) {
            return fail(errc::snapshot_mac_mismatch);
        }
        return s;
    }

private:
    [[nodiscard]] result<void> read_header(state_type& s) {
        if (in_.size() != 2 || in_[0] != snapshot_magic) {
            return basic_snapshot_line<Unused>::bad_at(
                1, "the first line is not 'licpool-snapshot <version>': this is not a licpool snapshot");
        }
        const auto version = parse_number(in_[1], 1000);
        if (!version || *version < 1) {
            return basic_snapshot_line<Unused>::bad_at(1, "the format version is not a number");
        }
        if (*version > static_cast<std::uint64_t>(snapshot_version)) {
            return fail(errc::snapshot_version).number(static_cast<std::int64_t>(*version)).limit(snapshot_version);
        }
        s.version = static_cast<int>(*version);
        return {};
    }

    // The record a line holds. `v2` records are refused in a version 1 snapshot.
    [[nodiscard]] result<void> read_record(state_type& s) {
        const std::string_view r = in_[0];
        const bool v2 = r == "fence" || r == "lease" || r == "lease-request" || r == "audits" ||
                        r.rfind("report", 0) == 0;
        if (v2 && s.version < 2) {
            return in_.bad("a record format version 1 does not have", r);
        }
        if (r == "catalog" && in_.expect(1)) {
            // Checked at once: the kinds on later lines are this catalog's names.
            if (auto read = assign_text(in_[1], s.catalog); !read) {
                return read;
            }
            if (s.catalog != kinds_.name()) {
                return fail(errc::snapshot_foreign).subject(s.catalog).context("catalog");
            }
            return {};
        }
        if (r == "serial" && in_.expect(1)) {
            return assign_text(in_[1], s.serial);
        }
        if (r == "source" && in_.expect(1)) {
            if (in_[1] != "keys" && in_[1] != "license_server") {
                return in_.bad("the entitlement source is neither keys nor license_server", in_[1]);
            }
            s.source = std::string{in_[1]};
            return {};
        }
        if (r == "latest-date" && in_.expect(1)) {
            return store(in_.day(in_[1]), s.latest);
        }
        if (r == "trial" && in_.expect(3)) {
            auto serial = in_.text(in_[1]);
            auto code = in_.whole(in_[2], 0xFFF);
            auto key = in_.text(in_[3]);
            if (auto e = first_error(serial, code, key)) {
                return unexpected<error>(*e);
            }
            s.trials.push_back(trial_record{*serial, static_cast<std::uint16_t>(*code), *key});
            return {};
        }
        if (r == "key" && in_.expect(1)) {
            s.key_lines.push_back(in_.number());
            return store_back(in_.text(in_[1]), s.keys);
        }
        if (r == "zone" && in_.expect(1)) {
            auto name = in_.text(in_[1]);
            if (!name) {
                return unexpected<error>(name.error());
            }
            if (find_zone(s, *name)) {
                return in_.bad("a zone is defined twice", *name);
            }
            typename state_type::node n;
            n.name = *name;
            s.nodes.push_back(std::move(n));
            return {};
        }
        if (r == "org" && in_.expect(3)) {
            return read_org(s);
        }
        if (r == "setting" && in_.expect(5)) {
            return read_setting(s);
        }
        if (r == "job" && in_.expect(7)) {
            return read_job(s);
        }
        if (r == "job-kind" && in_.expect(4)) {
            return read_job_kind(s);
        }
        if (r == "user" && in_.expect(6)) {
            return read_user(s);
        }
        if (r == "attribute" && in_.expect(2)) {
            if (s.users.empty()) {
                return in_.bad("an attribute before any user");
            }
            auto key = in_.text(in_[1]);
            auto value = in_.text(in_[2]);
            if (auto e = first_error(key, value)) {
                return unexpected<error>(*e);
            }
            s.users.back().attributes[*key] = *value;
            return {};
        }
        if (r == "assigned" && in_.expect(1)) {
            if (s.users.empty()) {
                return in_.bad("an assigned license before any user");
            }
            auto k = in_.kind(in_[1]);
            if (!k) {
                return unexpected<error>(k.error());
            }
            if (s.users.back().method != license_method::assigned || s.users.back().removed) {
                return in_.bad("an assigned license of a user that does not hold assigned licenses");
            }
            s.users.back().assigned.push_back(*k);
            return {};
        }
        if (r == "poll" && in_.expect(5)) {
            return read_poll(s);
        }
        if (r == "poll-count" && in_.expect(2)) {
            auto k = in_.kind(in_[1]);
            auto n = in_.whole(in_[2], unlimited);
            if (auto e = first_error(k, n)) {
                return unexpected<error>(*e);
            }
            s.poll.last_good.push_back(kind_count{std::string{in_[1]}, static_cast<std::uint32_t>(*n)});
            return {};
        }
        if (r == "daily-audit" && in_.expect(2)) {
            if (in_[1] != "on" && in_[1] != "off") {
                return in_.bad("the daily audit is neither on nor off", in_[1]);
            }
            s.daily_audit = in_[1] == "on";
            return store(in_.maybe_day(in_[2]), s.last_daily_audit);
        }
        if (r == "fence" && in_.expect(1)) {
            return store(in_.whole(in_[1]), s.last_fence);
        }
        if (r == "lease" && in_.expect(6)) {
            return read_lease(s);
        }
        if (r == "lease-request" && in_.expect(3)) {
            auto holder = in_.text(in_[1]);
            auto id = in_.whole(in_[2]);
            auto fence = in_.whole(in_[3]);
            if (auto e = first_error(holder, id, fence)) {
                return unexpected<error>(*e);
            }
            if (*fence > s.last_fence) {
                return in_.bad("a request answered by a fence above the fence counter");
            }
            s.lease_requests.push_back({*holder, *id, *fence});
            return {};
        }
        if (r == "audits" && in_.expect(1)) {
            auto n = in_.whole(in_[1]);
            if (!n) {
                return unexpected<error>(n.error());
            }
            s.audits = *n;
            return {};
        }
        if (r.rfind("report", 0) == 0) {
            return read_report_line(in_, s.history);
        }
        return in_.bad("an unknown record, or a known one with the wrong number of tokens", r);
    }

    [[nodiscard]] result<void> assign_text(std::string_view token, std::string& to) {
        auto t = in_.text(token);
        if (!t) {
            return unexpected<error>(t.error());
        }
        to = *t;
        return {};
    }

    static typename state_type::node* find_zone(state_type& s, const std::string& name) {
        for (auto& n : s.nodes) {
            if (n.zone && n.name == name) {
                return &n;
            }
        }
        return nullptr;
    }
    static typename state_type::node* find_org(state_type& s, const std::string& zone, const std::string& name) {
        for (auto& n : s.nodes) {
            if (!n.zone && n.zone_name == zone && n.name == name) {
                return &n;
            }
        }
        return nullptr;
    }

    [[nodiscard]] result<void> read_org(state_type& s) {
        auto zone = in_.text(in_[1]);
        auto name = in_.text(in_[2]);
        auto acquired = in_.whole(in_[3], unlimited);
        if (auto e = first_error(zone, name, acquired)) {
            return unexpected<error>(*e);
        }
        if (!find_zone(s, *zone)) {
            return in_.bad("an organization of a zone not defined before it", *zone);
        }
        if (find_org(s, *zone, *name)) {
            return in_.bad("an organization is defined twice", *name);
        }
        typename state_type::node n;
        n.zone = false;
        n.zone_name = *zone;
        n.name = *name;
        n.acquired = static_cast<std::uint32_t>(*acquired);
        s.nodes.push_back(std::move(n));
        return {};
    }

    [[nodiscard]] result<void> read_setting(state_type& s) {
        const std::string_view path = in_[1];
        const auto slash = path.find('/');
        typename state_type::node* node = nullptr;
        if (slash == std::string_view::npos) {
            auto zone = in_.text(path);
            if (!zone) {
                return unexpected<error>(zone.error());
            }
            node = find_zone(s, *zone);
        } else {
            auto zone = in_.text(path.substr(0, slash));
            auto org = in_.text(path.substr(slash + 1));
            if (auto e = first_error(zone, org)) {
                return unexpected<error>(*e);
            }
            node = find_org(s, *zone, *org);
        }
        if (node == nullptr) {
            return in_.bad("a setting of a node not defined before it", path);
        }
        auto k = in_.kind(in_[2]);
        auto min = in_.whole(in_[3], unlimited);
        auto max = in_.count_or_star(in_[4]);
        auto weight = in_.whole(in_[5], 1000);
        if (auto e = first_error(k, min, max, weight)) {
            return unexpected<error>(*e);
        }
        if (*min > *max || *weight < 1 || kinds_[*k].is_bundle() || kinds_[*k].is_boolean()) {
            return in_.bad("a setting that breaks the rules (min above max, weight outside 1..1000, or a kind "
                           "that is not counted)");
        }
        node->settings[*k] = limits{static_cast<std::uint32_t>(*min), *max, static_cast<std::uint32_t>(*weight)};
        return {};
    }

    [[nodiscard]] result<void> read_job(state_type& s) {
        typename state_type::job j;
        auto name = in_.text(in_[1]);
        auto zone = in_.text(in_[2]);
        auto org = in_.text(in_[3]);
        auto priority = in_.whole(in_[4], 10);
        if (auto e = first_error(name, zone, org, priority)) {
            return unexpected<error>(*e);
        }
        if (!find_org(s, *zone, *org)) {
            return in_.bad("a job of an organization not defined before it", *org);
        }
        // A set of the names read so far, not a pass over the jobs before: loading n jobs is
        // linear, not quadratic (issue 16: 100,000 jobs took 43 s).
        if (!job_names_.insert(*name).second) {
            return in_.bad("a job name is used twice", *name);
        }
        if (*priority < 1) {
            return in_.bad("a priority outside 1..10");
        }
        j.name = *name;
        j.zone = *zone;
        j.organization = *org;
        j.priority = static_cast<int>(*priority);
        if (in_[5] == "reserved" || in_[5] == "dynamic") {
            j.mode = in_[5] == "reserved" ? allocation_mode::reserved : allocation_mode::dynamic;
        } else {
            return in_.bad("a mode that is neither reserved nor dynamic", in_[5]);
        }
        bool known = false;
        for (const auto state : {job_state::running, job_state::paused, job_state::stopped, job_state::snoozed}) {
            if (in_[6] == to_string(state)) {
                j.state = state;
                known = true;
            }
        }
        if (!known) {
            return in_.bad("a job state that does not exist", in_[6]);
        }
        if (in_[7] != "-") {
            auto k = in_.kind(in_[7]);
            if (!k) {
                return unexpected<error>(k.error());
            }
            j.campaign = *k;
        }
        s.jobs.push_back(std::move(j));
        return {};
    }

    [[nodiscard]] result<void> read_job_kind(state_type& s) {
        auto name = in_.text(in_[1]);
        if (!name) {
            return unexpected<error>(name.error());
        }
        if (s.jobs.empty() || s.jobs.back().name != *name) {
            return in_.bad("a job kind that does not follow its job", *name);
        }
        auto k = in_.kind(in_[2]);
        auto min = in_.whole(in_[3], unlimited);
        auto max = in_.count_or_star(in_[4]);
        if (auto e = first_error(k, min, max)) {
            return unexpected<error>(*e);
        }
        if (*min > *max || !kinds_[*k].is_counted() || kinds_[*k].is_bundle()) {
            return in_.bad("a job kind with min above max, or a kind that is not counted");
        }
        s.jobs.back().kinds.push_back({*k, static_cast<std::uint32_t>(*min), *max});
        return {};
    }

    [[nodiscard]] result<void> read_user(state_type& s) {
        auto zone = in_.text(in_[1]);
        auto org = in_.text(in_[2]);
        auto name = in_.text(in_[3]);
        if (auto e = first_error(zone, org, name)) {
            return unexpected<error>(*e);
        }
        if (!find_org(s, *zone, *org)) {
            return in_.bad("a user of an organization not defined before it", *org);
        }
        typename state_type::user u;
        u.zone = *zone;
        u.organization = *org;
        u.name = *name;
        if (in_[4] != "user" && in_[4] != "station") {
            return in_.bad("neither a user nor a station", in_[4]);
        }
        u.station = in_[4] == "station";
        bool known = false;
        for (const auto m : {license_method::none, license_method::assigned, license_method::concurrent}) {
            if (in_[5] == license_method_token(m)) {
                u.method = m;
                known = true;
            }
        }
        if (!known) {
            return in_.bad("a license method that does not exist", in_[5]);
        }
        if (in_[6] != "active" && in_[6] != "removed") {
            return in_.bad("a user neither active nor removed", in_[6]);
        }
        u.removed = in_[6] == "removed";
        s.users.push_back(std::move(u));
        return {};
    }

    [[nodiscard]] result<void> read_poll(state_type& s) const {
        auto success = in_.maybe_day(in_[1]);
        auto change = in_.maybe_day(in_[2]);
        auto failing = in_.maybe_day(in_[3]);
        auto ends = in_.maybe_day(in_[4]);
        if (auto e = first_error(success, change, failing, ends)) {
            return unexpected<error>(*e);
        }
        if (in_[5] != "lapsed" && in_[5] != "holding") {
            return in_.bad("a grace state neither lapsed nor holding", in_[5]);
        }
        if (failing->has_value() != ends->has_value()) {
            return in_.bad("a failing poll without the end of its grace period, or the other way round");
        }
        s.poll.last_success = *success;
        s.poll.last_change = *change;
        s.poll.failing_since = *failing;
        s.poll.grace_ends = *ends;
        s.poll.lapsed = in_[5] == "lapsed";
        return {};
    }

    [[nodiscard]] result<void> read_lease(state_type& s) {
        auto holder = in_.text(in_[1]);
        auto fence = in_.whole(in_[2]);
        auto id = in_.whole(in_[3]);
        auto k = in_.kind(in_[4]);
        auto n = in_.whole(in_[5], unlimited);
        auto remaining = in_.whole(in_[6], std::uint64_t{1} << 50);
        if (!holder || !fence || !id || !k || !n || !remaining) {
            return in_.bad("a lease field does not read");
        }
        if (*fence == 0 || *fence > s.last_fence || *n == 0 || !kinds_[*k].is_counted() || kinds_[*k].is_bundle()) {
            return in_.bad("a lease with a fence above the fence counter, no licenses, or a kind that is not counted");
        }
        typename state_type::lease l;
        l.holder = *holder;
        l.fence = *fence;
        l.request_id = *id;
        l.kind = *k;
        l.count = static_cast<std::uint32_t>(*n);
        l.remaining_ms = static_cast<std::int64_t>(*remaining);
        s.leases.push_back(std::move(l));
        return {};
    }

    const catalog& kinds_;
    const vendor_secret& secret_;
    basic_snapshot_line<Unused> in_;
    std::string mac_;
    std::unordered_set<std::string> job_names_; // the job lines' names so far
};
using snapshot_reader = basic_snapshot_reader<>;

} // namespace licpool::detail
#endif // !defined(LICPOOL_EXPECTED_MISSING)

#endif // LICPOOL_POOL_DETAIL_SNAPSHOT_READER_HPP
