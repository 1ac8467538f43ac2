// Issue 16: the SHA-NI and portable compression paths give the same results, and HMAC keyed
// once (its pad states precomputed) gives what keying at every call gives. The published
// vectors run on both paths in test_sha256.cpp and test_hmac_sha256.cpp.
#include <licpool/keys/hmac_sha256.hpp>
#include <licpool/keys/mac_policy.hpp>
#include <licpool/keys/sha256.hpp>

#include "keys/sha256_paths.hpp"
#include "licpool_catch.hpp"

#include <array>
#include <cstdint>
#include <random>
#include <string>
#include <utility>

namespace {
std::string random_bytes(std::mt19937& rng, std::size_t size) {
    std::uniform_int_distribution<int> byte{0, 255};
    std::string out(size, '\0');
    for (char& c : out) {
        c = static_cast<char>(byte(rng));
    }
    return out;
}

// What these tests compare: the digest of `message` on `path`, in one piece and in two.
licpool::sha256::digest_type digest_on(const licpool_test::sha256_path& path, const std::string& message,
                                       std::size_t split) {
    const licpool_test::scoped_sha256_path use{path};
    licpool::sha256 h;
    h.update(std::string_view{message}.substr(0, split)).update(std::string_view{message}.substr(split));
    return h.finish();
}
} // namespace

TEST_CASE("SHA-256 runs on SHA-NI where the CPU has it, else on the portable path", "[keys][sha256][paths]") {
#if defined(LICPOOL_DETAIL_SHA256_X86)
    if (licpool::detail::sha256_sha_ni_usable()) {
        CHECK(licpool::detail::sha256_compressor() == &licpool::detail::sha256_compress_sha_ni);
        return;
    }
#endif
    CHECK(licpool::detail::sha256_compressor() == &licpool::detail::sha256_compress_portable);
}

TEST_CASE("SHA-256 compression functions agree block by block", "[keys][sha256][paths]") {
    const auto paths = licpool_test::sha256_paths();
    std::mt19937 rng{16};
    std::uniform_int_distribution<std::uint32_t> word;
    for (int round = 0; round < 50; ++round) {
        // Any state, not only the initial one, and one to four blocks at a time.
        std::array<std::uint32_t, 8> start{};
        for (auto& w : start) {
            w = word(rng);
        }
        const std::size_t blocks = static_cast<std::size_t>(round % 4) + 1;
        const std::string data = random_bytes(rng, 64 * blocks);
        const auto* bytes = reinterpret_cast<const unsigned char*>(data.data());
        auto portable = start;
        licpool::detail::sha256_compress_portable(portable.data(), bytes, blocks);
        CHECK(portable != start);
        for (const auto& path : paths) {
            CAPTURE(round, path.name);
            auto state = start;
            path.compress(state.data(), bytes, blocks);
            CHECK(state == portable);
        }
    }
}

TEST_CASE("SHA-256 of random messages of 0 to 300 bytes is the same on every path", "[keys][sha256][paths]") {
    const auto paths = licpool_test::sha256_paths();
    std::mt19937 rng{1604};
    for (std::size_t size = 0; size <= 300; ++size) {
        CAPTURE(size);
        const std::string message = random_bytes(rng, size);
        const std::size_t split = size == 0 ? 0 : rng() % (size + 1);
        const auto portable = digest_on(paths.front(), message, size);
        CHECK(digest_on(paths.front(), message, split) == portable);
        for (const auto& path : paths) {
            CAPTURE(path.name);
            CHECK(digest_on(path, message, split) == portable);
        }
    }
}

TEST_CASE("HMAC-SHA256 keyed once equals HMAC-SHA256 keyed at every call", "[keys][hmac][paths]") {
    STATIC_REQUIRE(licpool::detail::mac_has_with_key<licpool::hmac_sha256>());
    const licpool::hmac_sha256 mac;
    std::mt19937 rng{4231};
    for (const auto& path : licpool_test::sha256_paths()) {
        CAPTURE(path.name);
        const licpool_test::scoped_sha256_path use{path};
        // Keys of every length from 0 to 200: shorter than a block, a block, hashed first.
        for (std::size_t key_size = 0; key_size <= 200; ++key_size) {
            CAPTURE(key_size);
            const std::string key = random_bytes(rng, key_size);
            const std::string message = random_bytes(rng, rng() % 301);
            CAPTURE(message.size());
            const licpool::hmac_sha256::keyed keyed = mac.with_key(key);
            CHECK(keyed.compute(message) == mac.compute(key, message));
        }
    }
}

TEST_CASE("HMAC-SHA256 keyed once copies, and wipes what it is moved from", "[keys][hmac][paths]") {
    const licpool::hmac_sha256 mac;
    const auto expected = mac.compute("vendor secret bytes", "LP-0001 message");
    licpool::hmac_sha256::keyed keyed = mac.with_key("vendor secret bytes");
    const licpool::hmac_sha256::keyed copy = keyed;
    CHECK(copy.compute("LP-0001 message") == expected);

    licpool::hmac_sha256::keyed moved = std::move(keyed);
    CHECK(moved.compute("LP-0001 message") == expected);
    // The moved-from object holds zero states: it no longer computes the key's MAC.
    CHECK(keyed.compute("LP-0001 message") != expected); // NOLINT(bugprone-use-after-move)

    keyed = copy;
    CHECK(keyed.compute("LP-0001 message") == expected);
    licpool::hmac_sha256::keyed other = mac.with_key("another secret");
    other = std::move(moved);
    CHECK(other.compute("LP-0001 message") == expected);
    CHECK(moved.compute("LP-0001 message") != expected); // NOLINT(bugprone-use-after-move)
}
