// licpool: license pools for PBX, dialer and contact-center software.
// Distributed under the Boost Software License, Version 1.0.
#ifndef LICPOOL_POOL_DETAIL_SNAPSHOT_TOKENS_HPP
#define LICPOOL_POOL_DETAIL_SNAPSHOT_TOKENS_HPP

#include <licpool/catalog/kind.hpp>
#include <licpool/core/concat.hpp>
#include <licpool/core/date.hpp>
#include <licpool/keys/hmac_sha256.hpp>
#include <licpool/keys/vendor_secret.hpp>
#include <licpool/pool/detail/allocation_state.hpp>

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

// The snapshot's tokens (snapshot_state.hpp has the format): one value as one token and back,
// and the MAC that signs the lines.
namespace licpool::detail {

inline std::string encode_token(std::string_view text) {
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

inline std::optional<std::string> decode_token(std::string_view token) {
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

inline std::string date_token(const std::optional<date>& d) { return d ? d->to_string() : "-"; }

/// A count whose maximum means "no limit": `*`, so that the text does not depend on the
/// width of the type that holds it.
inline std::string count_token(std::uint32_t n) { return n == unlimited ? "*" : std::to_string(n); }

inline std::string_view license_method_token(license_method m) {
    switch (m) {
    case license_method::assigned: return "assigned";
    case license_method::concurrent: return "concurrent";
    case license_method::none: break;
    }
    return "none";
}

/// HMAC-SHA256 of the snapshot's body under the vendor secret, in hex. The body is prefixed
/// with a label so that the secret's MACs over snapshots and over keys never meet.
inline std::string snapshot_mac(const vendor_secret& secret, std::string_view body) {
    const auto digest = hmac_sha256{}.compute(secret.bytes(), concat("licpool snapshot mac\n", body));
    constexpr char digits[] = "0123456789abcdef";
    std::string out;
    for (const auto byte : digest) {
        out += digits[byte >> 4];
        out += digits[byte & 0xF];
    }
    return out;
}

} // namespace licpool::detail

#endif // LICPOOL_POOL_DETAIL_SNAPSHOT_TOKENS_HPP
