// licpool: license pools for PBX, dialer and contact-center software.
// Distributed under the Boost Software License, Version 1.0.
#ifndef LICPOOL_POOL_DETAIL_SNAPSHOT_TOKENS_HPP
#define LICPOOL_POOL_DETAIL_SNAPSHOT_TOKENS_HPP

#include <licpool/catalog/catalog.hpp>
#include <licpool/core/concat.hpp>
#include <licpool/core/date.hpp>
#include <licpool/core/expected.hpp>
#include <licpool/keys/hmac_sha256.hpp>
#include <licpool/keys/vendor_secret.hpp>
#include <licpool/pool/detail/allocation_state.hpp>

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#if !defined(LICPOOL_EXPECTED_MISSING) // no expected type: core/expected.hpp says so, once
// The snapshot's tokens (snapshot_state.hpp has the format): one value as one token and back,
// a line into its tokens, and the MAC that signs the lines.
// The functions are templates with an unused parameter, called like plain functions, so that
// they are compiled where a snapshot is written or read: scripts/compile-times.
namespace licpool::detail {

template <class Unused = void>
std::string encode_token(std::string_view text) {
    if (text.empty()) {
        return "%%";
    }
    constexpr char digits[] = "0123456789ABCDEF";
    std::string out;
    for (const char c : text) {
        const auto byte = static_cast<unsigned char>(c);
        if (byte <= 0x20 || byte >= 0x7F || c == '%') {
            out += '%';
            out += digits[byte >> 4];
            out += digits[byte & 0xF];
        } else {
            out += c;
        }
    }
    return out;
}

template <class Unused = void>
std::optional<std::string> decode_token(std::string_view token) {
    if (token == "%%") {
        return std::string{};
    }
    const auto hex = [](char c) -> int {
        return c >= '0' && c <= '9' ? c - '0' : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
    };
    std::string out;
    for (std::size_t i = 0; i < token.size(); ++i) {
        if (token[i] != '%') {
            out += token[i];
            continue;
        }
        if (i + 2 >= token.size()) {
            return std::nullopt; // a '%' needs two hex digits after it
        }
        const int hi = hex(token[i + 1]);
        const int lo = hex(token[i + 2]);
        if (hi < 0 || lo < 0) {
            return std::nullopt;
        }
        out += static_cast<char>(hi * 16 + lo);
        i += 2;
    }
    return out;
}

template <class Unused = void>
std::string date_token(const std::optional<date>& d) { return d ? d->to_string() : "-"; }

/// A count whose maximum means "no limit": `*`, so that the text does not depend on the
/// width of the type that holds it.
template <class Unused = void>
std::string count_token(std::uint32_t n) { return n == unlimited ? "*" : std::to_string(n); }

template <class Unused = void>
std::string_view license_method_token(license_method m) {
    switch (m) {
    case license_method::assigned: return "assigned";
    case license_method::concurrent: return "concurrent";
    case license_method::none: break;
    }
    return "none";
}

/// The tokens of one line. Tokens are separated by exactly one space, as written, so two
/// spaces make an empty token that no reader accepts; `out` is reused from line to line.
template <class Unused = void>
void split_tokens(std::string_view line, std::vector<std::string_view>& out) {
    out.clear();
    std::size_t i = 0;
    while (i < line.size()) {
        const std::size_t start = i;
        while (i < line.size() && line[i] != ' ') {
            ++i;
        }
        out.push_back(line.substr(start, i - start));
        ++i;
    }
}

/// A decimal number up to `max`: digits only, no sign, at most 20 of them.
template <class Unused = void>
std::optional<std::uint64_t> parse_number(std::string_view t, std::uint64_t max) {
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
    if (v > max) {
        return std::nullopt;
    }
    return v;
}

/// HMAC-SHA256 of the snapshot's body under the vendor secret, in hex. The body is prefixed
/// with a label so that the secret's MACs over snapshots and over keys never meet.
template <class Unused = void>
std::string snapshot_mac(const vendor_secret& secret, std::string_view body) {
    const auto digest = hmac_sha256{}.compute(secret.bytes(), concat("licpool snapshot mac\n", body));
    constexpr char digits[] = "0123456789abcdef";
    std::string out;
    for (const auto byte : digest) {
        out += digits[byte >> 4];
        out += digits[byte & 0xF];
    }
    return out;
}

// ---- reading a line's tokens as fields ------------------------------------------------------

// A record's field, parsed and stored in `into` (or added to it, for a list), or the
// parse's error: most records of a snapshot are one field.
template <class T, class Field>
expected<void> store(expected<T> parsed, Field& into) {
    if (!parsed) {
        return unexpected<error>(parsed.error());
    }
    into = std::move(*parsed);
    return {};
}
template <class T>
expected<void> store_back(expected<T> parsed, std::vector<T>& into) {
    if (!parsed) {
        return unexpected<error>(parsed.error());
    }
    into.push_back(std::move(*parsed));
    return {};
}

/// The error of the first of `fields` that did not read, if any. A record reads all its
/// fields and then is refused for the leftmost bad one: the messages depend on that order.
template <class... Fields>
std::optional<error> first_error(const Fields&... fields) {
    std::optional<error> found;
    const auto check = [&found](const auto& field) {
        if (!found && !field) {
            found = field.error();
        }
    };
    (check(fields), ...);
    return found;
}

/// The line of a snapshot being read, and its tokens read as fields. A field that does not
/// read is refused with `snapshot_malformed`, naming the line and the token.
/// (A template with an unused parameter only so that its code is compiled where a pool is
/// instantiated, not in every translation unit that includes the pool: scripts/compile-times.)
template <class Unused = void>
class basic_snapshot_line {
    // expected<T>, built only where a call needs it (core/expected.hpp, compile time).
    template <class T>
    using result = expected_in<T, Unused>;

public:
    explicit basic_snapshot_line(const catalog& kinds) : kinds_{kinds} {}

    /// Moves on to the next line of the text.
    void next(std::string_view line) {
        ++number_;
        split_tokens(line, words_);
    }

    std::size_t number() const { return number_; }
    std::size_t size() const { return words_.size(); }
    std::string_view operator[](std::size_t i) const { return words_[i]; }
    /// Whether the line is its record's name and `count` tokens after it.
    bool expect(std::size_t count) const { return words_.size() == count + 1; }

    static unexpected<error> bad_at(std::size_t line, const char* problem, std::string_view detail = {}) {
        return fail(errc::snapshot_malformed).subject(detail).number(static_cast<std::int64_t>(line)).note(problem);
    }
    unexpected<error> bad(const char* problem, std::string_view detail = {}) const {
        return bad_at(number_, problem, detail);
    }

    [[nodiscard]] result<std::uint32_t> count_or_star(std::string_view t) const {
        if (t == "*") {
            return unlimited;
        }
        const auto n = parse_number(t, unlimited - 1);
        if (!n) {
            return bad("a count is not a number", t);
        }
        return static_cast<std::uint32_t>(*n);
    }

    [[nodiscard]] result<std::uint64_t> whole(std::string_view t, std::uint64_t max = ~std::uint64_t{0}) const {
        const auto n = parse_number(t, max);
        if (!n) {
            return bad("a number does not read", t);
        }
        return *n;
    }

    [[nodiscard]] result<std::string> text(std::string_view t) const {
        auto d = decode_token(t);
        if (!d) {
            return bad("a %-escape is broken", t);
        }
        return *d;
    }

    [[nodiscard]] result<date> day(std::string_view t) const {
        const auto d = date::parse(t);
        if (!d) {
            return bad("a date is not YYYY-MM-DD", t);
        }
        return *d;
    }

    [[nodiscard]] result<std::optional<date>> maybe_day(std::string_view t) const {
        if (t == "-") {
            return std::optional<date>{};
        }
        auto d = day(t);
        if (!d) {
            return unexpected<error>(d.error());
        }
        return std::optional<date>{*d};
    }

    [[nodiscard]] result<kind_id> kind(std::string_view t) const {
        const auto k = kinds_.find(t);
        if (!k) {
            return bad("the catalog has no such kind", t);
        }
        return *k;
    }

private:
    const catalog& kinds_;
    std::vector<std::string_view> words_;
    std::size_t number_ = 0;
};
using snapshot_line = basic_snapshot_line<>;

} // namespace licpool::detail
#endif // !defined(LICPOOL_EXPECTED_MISSING)

#endif // LICPOOL_POOL_DETAIL_SNAPSHOT_TOKENS_HPP
