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
/// both texts are raw bytes. `is_mac_v` (keys/mac_policy.hpp) checks it. Optionally, for a
/// MAC that can be keyed once for many messages:
///  - `K with_key(std::string_view key) const`, where `K` has
///    `digest_type compute(std::string_view message) const`, giving what `compute(key,
///    message)` gives. `feature_key_validator` then keys it once with its vendor secret.
///
/// ```cpp
/// const licpool::hmac_sha256::keyed mac = licpool::hmac_sha256{}.with_key(secret.bytes());
/// const auto digest = mac.compute(message);   // == hmac_sha256{}.compute(secret.bytes(), message)
/// ```
struct hmac_sha256 {
    using digest_type = sha256::digest_type;

    /// HMAC-SHA256 keyed once: the SHA-256 states after the key's inner and outer pad blocks
    /// (RFC 2104's K ^ ipad and K ^ opad), so that a MAC costs the message's blocks and one
    /// outer block instead of two more for the pads (issue 16).
    ///
    /// Either state lets whoever holds it compute MACs as the key would, so they are wiped as
    /// `vendor_secret` wipes its bytes: in the destructor, on assignment, and when moved from
    /// (the moved-from object then only gets assigned or destroyed).
    class keyed {
    public:
        explicit keyed(std::string_view key) noexcept {
            std::array<std::uint8_t, sha256::block_size> block = key_block(key);
            for (auto& byte : block) {
                byte ^= 0x36;
            }
            inner_ = detail::sha256_initial_state;
            detail::sha256_compress(inner_.data(), block.data(), 1);
            for (auto& byte : block) {
                byte ^= 0x36 ^ 0x5c;
            }
            outer_ = detail::sha256_initial_state;
            detail::sha256_compress(outer_.data(), block.data(), 1);
            secure_wipe(block);
        }

        keyed(const keyed&) = default;
        keyed(keyed&& other) noexcept : inner_{other.inner_}, outer_{other.outer_} { other.wipe(); }
        keyed& operator=(const keyed&) = default;
        keyed& operator=(keyed&& other) noexcept {
            if (this != &other) {
                inner_ = other.inner_;
                outer_ = other.outer_;
                other.wipe();
            }
            return *this;
        }
        ~keyed() { wipe(); }

        /// HMAC-SHA256(key, `message`): H((K ^ opad) || H((K ^ ipad) || message)), each hash
        /// taken on from its pad's state.
        digest_type compute(std::string_view message) const noexcept {
            // `state` ends as each digest's words, so nothing of the pad states stays here. The
            // tails hashed are the message, the caller's, and the inner digest, which gives
            // nothing of the key: neither is wiped, which would cost a tenth of a MAC.
            std::array<std::uint32_t, 8> state = inner_;
            digest_type inner_digest;
            detail::sha256_finish_message(state.data(), reinterpret_cast<const unsigned char*>(message.data()),
                                          message.size(), sha256::block_size, inner_digest.data(), false);
            state = outer_;
            digest_type out;
            detail::sha256_finish_message(state.data(), inner_digest.data(), inner_digest.size(), sha256::block_size,
                                          out.data(), false);
            return out;
        }

    private:
        void wipe() noexcept {
            secure_wipe(inner_);
            secure_wipe(outer_);
        }

        std::array<std::uint32_t, 8> inner_;
        std::array<std::uint32_t, 8> outer_;
    };

    // RFC 2104 section 2: a key longer than a block is hashed first; the key is then padded
    // with zeros to a block. The caller wipes the block.
    static std::array<std::uint8_t, sha256::block_size> key_block(std::string_view key) noexcept {
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
        return block;
    }

    /// This MAC keyed with `key` once, for many messages.
    keyed with_key(std::string_view key) const noexcept { return keyed{key}; }

    digest_type compute(std::string_view key, std::string_view message) const noexcept {
        std::array<std::uint8_t, sha256::block_size> block = key_block(key);

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
