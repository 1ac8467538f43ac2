#include <licpool/keys/hmac_sha256.hpp>
#include <licpool/keys/mac_policy.hpp>

#include "keys/hex.hpp"
#include "keys/sha256_paths.hpp"
#include "licpool_catch.hpp"

#include <string>
#include <vector>

using licpool_test::from_hex;
using licpool_test::to_hex;

// RFC 4231 section 4: all seven HMAC-SHA256 test cases, on each compression path, and keyed
// once (`with_key`) as well as at every call (issue 16).
TEST_CASE("HMAC-SHA256 gives the RFC 4231 results", "[keys][hmac]") {
    struct test_case {
        int number;
        std::string key;
        std::string data;
        const char* mac;
        std::size_t bytes_compared;
    };
    const std::string long_key(131, '\xaa');
    const std::vector<test_case> cases = {
        {1, std::string(20, '\x0b'), "Hi There",
         "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7", 32},
        {2, "Jefe", "what do ya want for nothing?",
         "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843", 32},
        {3, std::string(20, '\xaa'), std::string(50, '\xdd'),
         "773ea91e36800e46854db8ebd09181a72959098b3ef8c122d9635514ced565fe", 32},
        {4, from_hex("0102030405060708090a0b0c0d0e0f10111213141516171819"), std::string(50, '\xcd'),
         "82558a389a443c0ea4cc819899f2083a85f0faa3e578f8077a2e3ff46729665b", 32},
        // Case 5 publishes the MAC truncated to 128 bits.
        {5, std::string(20, '\x0c'), "Test With Truncation", "a3b6167473100ee06e0c796c2955552b", 16},
        {6, long_key, "Test Using Larger Than Block-Size Key - Hash Key First",
         "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54", 32},
        {7, long_key,
         "This is a test using a larger than block-size key and a larger than block-size data. "
         "The key needs to be hashed before being used by the HMAC algorithm.",
         "9b09ffa71b942fcb27635fbcd5b0e944bfdc63644f0713938a7f51535c3a35e2", 32},
    };
    const licpool::hmac_sha256 mac;
    for (const auto& path : licpool_test::sha256_paths()) {
        CAPTURE(path.name);
        const licpool_test::scoped_sha256_path use{path};
        for (const auto& c : cases) {
            CAPTURE(c.number);
            CHECK(to_hex(mac.compute(c.key, c.data), c.bytes_compared) == c.mac);
            CHECK(to_hex(mac.with_key(c.key).compute(c.data), c.bytes_compared) == c.mac);
        }
    }
}

TEST_CASE("HMAC-SHA256 keys of exactly one block are used as they are", "[keys][hmac]") {
    // 64 bytes is the boundary between padding the key and hashing it first: a 64-byte key
    // and its 65-byte extension must not collide, and the result is deterministic.
    const licpool::hmac_sha256 mac;
    const std::string k64(64, 'k');
    const std::string k65(65, 'k');
    CHECK(mac.compute(k64, "m") == mac.compute(k64, "m"));
    CHECK(mac.compute(k64, "m") != mac.compute(k65, "m"));
    CHECK(mac.compute(k64, "m") != mac.compute(k64, "n"));
}

TEST_CASE("hmac_sha256 meets the Mac policy", "[keys][hmac][policy]") {
    STATIC_REQUIRE(licpool::is_mac_v<licpool::hmac_sha256>);
}
