// libFuzzer target: licpool::pattern (DESIGN 6), the usage-factor criterion's regular
// expressions. The bytes before the first NUL are a pattern, those after it a value (with no
// NUL, the pattern is searched in itself). Beyond "no crash, no sanitizer report, no stack
// overflow", it checks that a refusal says what and where, and that a value matched whole is
// also found by a search.
#include <licpool/audit/pattern.hpp>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

namespace {
void require(bool holds) {
    if (!holds) {
        std::abort();
    }
}
} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    // Matching takes (value length) x (steps), up to 20,000 steps: short inputs keep the runs
    // many.
    if (size > 1024) {
        return 0;
    }
    const std::string_view input(reinterpret_cast<const char*>(data), size);
    const auto nul = input.find('\0');
    const auto text = input.substr(0, nul);
    const auto value = nul == std::string_view::npos ? text : input.substr(nul + 1);

    const auto compiled = licpool::pattern::compile(text);
    if (!compiled) {
        const auto& e = compiled.error();
        require(e.code() == licpool::errc::invalid_pattern);
        require(!e.note().empty());
        require(e.number() >= 0 && static_cast<std::size_t>(e.number()) <= text.size());
        require(!e.message().empty());
        return 0;
    }
    const bool found = compiled->search(value);
    require(!compiled->matches_whole(value) || found);
    require(compiled->search(value) == found); // a pattern keeps no state between matches
    return 0;
}
