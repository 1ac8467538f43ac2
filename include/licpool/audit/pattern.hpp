// licpool: license pools for PBX, dialer and contact-center software.
// Distributed under the Boost Software License, Version 1.0.
//
// licpool's own regular expressions, for the usage-factor criterion `attribute_matches`
// (DESIGN 6): the ECMAScript syntax std::regex reads, less what cannot be matched in linear
// time (backreferences, lookaheads). It replaces <regex>, the costliest standard header licpool
// included (issue 15: compile time), and std::regex's recursive matcher, which can overflow the
// stack on a long value.
#ifndef LICPOOL_AUDIT_PATTERN_HPP
#define LICPOOL_AUDIT_PATTERN_HPP

#include <licpool/core/expected.hpp>

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#if !defined(LICPOOL_EXPECTED_MISSING) // no expected type: core/expected.hpp says so, once
namespace licpool {

namespace detail {

/// What one step of a compiled pattern does.
enum class pattern_op : std::uint8_t {
    byte,          // consumes the byte `x`
    set,           // consumes a byte of the pattern's byte set number `x`
    split,         // goes on at both `x` and `y`
    jump,          // goes on at `x`
    begin,         // ^: at the start of the value
    end,           // $: at its end
    boundary,      // \b: between a word byte and another byte (or an end)
    not_boundary,  // \B
    match,
};

/// One step. Inside a fragment being compiled, `x` and `y` of a split or jump count from the
/// fragment's first step, so that a fragment is copied (for a quantifier) without fixing up.
struct pattern_step {
    pattern_op op;
    std::uint32_t x = 0;
    std::uint32_t y = 0;
};

/// 256 bits, one per byte value (a plain array: the matcher reads it once per byte, and
/// std::array's operator[] is a call in unoptimized builds).
struct pattern_byte_set {
    std::uint64_t words[4] = {};

    bool has(unsigned char byte) const noexcept { return ((words[byte / 64] >> (byte % 64)) & 1u) != 0; }
    void add(int byte) noexcept {
        words[static_cast<unsigned>(byte) / 64] |= std::uint64_t{1} << (static_cast<unsigned>(byte) % 64);
    }
};

inline bool pattern_word_byte(unsigned char c) noexcept {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

template <class Unused = void>
class pattern_compiler;

} // namespace detail

/// A regular expression, compiled once and matched in time linear in the value (DESIGN 6).
///
/// Bytes, not characters: a class or a `.` matches one byte; a range compares byte values.
/// The syntax is ECMAScript's, as std::regex reads it: `|`, `( )`, `(?: )`, `* + ? {n} {n,}
/// {n,m}` (a trailing `?` makes one lazy, which never changes whether a value matches), `.`
/// (any byte but `\n` and `\r`), `^` and `$` (the start and end of the value), classes `[a-z]`
/// `[^abc]`, and the escapes `\d \D \w \W \s \S \b \B \t \n \r \f \v \0 \xHH \cX`, and a
/// backslash before any byte that is not a letter or digit. Refused, with `errc::invalid_pattern`:
/// backreferences and lookaheads (no linear-time matcher can decide them), an escape of another
/// letter, POSIX classes `[[:alpha:]]`, a quantifier on a quantifier (`a**`), and what std::regex
/// refuses too; and, so that a hostile pattern cannot take the memory or the stack, a pattern
/// that compiles to more than `max_steps` steps or nests groups deeper than `max_nesting`.
class pattern {
public:
    static constexpr std::size_t max_steps = 20000;
    static constexpr std::size_t max_nesting = 200;

    // compile, search and matches_whole are templates with an unused parameter only so that the
    // compiler and the matcher are compiled where they are called (scripts/compile-times).

    /// The pattern `text` compiled, or `errc::invalid_pattern` with `context` the pattern (cut),
    /// `number` the byte offset where it goes wrong and `note` what is wrong there
    /// ("unclosed group", "backreferences are not supported"...).
    template <class Unused = void>
    [[nodiscard]] static expected_in<pattern, Unused> compile(std::string_view text) {
        pattern compiled;
        detail::pattern_compiler<Unused> compiler{text, compiled.sets_};
        if (!compiler.compile(compiled.steps_)) {
            return fail(errc::invalid_pattern).context(text).number(static_cast<std::int64_t>(compiler.where)).note(
                compiler.reason);
        }
        return compiled;
    }

    /// Whether the pattern matches somewhere in `value` (as std::regex_search does).
    template <class Unused = void>
    [[nodiscard]] bool search(std::string_view value) const {
        return run(value, false);
    }

    /// Whether the pattern matches all of `value` (as std::regex_match does).
    template <class Unused = void>
    [[nodiscard]] bool matches_whole(std::string_view value) const {
        return run(value, true);
    }

private:
    pattern() = default;

    template <class Unused = void>
    bool run(std::string_view value, bool whole) const;

    std::vector<detail::pattern_step> steps_;
    std::vector<detail::pattern_byte_set> sets_;
};

} // namespace licpool
#endif // !defined(LICPOOL_EXPECTED_MISSING)

// The compiler, after the class whose steps it writes (it reads `pattern::max_steps`).
#include <licpool/audit/detail/pattern_compiler.hpp>

#if !defined(LICPOOL_EXPECTED_MISSING)
namespace licpool {

// Thompson's construction run as Pike's VM, without captures: the set of steps the value can
// be at, advanced one byte at a time, so time is (value length) x (steps) and nothing recurses.
// A step joins a position's set once (`seen` holds the position it last joined at), which
// also ends loops that consume nothing, such as (a*)*.
template <class Unused>
bool pattern::run(std::string_view value, bool whole) const {
    // Raw pointers rather than vectors' operator[]: the loop below runs once per byte, and
    // unoptimized builds (the tests' Debug) call a function for each operator[].
    const std::size_t n = steps_.size();
    const detail::pattern_step* const steps = steps_.data();
    const detail::pattern_byte_set* const sets = sets_.data();
    std::vector<std::uint32_t> lists(3 * n); // this position's threads, the next one's, the stack
    std::vector<std::size_t> seen_at(n, static_cast<std::size_t>(-1));
    std::size_t* const seen = seen_at.data();
    std::uint32_t* current = lists.data();
    std::uint32_t* next = current + n;
    std::uint32_t* const stack = next + n;
    std::size_t current_count = 0;
    const char* const bytes = value.data();
    const std::size_t size = value.size();

    const auto word_at = [&](std::size_t i) {
        return i < size && detail::pattern_word_byte(static_cast<unsigned char>(bytes[i]));
    };
    // Adds step `from` and every step reachable from it without consuming, at position `i`, to
    // `list`; true when one of them is a match.
    const auto close = [&](std::uint32_t from, std::size_t i, std::uint32_t* list, std::size_t& count) {
        std::size_t top = 0;
        const auto push = [&](std::uint32_t step) {
            if (seen[step] != i) {
                seen[step] = i;
                stack[top++] = step;
            }
        };
        push(from);
        while (top > 0) {
            const std::uint32_t at = stack[--top];
            const auto& step = steps[at];
            switch (step.op) {
            case detail::pattern_op::byte:
            case detail::pattern_op::set:
                list[count++] = at;
                break;
            case detail::pattern_op::split:
                push(step.y);
                push(step.x);
                break;
            case detail::pattern_op::jump:
                push(step.x);
                break;
            case detail::pattern_op::begin:
                if (i == 0) {
                    push(at + 1);
                }
                break;
            case detail::pattern_op::end:
                if (i == size) {
                    push(at + 1);
                }
                break;
            case detail::pattern_op::boundary:
            case detail::pattern_op::not_boundary:
                if (((i > 0 && word_at(i - 1)) != word_at(i)) == (step.op == detail::pattern_op::boundary)) {
                    push(at + 1);
                }
                break;
            case detail::pattern_op::match:
                if (!whole || i == size) {
                    return true;
                }
                break;
            }
        }
        return false;
    };

    for (std::size_t i = 0;; ++i) {
        // A search starts a thread at every position; a whole match only at the first.
        if ((i == 0 || !whole) && close(0, i, current, current_count)) {
            return true;
        }
        if (i == size || (whole && current_count == 0)) {
            return false;
        }
        const auto byte = static_cast<unsigned char>(bytes[i]);
        std::size_t next_count = 0;
        for (std::size_t t = 0; t < current_count; ++t) {
            const auto& step = steps[current[t]];
            const bool takes = step.op == detail::pattern_op::byte
                                   ? step.x == byte
                                   : sets[step.x].has(byte);
            if (takes && close(current[t] + 1, i + 1, next, next_count)) {
                return true;
            }
        }
        std::swap(current, next);
        current_count = next_count;
    }
}

} // namespace licpool
#endif // !defined(LICPOOL_EXPECTED_MISSING)

#endif // LICPOOL_AUDIT_PATTERN_HPP
