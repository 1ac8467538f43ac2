// licpool: license pools for PBX, dialer and contact-center software.
// Distributed under the Boost Software License, Version 1.0.
#ifndef LICPOOL_KEYS_SHA256_HPP
#define LICPOOL_KEYS_SHA256_HPP

#include <licpool/keys/constant_time.hpp>

#include <array>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string_view>

// The x86 SHA extensions (SHA-NI) path is compiled where the compiler can express it without
// an intrinsics header (issue 15 keeps those out of public headers: compile time): x86-64
// with clang or GCC 12 and later (the first with __builtin_shufflevector), never MSVC, and
// not when LICPOOL_PORTABLE_SHA256 asks for the portable path alone. It runs only where the
// CPU has the extensions (detail::sha256_sha_ni_usable).
#if !defined(LICPOOL_PORTABLE_SHA256) && defined(__x86_64__) && !defined(_MSC_VER) && \
    (defined(__clang__) || (defined(__GNUC__) && __GNUC__ >= 12))
#define LICPOOL_DETAIL_SHA256_X86 1
#endif

#if !defined(LICPOOL_EXPECTED_MISSING) // no expected type: core/expected.hpp says so, once
namespace licpool {
namespace detail {

// FIPS 180-4 section 4.2.2: the first 32 bits of the fractional parts of the cube roots of
// the first sixty-four primes. Aligned so that the SHA-NI path reads four at a time.
alignas(16) inline constexpr std::uint32_t sha256_round_constants[64] = {
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
    0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
    0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
    0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
    0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
};

// FIPS 180-4 section 5.3.3: the first 32 bits of the fractional parts of the square roots of
// the first eight primes.
inline constexpr std::array<std::uint32_t, 8> sha256_initial_state = {
    0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19};

// Zeroes words the optimizer may not drop (see secure_wipe), a word per store rather than a
// byte: the portable path wipes its 64-word schedule on every call.
inline void sha256_wipe_words(std::uint32_t* words, std::size_t count) noexcept {
    volatile std::uint32_t* w = words;
    for (std::size_t i = 0; i < count; ++i) {
        w[i] = 0;
    }
}

constexpr std::uint32_t sha256_rotr(std::uint32_t x, unsigned n) noexcept { return (x >> n) | (x << (32 - n)); }

/// FIPS 180-4 section 6.2.2, as the specification writes it: `count` 64-byte blocks into the
/// eight words of `state`. Bytes are read into words one at a time, most significant first,
/// so the result is the same on big- and little-endian machines.
inline void sha256_compress_portable(std::uint32_t* state, const unsigned char* blocks, std::size_t count) noexcept {
    std::uint32_t w[64];
    for (; count > 0; --count, blocks += 64) {
        for (std::size_t t = 0; t < 16; ++t) {
            w[t] = static_cast<std::uint32_t>(blocks[4 * t]) << 24 | static_cast<std::uint32_t>(blocks[4 * t + 1]) << 16 |
                   static_cast<std::uint32_t>(blocks[4 * t + 2]) << 8 | static_cast<std::uint32_t>(blocks[4 * t + 3]);
        }
        for (std::size_t t = 16; t < 64; ++t) {
            const std::uint32_t s0 = sha256_rotr(w[t - 15], 7) ^ sha256_rotr(w[t - 15], 18) ^ (w[t - 15] >> 3);
            const std::uint32_t s1 = sha256_rotr(w[t - 2], 17) ^ sha256_rotr(w[t - 2], 19) ^ (w[t - 2] >> 10);
            w[t] = w[t - 16] + s0 + w[t - 7] + s1;
        }
        std::uint32_t a = state[0], b = state[1], c = state[2], d = state[3];
        std::uint32_t e = state[4], f = state[5], g = state[6], h = state[7];
        for (std::size_t t = 0; t < 64; ++t) {
            const std::uint32_t sum1 = sha256_rotr(e, 6) ^ sha256_rotr(e, 11) ^ sha256_rotr(e, 25);
            const std::uint32_t choose = (e & f) ^ (~e & g);
            const std::uint32_t t1 = h + sum1 + choose + sha256_round_constants[t] + w[t];
            const std::uint32_t sum0 = sha256_rotr(a, 2) ^ sha256_rotr(a, 13) ^ sha256_rotr(a, 22);
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
        state[0] += a;
        state[1] += b;
        state[2] += c;
        state[3] += d;
        state[4] += e;
        state[5] += f;
        state[6] += g;
        state[7] += h;
    }
    // The schedule holds what was hashed (an HMAC key block, say) in recoverable form.
    sha256_wipe_words(w, 64);
}

#if defined(LICPOOL_DETAIL_SHA256_X86)
// The SHA-NI path, written with the compilers' vector extensions and builtins rather than
// <immintrin.h> (issue 15: public headers stay cheap to compile). Lane 0 is the lowest.
typedef int sha256_v4si __attribute__((vector_size(16)));
typedef char sha256_v16qi __attribute__((vector_size(16)));
typedef unsigned sha256_v4su __attribute__((vector_size(16)));

// Lane-wise addition modulo 2^32. The builtins take signed lanes, but signed overflow is
// undefined (UBSan reports it): SHA-256's additions are done on unsigned lanes.
inline sha256_v4si sha256_x86_add(sha256_v4si a, sha256_v4si b) noexcept {
    return (sha256_v4si)((sha256_v4su)a + (sha256_v4su)b);
}

#define LICPOOL_DETAIL_SHA256_X86_TARGET __attribute__((target("sha,sse4.1,ssse3")))

// Four message words from 16 bytes, each read big-endian (a byte shuffle: pshufb).
LICPOOL_DETAIL_SHA256_X86_TARGET inline sha256_v4si sha256_x86_load(const unsigned char* bytes) noexcept {
    sha256_v16qi v;
    std::memcpy(&v, bytes, 16);
    return (sha256_v4si)__builtin_shufflevector(v, v, 3, 2, 1, 0, 7, 6, 5, 4, 11, 10, 9, 8, 15, 14, 13, 12);
}

// Rounds 4g to 4g+3 on message words `w`: sha256rnds2 does two rounds, taking its two words
// from the low half of its third operand.
LICPOOL_DETAIL_SHA256_X86_TARGET inline void sha256_x86_rounds(sha256_v4si& abef, sha256_v4si& cdgh, sha256_v4si w,
                                                               std::size_t g) noexcept {
    sha256_v4si k;
    std::memcpy(&k, &sha256_round_constants[4 * g], 16);
    const sha256_v4si wk = sha256_x86_add(w, k);
    cdgh = __builtin_ia32_sha256rnds2(cdgh, abef, wk);
    abef = __builtin_ia32_sha256rnds2(abef, cdgh, __builtin_shufflevector(wk, wk, 2, 3, 2, 3));
}

// The next four message words from the last sixteen, w_4 (oldest) to w_1: FIPS 180-4's
// W_t = s1(W_t-2) + W_t-7 + s0(W_t-15) + W_t-16, with sha256msg1 adding the s0 terms,
// the shuffle taking W_t-7, and sha256msg2 adding the s1 terms (which need the words
// it is computing).
LICPOOL_DETAIL_SHA256_X86_TARGET inline sha256_v4si sha256_x86_schedule(sha256_v4si w_4, sha256_v4si w_3,
                                                                        sha256_v4si w_2, sha256_v4si w_1) noexcept {
    return __builtin_ia32_sha256msg2(
        sha256_x86_add(__builtin_ia32_sha256msg1(w_4, w_3), __builtin_shufflevector(w_2, w_1, 1, 2, 3, 4)), w_1);
}

/// The same function as `sha256_compress_portable`, with the x86 SHA extensions. Call it only
/// where `sha256_sha_ni_usable()`; x86 is little-endian, so the words of `state` are loaded
/// as they are.
LICPOOL_DETAIL_SHA256_X86_TARGET inline void sha256_compress_sha_ni(std::uint32_t* state, const unsigned char* blocks,
                                                                    std::size_t count) noexcept {
    sha256_v4si dcba;
    sha256_v4si hgfe;
    std::memcpy(&dcba, state, 16);
    std::memcpy(&hgfe, state + 4, 16);
    // sha256rnds2 keeps the working variables as (A, B, E, F) and (C, D, G, H), A highest.
    sha256_v4si abef = __builtin_shufflevector(dcba, hgfe, 5, 4, 1, 0);
    sha256_v4si cdgh = __builtin_shufflevector(dcba, hgfe, 7, 6, 3, 2);
    for (; count > 0; --count, blocks += 64) {
        const sha256_v4si abef_before = abef;
        const sha256_v4si cdgh_before = cdgh;
        sha256_v4si w0 = sha256_x86_load(blocks);
        sha256_v4si w1 = sha256_x86_load(blocks + 16);
        sha256_v4si w2 = sha256_x86_load(blocks + 32);
        sha256_v4si w3 = sha256_x86_load(blocks + 48);
        sha256_x86_rounds(abef, cdgh, w0, 0);
        sha256_x86_rounds(abef, cdgh, w1, 1);
        sha256_x86_rounds(abef, cdgh, w2, 2);
        sha256_x86_rounds(abef, cdgh, w3, 3);
        for (std::size_t g = 4; g < 16; g += 4) {
            w0 = sha256_x86_schedule(w0, w1, w2, w3);
            sha256_x86_rounds(abef, cdgh, w0, g);
            w1 = sha256_x86_schedule(w1, w2, w3, w0);
            sha256_x86_rounds(abef, cdgh, w1, g + 1);
            w2 = sha256_x86_schedule(w2, w3, w0, w1);
            sha256_x86_rounds(abef, cdgh, w2, g + 2);
            w3 = sha256_x86_schedule(w3, w0, w1, w2);
            sha256_x86_rounds(abef, cdgh, w3, g + 3);
        }
        abef = sha256_x86_add(abef, abef_before);
        cdgh = sha256_x86_add(cdgh, cdgh_before);
    }
    dcba = __builtin_shufflevector(abef, cdgh, 3, 2, 7, 6);
    hgfe = __builtin_shufflevector(abef, cdgh, 1, 0, 5, 4);
    std::memcpy(state, &dcba, 16);
    std::memcpy(state + 4, &hgfe, 16);
}
#undef LICPOOL_DETAIL_SHA256_X86_TARGET

// CPUID directly: clang 14's __builtin_cpu_supports does not know "sha", and <cpuid.h> is
// one of the intrinsics headers public headers leave out.
inline void sha256_x86_cpuid(unsigned leaf, unsigned (&regs)[4]) noexcept {
    __asm__("cpuid" : "=a"(regs[0]), "=b"(regs[1]), "=c"(regs[2]), "=d"(regs[3]) : "a"(leaf), "c"(0u));
}

inline bool sha256_x86_cpu_has_sha_ni() noexcept {
    unsigned regs[4];
    sha256_x86_cpuid(0, regs);
    if (regs[0] < 7) {
        return false;
    }
    sha256_x86_cpuid(1, regs);
    const bool ssse3 = (regs[2] >> 9 & 1) != 0;
    const bool sse41 = (regs[2] >> 19 & 1) != 0;
    sha256_x86_cpuid(7, regs);
    const bool sha = (regs[1] >> 29 & 1) != 0;
    return ssse3 && sse41 && sha;
}
#endif // LICPOOL_DETAIL_SHA256_X86

/// True when the SHA-NI path is compiled in and this CPU runs it; asked once.
inline bool sha256_sha_ni_usable() noexcept {
#if defined(LICPOOL_DETAIL_SHA256_X86)
    static const bool usable = sha256_x86_cpu_has_sha_ni();
    return usable;
#else
    return false;
#endif
}

using sha256_compress_function = void (*)(std::uint32_t*, const unsigned char*, std::size_t) noexcept;

/// The compression function every hash uses, chosen once, at the first hash: SHA-NI where
/// usable, else the portable one. A reference so that tests and benchmarks can set the
/// portable path for a while (nothing else may: it is not synchronized).
inline sha256_compress_function& sha256_compressor() noexcept {
#if defined(LICPOOL_DETAIL_SHA256_X86)
    static sha256_compress_function selected =
        sha256_sha_ni_usable() ? &sha256_compress_sha_ni : &sha256_compress_portable;
#else
    static sha256_compress_function selected = &sha256_compress_portable;
#endif
    return selected;
}

inline void sha256_compress(std::uint32_t* state, const unsigned char* blocks, std::size_t count) noexcept {
    sha256_compressor()(state, blocks, count);
}

/// Hashes the last `size` bytes of a message, at `data`, on from `state`, which has taken
/// `before` bytes already (whole blocks), pads them (FIPS 180-4 section 5.1.1) and writes the
/// 32-byte digest to `digest`. Whole blocks are compressed where they lie; only the tail is
/// copied, and wiped afterwards unless `wipe_tail` is false (for a message that is no secret).
inline void sha256_finish_message(std::uint32_t* state, const unsigned char* data, std::size_t size,
                                  std::uint64_t before, std::uint8_t* digest, bool wipe_tail = true) noexcept {
    const std::size_t whole = size / 64;
    if (whole > 0) {
        sha256_compress(state, data, whole);
    }
    const std::size_t rest = size - whole * 64;
    // A 1 bit, zeros up to 56 bytes mod 64, then the length in bits, 64 bits big-endian.
    const std::size_t tail_size = rest < 56 ? 64 : 128;
    unsigned char tail[128];
    if (rest > 0) {
        std::memcpy(tail, data + whole * 64, rest);
    }
    tail[rest] = 0x80;
    std::memset(tail + rest + 1, 0, tail_size - 8 - rest - 1);
    const std::uint64_t bits = (before + size) * 8;
    for (std::size_t i = 0; i < 8; ++i) {
        tail[tail_size - 1 - i] = static_cast<unsigned char>(bits >> (8 * i));
    }
    sha256_compress(state, tail, tail_size / 64);
    for (std::size_t i = 0; i < 8; ++i) {
        digest[4 * i] = static_cast<std::uint8_t>(state[i] >> 24);
        digest[4 * i + 1] = static_cast<std::uint8_t>(state[i] >> 16);
        digest[4 * i + 2] = static_cast<std::uint8_t>(state[i] >> 8);
        digest[4 * i + 3] = static_cast<std::uint8_t>(state[i]);
    }
    // The tail holds message bytes (the end of a long HMAC key, say): wiped, as the hash
    // object wipes its block.
    if (wipe_tail) {
        secure_wipe(tail, rest);
    }
}

} // namespace detail

/// SHA-256 as FIPS 180-4 (section 6.2) defines it, written from the specification (DESIGN 3:
/// no runtime dependencies, so the library carries its own hash). On x86-64 CPUs with the
/// SHA extensions it compresses with them (chosen at run time, once); elsewhere, or built
/// with `LICPOOL_PORTABLE_SHA256`, with the portable code. Both give the same digests.
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
        state_ = detail::sha256_initial_state;
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
        digest_type out;
        detail::sha256_finish_message(state_.data(), block_.data(), buffered_, length_ - buffered_, out.data());
        wipe();
        reset();
        return out;
    }

    /// The digest of one message.
    static digest_type hash(std::string_view text) noexcept { return sha256{}.update(text).finish(); }

private:
    // Reads the caller's bytes through `unsigned char`, which may alias any object, so a
    // `char` text and `std::uint8_t` bytes are read alike and never as another type.
    template <class Byte>
    void absorb(const Byte* data, std::size_t size) noexcept {
        static_assert(sizeof(Byte) == 1, "sha256 hashes bytes");
        const unsigned char* bytes = reinterpret_cast<const unsigned char*>(data);
        length_ += size;
        if (buffered_ > 0) {
            const std::size_t take = size < block_size - buffered_ ? size : block_size - buffered_;
            std::memcpy(block_.data() + buffered_, bytes, take);
            buffered_ += take;
            bytes += take;
            size -= take;
            if (buffered_ < block_size) {
                return;
            }
            detail::sha256_compress(state_.data(), block_.data(), 1);
            buffered_ = 0;
        }
        // Whole blocks are compressed where they lie, all in one call.
        const std::size_t whole = size / block_size;
        if (whole > 0) {
            detail::sha256_compress(state_.data(), bytes, whole);
            bytes += whole * block_size;
            size -= whole * block_size;
        }
        if (size > 0) {
            std::memcpy(block_.data(), bytes, size);
            buffered_ = size;
        }
    }

    void wipe() noexcept {
        secure_wipe(state_);
        secure_wipe(block_);
    }

    std::array<std::uint32_t, 8> state_{};
    std::array<unsigned char, block_size> block_{};
    std::size_t buffered_ = 0;
    std::uint64_t length_ = 0;
};

} // namespace licpool
#endif // !defined(LICPOOL_EXPECTED_MISSING)

#endif // LICPOOL_KEYS_SHA256_HPP
