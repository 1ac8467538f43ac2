// DESIGN 6: licpool::pattern, the usage-factor criterion's regular expressions: the syntax
// std::regex reads (ECMAScript), matched in linear time; checked construct by construct and
// against std::regex on random patterns.
#include "licpool_catch.hpp"

#include <licpool/audit/pattern.hpp>

#include <cstddef>
#include <cstdint>
#include <random>
#include <regex>
#include <string>
#include <string_view>
#include <vector>

using licpool::pattern;

namespace {
bool pattern_searches(std::string_view text, std::string_view value) {
    const auto compiled = pattern::compile(text);
    REQUIRE(compiled);
    return compiled->search(value);
}

struct pattern_case {
    const char* text;
    std::string_view value;
    bool found;
};

struct pattern_refusal {
    std::string_view text;
    std::string_view note;
    std::int64_t at;
};
} // namespace

TEST_CASE("each construct of the syntax matches as std::regex's ECMAScript does", "[audit][pattern]") {
    using namespace std::string_view_literals;
    const pattern_case cases[] = {
        {"abc", "xxabcxx", true},           {"abc", "ab", false},
        {"", "", true},                     {"a|b", "xb", true},
        {"a|b", "c", false},                {"ab|cd|ef", "xef", true},
        {"|x", "", true},                   {"(ab)c", "abc", true},
        {"(?:ab)+c", "ababc", true},        {"(?:ab)+c", "ac", false},
        {"a*b", "b", true},                 {"xa+b", "xb", false},
        {"xa?b", "xb", true},               {"xa?b", "xaab", false},
        {"a{3}", "aa", false},              {"a{3}", "aaa", true},
        {"xa{2,}y", "xaaaaay", true},       {"xa{2,}y", "xay", false},
        {"xa{1,2}y", "xaaay", false},       {"xa{1,2}y", "xaay", true},
        {"xa{0}y", "xy", true},             {"x(?:ab){0,2}y", "xababy", true},
        {"xa*?y", "xaay", true},            {"xa{1,2}?y", "xaay", true},
        {"xa??y", "xy", true},              {"xa+?y", "xay", true},
        {".", "\n", false},                 {".", "\r", false},
        {".", "\0"sv, true},                {".", "\xE9", true},
        {"^ab", "ab", true},                {"^ab", "cab", false},
        {"ab$", "abc", false},              {"ab$", "cab", true},
        {"^$", "", true},                   {"^$", "\n", false},
        {"[abc]", "xc", true},              {"[^abc]", "abc", false},
        {"[a-c]", "b", true},               {"[a-c]", "d", false},
        {"[\\d]", "7", true},               {"[\\w]", "_", true},
        {"[\\s]", "\t", true},              {"[\\D]", "7", false},
        {"[\\W]", "a", false},              {"[\\S]", " ", false},
        {"[\\]]", "]", true},               {"[\\\\]", "\\", true},
        {"[\\-]", "-", true},               {"[\\b]", "\b", true},
        {"[a-]", "-", true},                {"[-a]", "-", true},
        {"[\\w-]", "-", true},              {"[a-c-e]", "-", true},
        {"[a-c-e]", "d", false},            {"[--0]", "/", true},
        {"[]", "a", false},                 {"[^]", "\n", true},
        {"\\d", "a1", true},                {"\\D", "12", false},
        {"\\w", "-_", true},                {"\\W", "ab", false},
        {"\\s", "\v", true},                {"\\S", " \f", false},
        {"\\bfoo", "a foo", true},          {"\\bfoo", "afoo", false},
        {"foo\\b", "foo", true},            {"\\Boo", "foo", true},
        {"\\Bfoo", "foo", false},           {"\\t\\n\\r\\f\\v", "\t\n\r\f\v", true},
        {"\\0", "\0"sv, true},              {"\\x41\\x7a", "Az", true},
        {"\\cJ", "\n", true},               {"\\cj", "\n", true},
        {"\\.\\*\\+\\?\\(\\)\\[\\]\\{\\}\\|\\^\\$\\\\\\/", ".*+?()[]{}|^$\\/", true},
        {"a]b}", "a]b}", true},             {"(a*)*b", "aab", true},
        {"(?:a|)*c", "c", true},            {"(a?){3}", "", true},
        {"x(?:a?|b*)+y", "xababby", true},  {"x(?:a?|b*)+y", "xabcy", false},
        {"^(?:(?:)*)*$", "", true},         {"x(a*)*$", "xaay", false},
    };
    for (const auto& c : cases) {
        INFO("pattern " << c.text << " on '" << std::string{c.value} << "'");
        CHECK(pattern_searches(c.text, c.value) == c.found);
        // What the expectation says is what std::regex says, but for \cX: ECMAScript reads
        // \cJ as byte 10, GCC's std::regex as 'J'.
        if (std::string_view{c.text}.find("\\c") == std::string_view::npos) {
            const std::string value{c.value};
            CHECK(std::regex_search(value, std::regex{c.text}) == c.found);
        }
    }
}

TEST_CASE("matches_whole asks for all of the value, search for a part", "[audit][pattern]") {
    const auto p = pattern::compile("a|ab");
    REQUIRE(p);
    CHECK(p->matches_whole("ab"));
    CHECK(p->matches_whole("a"));
    CHECK_FALSE(p->matches_whole("abc"));
    CHECK(p->search("abc"));
    CHECK_FALSE(p->matches_whole(""));
}

TEST_CASE("a pattern that is not one is refused, saying what is wrong and where", "[audit][pattern]") {
    const pattern_refusal refusals[] = {
        {"ab(c", "unclosed group", 2},
        {"a)", "unmatched )", 1},
        {"*a", "nothing to repeat", 0},
        {"a|+", "nothing to repeat", 2},
        {"(?a)", "only (?: is supported after (?", 0},
        {"^*", "nothing to repeat", 1},
        {"\\b+", "nothing to repeat", 2},
        {"a**", "quantifier after a quantifier", 2},
        {"a{2}{3}", "quantifier after a quantifier", 4},
        {"a{", "bad {n,m} quantifier", 1},
        {"a{,2}", "bad {n,m} quantifier", 1},
        {"a{1,2", "bad {n,m} quantifier", 1},
        {"a{x}", "bad {n,m} quantifier", 1},
        {"a{3,2}", "{n,m} with n greater than m", 1},
        {"[abc", "unclosed [", 0},
        {"[z-a]", "range out of order", 3},
        {"[\\w-a]", "a range cannot start at a class escape", 3},
        {"[a-\\d]", "a range cannot end at a class escape", 4},
        {"[\\B]", "\\B in a class", 1},
        {"[[:alpha:]]", "POSIX classes are not supported", 1},
        {"ab\\", "trailing backslash", 2},
        {"(a)\\1", "backreferences are not supported", 3},
        {"[\\1]", "backreferences are not supported", 1},
        {"a(?=b)", "lookaheads are not supported", 1},
        {"a(?!b)", "lookaheads are not supported", 1},
        {"\\q", "unknown escape", 0},
        {"\\u0041", "unknown escape", 0},
        {"\\x4", "\\x needs two hex digits", 0},
        {"\\c1", "\\c needs a letter", 0},
    };
    for (const auto& r : refusals) {
        INFO("pattern " << std::string{r.text});
        const auto p = pattern::compile(r.text);
        REQUIRE_FALSE(p);
        CHECK(p.error() == licpool::error{licpool::errc::invalid_pattern, "", r.text, r.at, 0, r.note.data()});
    }
}

TEST_CASE("a pattern too large or nested too deeply is refused before it takes the memory or the stack",
          "[audit][pattern]") {
    CHECK(pattern::compile("a{10000}"));
    const auto big = pattern::compile("(?:abc){10000}");
    REQUIRE_FALSE(big);
    CHECK(big.error().note() == "pattern too large");
    CHECK_FALSE(pattern::compile("((a{100}){100}){100}"));
    CHECK_FALSE(pattern::compile("a{99999999999999999999}"));
    CHECK_FALSE(pattern::compile(std::string(pattern::max_steps + 1, 'a')));

    const auto nested = [](std::size_t depth) {
        return std::string(depth, '(') + "a" + std::string(depth, ')');
    };
    CHECK(pattern::compile(nested(pattern::max_nesting)));
    const auto deep = pattern::compile(nested(pattern::max_nesting + 1));
    REQUIRE_FALSE(deep);
    CHECK(deep.error().note() == "groups nested too deeply");
    CHECK(deep.error().number() == static_cast<std::int64_t>(pattern::max_nesting));
    CHECK_FALSE(pattern::compile(std::string(1000000, '(')));
}

TEST_CASE("a value of a million bytes is matched without recursion", "[audit][pattern]") {
    std::string value(1000000, 'a');
    const auto loop = pattern::compile("(a|b)*c");
    REQUIRE(loop);
    CHECK_FALSE(loop->search(value)); // std::regex recurses per byte here and overflows the stack
    value.back() = 'c';
    const auto whole = pattern::compile("^(?:a+)+c$");
    REQUIRE(whole);
    CHECK(whole->matches_whole(value));
}

namespace {
// Random patterns from a grammar over a small alphabet, and random values.
struct pattern_generator {
    std::mt19937_64 rng;

    std::size_t below(std::size_t n) { return static_cast<std::size_t>(rng() % n); }
    bool chance(std::size_t in) { return below(in) == 0; }
    template <std::size_t N>
    const char* pick(const char* const (&options)[N]) {
        return options[below(N)];
    }

    std::string disjunction(int depth) {
        std::string out = alternative(depth);
        while (chance(4)) {
            out += '|';
            out += alternative(depth);
        }
        return out;
    }
    std::string alternative(int depth) {
        std::string out;
        for (std::size_t n = below(4); n > 0; --n) {
            out += term(depth);
        }
        return out;
    }
    std::string term(int depth) {
        if (chance(8)) {
            static const char* const assertions[] = {"^", "$", "\\b", "\\B"};
            return pick(assertions);
        }
        std::string out = atom(depth);
        if (chance(3)) {
            static const char* const quantifiers[] = {"{0}", "{1}", "{2}", "?", "{0,1}", "{1,3}", "{0,2}", "{2,2}",
                                                      "*", "+", "{0,}", "{2,}"};
            // A group is repeated a bounded number of times only: std::regex backtracks
            // exponentially, or overflows its stack, on some unbounded repeats of groups that
            // can match nothing (the unit cases above cover those for licpool).
            const bool group = out[0] == '(';
            out += quantifiers[below(group ? 8 : 12)];
            if (chance(4)) {
                out += '?';
            }
        }
        return out;
    }
    std::string atom(int depth) {
        switch (below(depth < 3 ? 8 : 6)) {
        case 0:
        case 1: {
            static const char* const bytes[] = {"a", "b", "c", "a", "b", " ", "1", "-", "\\n", "\\.", "]", "}"};
            return pick(bytes);
        }
        case 2:
            return ".";
        case 3: {
            static const char* const escapes[] = {"\\d", "\\w", "\\s", "\\D", "\\W", "\\S"};
            return pick(escapes);
        }
        case 4:
        case 5:
            return byte_class();
        default:
            return (chance(2) ? "(" : "(?:") + disjunction(depth + 1) + ")";
        }
    }
    std::string byte_class() {
        static const char* const items[] = {"a", "b", "c", "a-c", "b-c", "\\d", "\\w", "\\s", "-", " ", "\\n",
                                            "\\]", "^", "0-9", "\\b"};
        std::string out = chance(3) ? "[^" : "[";
        for (std::size_t n = below(4); n > 0; --n) {
            out += pick(items);
        }
        return out + "]";
    }
    // Some patterns broken on purpose, so that refusals are compared too.
    std::string mutated(std::string text) {
        static const char breakers[] = "()[]{}|*+?^$\\-,2ab";
        const std::size_t at = text.empty() ? 0 : below(text.size() + 1);
        if (!text.empty() && chance(2)) {
            text.erase(at == text.size() ? at - 1 : at, 1);
        } else {
            text.insert(at, 1, breakers[below(sizeof breakers - 1)]);
        }
        return text;
    }
    std::string value() {
        static const char bytes[] = "aabbc1 \n-_";
        std::string out;
        for (std::size_t n = below(31); n > 0; --n) {
            out += bytes[below(sizeof bytes - 1)];
        }
        return out;
    }
};

// A pattern std::regex reads and licpool refuses only on purpose: these, for what
// DESIGN 6 leaves out.
bool refused_by_design(std::string_view note) {
    return note == "quantifier after a quantifier" || note == "backreferences are not supported" ||
           note == "lookaheads are not supported" || note == "unknown escape";
}
} // namespace

TEST_CASE("on random patterns and values pattern::search says what std::regex_search says", "[audit][pattern]") {
    pattern_generator generate{std::mt19937_64{20260115}};
    std::size_t compared = 0;
    std::size_t both_refused = 0;
    for (int round = 0; round < 1200; ++round) {
        std::string text = generate.disjunction(0);
        if (generate.chance(4)) {
            text = generate.mutated(text);
        }
        if (text.find("\\c") != std::string::npos) {
            continue; // \cX, from a mutation: GCC's std::regex reads it as X, ECMAScript as X % 32
        }
        INFO("pattern " << text);
        const auto ours = pattern::compile(text);
        std::regex theirs;
        try {
            theirs = std::regex{text, std::regex::ECMAScript};
        } catch (const std::regex_error&) {
            CHECK_FALSE(ours);
            ++both_refused;
            continue;
        }
        if (!ours) {
            INFO("refused: " << ours.error().note() << " at " << ours.error().number());
            CHECK(refused_by_design(ours.error().note()));
            continue;
        }
        for (int v = 0; v < 5; ++v) {
            const std::string value = generate.value();
            INFO("value '" << value << "'");
            CHECK(ours->search(value) == std::regex_search(value, theirs));
            CHECK(ours->matches_whole(value) == std::regex_match(value, theirs));
            ++compared;
        }
    }
    CHECK(compared > 4000);
    CHECK(both_refused > 50);
}
