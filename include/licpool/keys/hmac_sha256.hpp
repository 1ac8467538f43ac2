// licpool: license pools for PBX, dialer and contact-center software.
// Distributed under the Boost Software License, Version 1.0.
#ifndef LICPOOL_KEYS_HMAC_SHA256_HPP
#define LICPOOL_KEYS_HMAC_SHA256_HPP

#include <licpool/keys/constant_time.hpp>
#include <licpool/keys/sha256.hpp>

#include <array>
#include <cstddef>
#include <cstdint>
#include <string_view>

#if !defined(LICPOOL_EXPECTED_MISSING) // no expected type: core/expected.hpp says so, once
namespace licpool {

/// HMAC-SHA256 as RFC 2104 defines it (checked against RFC 4231), and the default `Mac`
/// policy of `feature_key_validator` and `issue_key` (DESIGN 3).
///
/// A `Mac` policy is a default-constructible class with
///  - `using digest_type = std::array<std::uint8_t, N>;` with N >= 12 (a key keeps the
///    leftmost 96 bits), and
///  - `digest_type compute(std::string_view key, std::string_view message) const`;
/// both texts are raw bytes. `is_mac_v` (keys/mac_policy.hpp) checks it.
struct hmac_sha256 {
    using digest_type = sha256::digest_type;

    digest_type compute(std::string_view key, std::string_view message) const noexcept {
        // RFC 2104 section 2: a key longer than a block is hashed first; the key is then
        // padded with zeros to a block.
        std::array<std::uint8_t, sha256::block_size> block{};
        if (key.size() > sha256::block_size) {
            digest_type hashed = sha256::hash(key);
            for (std::size_t i = 0; i < hashed.size(); ++i) {
                block[i] = hashed[i];
            }
            secure_wipe(hashed);
        } else {
            for (std::size_t i = 0; i < key.size(); ++i) {
                block[i] = static_cast<std::uint8_t>(key[i]);
            }
        }

        // H((K ^ ipad) || message), then H((K ^ opad) || inner).
        for (auto& byte : block) {
            byte ^= 0x36;
        }
        sha256 inner;
        inner.update(block).update(message);
        const digest_type inner_digest = inner.finish();

        for (auto& byte : block) {
            byte ^= 0x36 ^ 0x5c;
        }
        sha256 outer;
        outer.update(block).update(inner_digest);
        secure_wipe(block);
        return outer.finish();
    }
};

} // namespace licpool
#endif // !defined(LICPOOL_EXPECTED_MISSING)

#endif // LICPOOL_KEYS_HMAC_SHA256_HPP
