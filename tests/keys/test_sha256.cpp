#include <licpool/keys/sha256.hpp>

#include "keys/hex.hpp"
#include "keys/sha256_paths.hpp"
#include "licpool_catch.hpp"

#include <cstdint>
#include <string>
#include <vector>

using licpool::sha256;
using licpool_test::scoped_sha256_path;
using licpool_test::sha256_paths;
using licpool_test::to_hex;

// The FIPS 180-4 examples, as NIST publishes them (csrc.nist.gov, "Examples with
// Intermediate Values"), and the long-message vector of the NIST test suite; on each
// compression path (issue 16).
TEST_CASE("SHA-256 gives the published digests", "[keys][sha256]") {
    struct vector {
        std::string message;
        const char* digest;
    };
    const std::vector<vector> vectors = {
        {"", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"},
        {"abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"},
        {"abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
         "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"},
        {"abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu",
         "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1"},
    };
    for (const auto& path : sha256_paths()) {
        CAPTURE(path.name);
        const scoped_sha256_path use{path};
        for (const auto& v : vectors) {
            CAPTURE(v.message);
            CHECK(to_hex(sha256::hash(v.message)) == v.digest);
        }
    }
}

TEST_CASE("SHA-256 of one million 'a'", "[keys][sha256]") {
    const std::string a(1'000'000, 'a');
    for (const auto& path : sha256_paths()) {
        CAPTURE(path.name);
        const scoped_sha256_path use{path};
        CHECK(to_hex(sha256::hash(a)) == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");

        // The same message fed in uneven pieces, across block boundaries, gives the same digest.
        sha256 h;
        std::size_t at = 0;
        for (std::size_t piece = 1; at < a.size(); piece = piece * 3 % 1000 + 1) {
            const std::size_t n = std::min(piece, a.size() - at);
            h.update(std::string_view{a}.substr(at, n));
            at += n;
        }
        CHECK(to_hex(h.finish()) == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
    }
}

TEST_CASE("SHA-256 pads every length correctly", "[keys][sha256]") {
    // Lengths around the padding boundaries (55, 56, 63, 64 bytes...): hashing in one piece
    // and byte by byte must agree, and finish() must start a fresh message.
    for (std::size_t n : {0, 1, 55, 56, 57, 63, 64, 65, 119, 120, 127, 128, 129}) {
        CAPTURE(n);
        const std::string m(n, 'x');
        sha256 bytewise;
        for (char c : m) {
            bytewise.update(std::string_view{&c, 1});
        }
        const auto whole = sha256::hash(m);
        CHECK(bytewise.finish() == whole);
        CHECK(bytewise.update(m).finish() == whole);
    }
}

TEST_CASE("SHA-256 takes bytes and text alike", "[keys][sha256]") {
    const std::uint8_t bytes[] = {'a', 'b', 'c'};
    sha256 h;
    h.update(bytes, 3);
    CHECK(h.finish() == sha256::hash("abc"));

    // Bytes above 0x7F in a text are taken as their unsigned values.
    const std::uint8_t high[] = {0xFF, 0x80, 0x00};
    h.update(high, 3);
    CHECK(h.finish() == sha256::hash(std::string{"\xFF\x80\x00", 3}));
}
