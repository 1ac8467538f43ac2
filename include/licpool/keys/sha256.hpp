// licpool: license pools for PBX, dialer and contact-center software.
// Distributed under the Boost Software License, Version 1.0.
#ifndef LICPOOL_KEYS_SHA256_HPP
#define LICPOOL_KEYS_SHA256_HPP

#include <licpool/keys/constant_time.hpp>

#include <array>
#include <cstddef>
#include <cstdint>
#include <string_view>

#if !defined(LICPOOL_EXPECTED_MISSING) // no expected type: core/expected.hpp says so, once
namespace licpool {

/// SHA-256 as FIPS 180-4 (section 6.2) defines it, written from the specification (DESIGN 3:
/// no runtime dependencies, so the library carries its own hash).
///
/// Bytes are loaded into and stored from 32-bit words one byte at a time, most significant
/// first, so the result is the same on big- and little-endian machines and no memory is
/// read as another type or past the end of a caller's buffer.
///
/// ```cpp
/// licpool::sha256 h;
/// h.update("ab").update("c");
/// const licpool::sha256::digest_type d = h.finish();   // ba7816bf...
/// ```
class sha256 {
public:
    static constexpr std::size_t digest_size = 32;
    static constexpr std::size_t block_size = 64;
    using digest_type = std::array<std::uint8_t, digest_size>;

    sha256() noexcept { reset(); }
    sha256(const sha256&) = default;
    sha256& operator=(const sha256&) = default;
    /// The state holds what was hashed (an HMAC key, say) in recoverable form: wiped.
    ~sha256() { wipe(); }

    /// Starts a new message.
    void reset() noexcept {
        // FIPS 180-4 section 5.3.3: the first 32 bits of the fractional parts of the square
        // roots of the first eight primes.
        state_ = {0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
                  0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19};
        buffered_ = 0;
        length_ = 0;
    }

    sha256& update(const std::uint8_t* data, std::size_t size) noexcept {
        absorb(data, size);
        return *this;
    }
    sha256& update(std::string_view text) noexcept {
        absorb(text.data(), text.size());
        return *this;
    }
    template <std::size_t N>
    sha256& update(const std::array<std::uint8_t, N>& bytes) noexcept {
        absorb(bytes.data(), N);
        return *this;
    }

    /// The digest of everything given since the last reset; then starts a new message.
    digest_type finish() noexcept {
        // FIPS 180-4 section 5.1.1: a 1 bit, zeros up to 56 bytes mod 64, then the message
        // length in bits as a 64-bit big-endian number.
        const std::uint64_t bits = length_ * 8;
        const std::uint8_t one_bit = 0x80;
        absorb(&one_bit, 1);
        const std::uint8_t zero = 0;
        while (buffered_ != block_size - 8) {
            absorb(&zero, 1);
        }
        std::uint8_t length_bytes[8];
        for (std::size_t i = 0; i < 8; ++i) {
            length_bytes[i] = static_cast<std::uint8_t>(bits >> (56 - 8 * i));
        }
        absorb(length_bytes, 8);

        digest_type out;
        for (std::size_t i = 0; i < 8; ++i) {
            out[4 * i] = static_cast<std::uint8_t>(state_[i] >> 24);
            out[4 * i + 1] = static_cast<std::uint8_t>(state_[i] >> 16);
            out[4 * i + 2] = static_cast<std::uint8_t>(state_[i] >> 8);
            out[4 * i + 3] = static_cast<std::uint8_t>(state_[i]);
        }
        wipe();
        reset();
        return out;
    }

    /// The digest of one message.
    static digest_type hash(std::string_view text) noexcept { return sha256{}.update(text).finish(); }

private:
    // Takes bytes from any byte-sized element type by value conversion, never by reading
    // the caller's memory as another type.
    template <class Byte>
    void absorb(const Byte* data, std::size_t size) noexcept {
        length_ += size;
        for (std::size_t i = 0; i < size; ++i) {
            block_[buffered_++] = static_cast<std::uint8_t>(data[i]);
            if (buffered_ == block_size) {
                compress();
                buffered_ = 0;
            }
        }
    }

    static constexpr std::uint32_t rotr(std::uint32_t x, unsigned n) noexcept {
        return (x >> n) | (x << (32 - n));
    }

    // FIPS 180-4 section 6.2.2: one 512-bit block into the eight working words.
    void compress() noexcept {
        // Section 4.2.2: the first 32 bits of the fractional parts of the cube roots of the
        // first sixty-four primes.
        static constexpr std::uint32_t k[64] = {
            0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
            0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
            0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
            0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
            0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
            0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
            0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
            0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
        };
        std::uint32_t w[64];
        for (std::size_t t = 0; t < 16; ++t) {
            w[t] = static_cast<std::uint32_t>(block_[4 * t]) << 24 |
                   static_cast<std::uint32_t>(block_[4 * t + 1]) << 16 |
                   static_cast<std::uint32_t>(block_[4 * t + 2]) << 8 |
                   static_cast<std::uint32_t>(block_[4 * t + 3]);
        }
        for (std::size_t t = 16; t < 64; ++t) {
            const std::uint32_t s0 = rotr(w[t - 15], 7) ^ rotr(w[t - 15], 18) ^ (w[t - 15] >> 3);
            const std::uint32_t s1 = rotr(w[t - 2], 17) ^ rotr(w[t - 2], 19) ^ (w[t - 2] >> 10);
            w[t] = w[t - 16] + s0 + w[t - 7] + s1;
        }
        std::uint32_t a = state_[0], b = state_[1], c = state_[2], d = state_[3];
        std::uint32_t e = state_[4], f = state_[5], g = state_[6], h = state_[7];
        for (std::size_t t = 0; t < 64; ++t) {
            const std::uint32_t sum1 = rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25);
            const std::uint32_t choose = (e & f) ^ (~e & g);
            const std::uint32_t t1 = h + sum1 + choose + k[t] + w[t];
            const std::uint32_t sum0 = rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22);
            const std::uint32_t majority = (a & b) ^ (a & c) ^ (b & c);
            const std::uint32_t t2 = sum0 + majority;
            h = g;
            g = f;
            f = e;
            e = d + t1;
            d = c;
            c = b;
            b = a;
            a = t1 + t2;
        }
        state_[0] += a;
        state_[1] += b;
        state_[2] += c;
        state_[3] += d;
        state_[4] += e;
        state_[5] += f;
        state_[6] += g;
        state_[7] += h;
        secure_wipe(w, sizeof w);
    }

    void wipe() noexcept {
        secure_wipe(state_);
        secure_wipe(block_);
    }

    std::array<std::uint32_t, 8> state_{};
    std::array<std::uint8_t, block_size> block_{};
    std::size_t buffered_ = 0;
    std::uint64_t length_ = 0;
};

} // namespace licpool
#endif // !defined(LICPOOL_EXPECTED_MISSING)

#endif // LICPOOL_KEYS_SHA256_HPP
