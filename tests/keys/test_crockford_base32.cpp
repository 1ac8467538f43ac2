#include <licpool/keys/crockford_base32.hpp>

#include "licpool_catch.hpp"

#include <cstdint>
#include <random>
#include <string>
#include <vector>

using licpool::crockford_decode;
using licpool::crockford_encode;
using licpool::crockford_value;
using licpool::errc;

namespace {
std::vector<std::uint8_t> bytes_of(std::initializer_list<int> values) {
    std::vector<std::uint8_t> out;
    for (int v : values) {
        out.push_back(static_cast<std::uint8_t>(v));
    }
    return out;
}
std::string encode(const std::vector<std::uint8_t>& b) { return crockford_encode(b.data(), b.size()); }
} // namespace

TEST_CASE("base32 values follow Crockford's alphabet", "[keys][base32]") {
    const std::string alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
    for (std::size_t v = 0; v < alphabet.size(); ++v) {
        CAPTURE(alphabet[v]);
        CHECK(crockford_value(alphabet[v]) == static_cast<int>(v));
        // Lower case reads the same.
        if (alphabet[v] >= 'A') {
            CHECK(crockford_value(static_cast<char>(alphabet[v] - 'A' + 'a')) == static_cast<int>(v));
        }
    }
    // Crockford decoding: I and L are 1, O is 0, in either case; U is no character.
    CHECK(crockford_value('I') == 1);
    CHECK(crockford_value('i') == 1);
    CHECK(crockford_value('L') == 1);
    CHECK(crockford_value('l') == 1);
    CHECK(crockford_value('O') == 0);
    CHECK(crockford_value('o') == 0);
    CHECK(crockford_value('U') == -1);
    CHECK(crockford_value('u') == -1);
    for (char c : std::string{"-_ *#=+/\t\n\0", 11}) {
        CHECK(crockford_value(c) == -1);
    }
    CHECK(crockford_value('\xC3') == -1);
}

TEST_CASE("base32 encodes most significant bits first", "[keys][base32]") {
    CHECK(encode({}).empty());
    CHECK(encode(bytes_of({0x00})) == "00");
    CHECK(encode(bytes_of({0xFF})) == "ZW");           // 11111 111(00)
    CHECK(encode(bytes_of({0x08})) == "10");           // 00001 000(00)
    CHECK(encode(bytes_of({0xFF, 0xFF, 0xFF, 0xFF, 0xFF})) == "ZZZZZZZZ");
    // 00000 00001 00010 00011 00100 00101 00110 00111
    CHECK(encode(bytes_of({0x00, 0x44, 0x32, 0x14, 0xC7})) == "01234567");
    // 00001 00001 00010 00011 00100 00101 00110 00111
    CHECK(encode(bytes_of({0x08, 0x44, 0x32, 0x14, 0xC7})) == "11234567");
}

TEST_CASE("base32 decoding reads any spelling of the same bytes", "[keys][base32]") {
    const auto b = bytes_of({0x08, 0x44, 0x32, 0x14, 0xC7});
    for (const char* text : {"11234567", "IL234567", "il234567", "1-1234-567", " 11 23 45 67 ", "1-1-2-3-4-5-6-7"}) {
        CAPTURE(text);
        const auto decoded = crockford_decode(text);
        REQUIRE(decoded);
        CHECK(*decoded == b);
    }
    const auto zeros = crockford_decode("oO00-0o0O");
    REQUIRE(zeros);
    CHECK(*zeros == bytes_of({0, 0, 0, 0, 0}));
}

TEST_CASE("base32 decoding names the first bad character and its position as given", "[keys][base32]") {
    struct bad {
        const char* text;
        std::int64_t position;
        char character;
    };
    for (const bad& b : {bad{"1123456U", 8, 'U'}, bad{"1-12*4567", 5, '*'}, bad{"  _1234567", 3, '_'},
                         bad{"11234567=", 9, '='}, bad{"11\n234567", 3, '\n'}}) {
        CAPTURE(b.text);
        const auto decoded = crockford_decode(b.text);
        REQUIRE_FALSE(decoded);
        CHECK(decoded.error() == errc::malformed);
        CHECK(decoded.error().number() == b.position);
        CHECK(decoded.error().context() == std::string(1, b.character));
    }
    const auto star = crockford_decode("1-12*4567");
    CHECK(star.error().message() == "key '1-12*4567': character '*' at position 5 is not a key character");
    const auto newline = crockford_decode("11\n234567");
    CHECK(newline.error().message() == "key '11\n234567': byte 0x0A at position 3 is not a key character");
}

TEST_CASE("base32 decoding refuses texts that no bytes encode to", "[keys][base32]") {
    // One character is 5 bits: not a byte, and a whole character of padding.
    CHECK(crockford_decode("1").error() == errc::malformed);
    CHECK(crockford_decode("000").error() == errc::malformed);
    // "ZZ" would be 0xFF plus two padding bits set: not what any byte encodes to.
    const auto padded = crockford_decode("ZZ");
    REQUIRE_FALSE(padded);
    CHECK(padded.error().message() == "key 'ZZ': its last character sets bits past the last whole byte");
    CHECK(crockford_decode("ZW"));
}

TEST_CASE("base32 encode and decode are inverses", "[keys][base32][property]") {
    std::mt19937 rng{20260101};
    for (int round = 0; round < 500; ++round) {
        std::vector<std::uint8_t> b(rng() % 41);
        for (auto& byte : b) {
            byte = static_cast<std::uint8_t>(rng());
        }
        const std::string text = encode(b);
        CHECK(text.size() == (b.size() * 8 + 4) / 5);
        const auto back = crockford_decode(text);
        REQUIRE(back);
        CHECK(*back == b);
    }
}
