// licpool: license pools for PBX, dialer and contact-center software.
// Distributed under the Boost Software License, Version 1.0.
//
// The compiler of licpool's patterns (audit/pattern.hpp, DESIGN 6): the text to the steps
// that `pattern`'s matcher runs. Apart from the matcher so that each header holds one job;
// <licpool/audit/pattern.hpp> includes it after `pattern`'s definition, and including this
// header alone includes that one.
#ifndef LICPOOL_AUDIT_DETAIL_PATTERN_COMPILER_HPP
#define LICPOOL_AUDIT_DETAIL_PATTERN_COMPILER_HPP

#include <licpool/audit/pattern.hpp>
#include <licpool/core/expected.hpp>

#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

#if !defined(LICPOOL_EXPECTED_MISSING) // no expected type: core/expected.hpp says so, once
namespace licpool {

namespace detail {

/// Parses a pattern and writes its steps, by recursive descent over groups only (their depth
/// is bounded by pattern::max_nesting). Each part is compiled into a fragment of its own, whose
/// jumps count from its start, and fragments are appended to one another.
template <class Unused>
class pattern_compiler {
public:
    using fragment = std::vector<pattern_step>;

    pattern_compiler(std::string_view text, std::vector<pattern_byte_set>& sets) : text_{text}, sets_{sets} {}

    /// The steps of the whole pattern, ending in `match`; false, with `reason` and `where`
    /// set, when it is refused.
    bool compile(fragment& out) {
        if (!disjunction(out)) {
            return false;
        }
        if (at_ < text_.size()) { // only a ')' stops the top level early
            return refuse("unmatched )", at_);
        }
        out.push_back({pattern_op::match});
        return true;
    }

    const char* reason = nullptr;
    std::size_t where = 0;

private:
    static constexpr std::uint32_t unbounded = 0xFFFFFFFFu;

    bool refuse(const char* why, std::size_t offset) {
        reason = why;
        where = offset;
        return false;
    }
    bool at_end() const { return at_ >= text_.size(); }
    char peek() const { return text_[at_]; }
    static bool quantifier_start(char c) { return c == '*' || c == '+' || c == '?' || c == '{'; }

    // Appends `part` to `out`, its jumps moved by where it lands.
    static void append(fragment& out, const fragment& part) {
        const auto base = static_cast<std::uint32_t>(out.size());
        for (auto step : part) {
            if (step.op == pattern_op::split || step.op == pattern_op::jump) {
                step.x += base;
                step.y += base;
            }
            out.push_back(step);
        }
    }

    // True, and refused, when `size` steps are more than a pattern may have.
    bool too_large(std::uint64_t size) {
        if (size <= pattern::max_steps) {
            return false;
        }
        refuse("pattern too large", at_);
        return true;
    }

    // alternative ('|' alternative)*: each alternative but the last is "split to it or to the
    // next; it; jump to the end".
    bool disjunction(fragment& out) {
        std::vector<fragment> alternatives(1);
        std::uint64_t size = 0; // of all, with a split and a jump each
        for (;;) {
            if (!alternative(alternatives.back())) {
                return false;
            }
            size += alternatives.back().size() + 2;
            if (too_large(size)) {
                return false;
            }
            if (at_end() || peek() != '|') {
                break;
            }
            ++at_;
            alternatives.emplace_back();
        }
        const auto end = static_cast<std::uint32_t>(out.size() + size - 2);
        for (std::size_t i = 0; i < alternatives.size(); ++i) {
            const bool last = i + 1 == alternatives.size();
            const auto here = static_cast<std::uint32_t>(out.size());
            if (!last) {
                out.push_back({pattern_op::split, here + 1, here + 2 + static_cast<std::uint32_t>(alternatives[i].size())});
            }
            append(out, alternatives[i]);
            if (!last) {
                out.push_back({pattern_op::jump, end});
            }
        }
        return true;
    }

    // term*, up to '|', ')' or the end.
    bool alternative(fragment& out) {
        while (!at_end() && peek() != '|' && peek() != ')') {
            if (!term(out) || too_large(out.size())) {
                return false;
            }
        }
        return true;
    }

    bool term(fragment& out) {
        const std::size_t start = at_;
        if (quantifier_start(peek())) {
            return refuse("nothing to repeat", start);
        }
        fragment part;
        bool repeatable = true;
        if (!parse_atom(part, repeatable)) {
            return false;
        }
        if (at_end() || !quantifier_start(peek())) {
            append(out, part);
            return true;
        }
        if (!repeatable) {
            return refuse("nothing to repeat", at_);
        }
        return quantified(out, part);
    }

    bool parse_atom(fragment& out, bool& repeatable) {
        const std::size_t start = at_;
        const char c = text_[at_++];
        switch (c) {
        case '(':
            return group(out, start);
        case '[':
            return byte_class(out, start);
        case '.':
            out.push_back({pattern_op::set, add_set(dot())});
            return true;
        case '^':
        case '$':
            // std::regex refuses a quantifier on an assertion too.
            repeatable = false;
            out.push_back({c == '^' ? pattern_op::begin : pattern_op::end});
            return true;
        case '\\':
            return escape(out, repeatable);
        default:
            out.push_back({pattern_op::byte, static_cast<unsigned char>(c)});
            return true;
        }
    }

    bool group(fragment& out, std::size_t open) {
        if (depth_ >= pattern::max_nesting) {
            return refuse("groups nested too deeply", open);
        }
        if (!at_end() && peek() == '?') {
            ++at_;
            if (at_end() || (peek() != ':' && peek() != '=' && peek() != '!')) {
                return refuse("only (?: is supported after (?", open);
            }
            if (peek() != ':') {
                return refuse("lookaheads are not supported", open);
            }
            ++at_;
        }
        ++depth_;
        const bool inside = disjunction(out);
        --depth_;
        if (!inside) {
            return false;
        }
        if (at_end()) {
            return refuse("unclosed group", open);
        }
        ++at_; // ')'
        return true;
    }

    // *, +, ?, {n}, {n,}, {n,m}, each maybe followed by '?' (lazy: the same values match).
    bool quantified(fragment& out, const fragment& atom) {
        const std::size_t start = at_;
        std::uint32_t min = 0;
        std::uint32_t max = unbounded;
        const char c = text_[at_++];
        if (c == '+') {
            min = 1;
        } else if (c == '?') {
            max = 1;
        } else if (c == '{') {
            if (!count(min)) {
                return refuse("bad {n,m} quantifier", start);
            }
            max = min;
            if (!at_end() && peek() == ',') {
                ++at_;
                max = unbounded;
                if (!at_end() && is_digit(peek())) {
                    count(max);
                }
            }
            if (at_end() || peek() != '}') {
                return refuse("bad {n,m} quantifier", start);
            }
            ++at_;
            if (max < min) {
                return refuse("{n,m} with n greater than m", start);
            }
        }
        if (!at_end() && peek() == '?') {
            ++at_;
        }
        if (!at_end() && quantifier_start(peek())) {
            // ECMAScript refuses `a**`; std::regex reads it as (?:a*)*, which says nothing more.
            return refuse("quantifier after a quantifier", at_);
        }
        return repeat(out, atom, min, max, start);
    }

    // Digits, saturating well above any count that fits pattern::max_steps.
    bool count(std::uint32_t& value) {
        if (at_end() || !is_digit(peek())) {
            return false;
        }
        value = 0;
        while (!at_end() && is_digit(peek())) {
            value = value * 10 + static_cast<std::uint32_t>(peek() - '0');
            value = value > 1000000 ? 1000000 : value;
            ++at_;
        }
        return true;
    }

    // The atom `min` times, then `max - min` optional copies, each a split to itself or to the
    // end; unbounded, the last copy loops back: a+ is "a; split to a or on", a* is "split to a or
    // on; a; jump back to the split".
    bool repeat(fragment& out, const fragment& atom, std::uint32_t min, std::uint32_t max, std::size_t start) {
        const std::uint64_t size = atom.size();
        const std::uint64_t total = max == unbounded ? (min == 0 ? size + 2 : min * size + 1)
                                                     : min * size + (std::uint64_t{max} - min) * (size + 1);
        if (out.size() + total > pattern::max_steps) {
            return refuse("pattern too large", start);
        }
        const auto copies = max == unbounded && min > 0 ? min - 1 : min;
        for (std::uint32_t i = 0; i < copies; ++i) {
            append(out, atom);
        }
        if (max == unbounded) {
            const auto loop = static_cast<std::uint32_t>(out.size());
            if (min == 0) {
                out.push_back({pattern_op::split, loop + 1, loop + static_cast<std::uint32_t>(size) + 2});
                append(out, atom);
                out.push_back({pattern_op::jump, loop});
            } else {
                append(out, atom);
                out.push_back({pattern_op::split, loop, static_cast<std::uint32_t>(out.size()) + 1});
            }
            return true;
        }
        const auto end = static_cast<std::uint32_t>(out.size() + (std::uint64_t{max} - min) * (size + 1));
        for (std::uint32_t i = min; i < max; ++i) {
            out.push_back({pattern_op::split, static_cast<std::uint32_t>(out.size()) + 1, end});
            append(out, atom);
        }
        return true;
    }

    // One class element, or an escape's meaning: a byte, a set (\d...) or (outside classes) an
    // assertion (\b \B).
    struct item {
        enum kind_t { byte, set, dash, assertion } kind = byte;
        unsigned char value = 0;
        pattern_byte_set bits{};
        pattern_op op = pattern_op::boundary;
    };

    bool escape(fragment& out, bool& repeatable) {
        item it;
        if (!escaped(it, false)) {
            return false;
        }
        if (it.kind == item::assertion) {
            repeatable = false;
            out.push_back({it.op});
        } else if (it.kind == item::set) {
            out.push_back({pattern_op::set, add_set(it.bits)});
        } else {
            out.push_back({pattern_op::byte, it.value});
        }
        return true;
    }

    // After a backslash (at_ is past it).
    bool escaped(item& it, bool in_class) {
        const std::size_t slash = at_ - 1;
        if (at_end()) {
            return refuse("trailing backslash", slash);
        }
        const char c = text_[at_++];
        it.kind = item::byte;
        switch (c) {
        case 'd': case 'D': case 'w': case 'W': case 's': case 'S':
            it.kind = item::set;
            it.bits = named_set(c);
            return true;
        case 'b':
            if (in_class) {
                it.value = '\b';
            } else {
                it.kind = item::assertion;
                it.op = pattern_op::boundary;
            }
            return true;
        case 'B':
            if (in_class) {
                return refuse("\\B in a class", slash);
            }
            it.kind = item::assertion;
            it.op = pattern_op::not_boundary;
            return true;
        case '0': it.value = '\0'; return true;
        case 't': it.value = '\t'; return true;
        case 'n': it.value = '\n'; return true;
        case 'r': it.value = '\r'; return true;
        case 'f': it.value = '\f'; return true;
        case 'v': it.value = '\v'; return true;
        case 'x': {
            int value = 0;
            for (int i = 0; i < 2; ++i) {
                const int digit = at_end() ? -1 : hex_digit(peek());
                if (digit < 0) {
                    return refuse("\\x needs two hex digits", slash);
                }
                value = value * 16 + digit;
                ++at_;
            }
            it.value = static_cast<unsigned char>(value);
            return true;
        }
        case 'c':
            // ECMAScript's control escape: \cJ is byte 10. (GCC's std::regex reads \cJ as 'J'.)
            if (at_end() || !is_letter(peek())) {
                return refuse("\\c needs a letter", slash);
            }
            it.value = static_cast<unsigned char>(text_[at_++] % 32);
            return true;
        default:
            break;
        }
        if (is_digit(c)) {
            return refuse("backreferences are not supported", slash);
        }
        if (is_letter(c)) {
            // Kept for a meaning later (\u, \p...): an identity escape of a letter is refused.
            return refuse("unknown escape", slash);
        }
        it.value = static_cast<unsigned char>(c);
        return true;
    }

    // [...] and [^...], '-' read as std::regex reads it in ECMAScript: a range between two
    // bytes, else the byte '-'; `[]` matches nothing and `[^]` any byte.
    bool byte_class(fragment& out, std::size_t open) {
        pattern_byte_set bits{};
        bool negated = false;
        if (!at_end() && peek() == '^') {
            negated = true;
            ++at_;
        }
        int last = -1; // a byte read and not yet added: it may start a range
        bool last_was_set = false;
        for (;;) {
            if (at_end()) {
                return refuse("unclosed [", open);
            }
            if (peek() == ']') {
                ++at_;
                break;
            }
            item it;
            if (!class_item(it)) {
                return false;
            }
            if (it.kind == item::dash && !at_end() && peek() == ']') {
                it.kind = item::byte; // "-]": the byte '-'
                it.value = '-';
            }
            if (it.kind == item::dash && last_was_set) {
                return refuse("a range cannot start at a class escape", at_ - 1);
            }
            if (it.kind == item::dash && last >= 0) {
                if (at_end()) {
                    return refuse("unclosed [", open);
                }
                item to;
                if (!class_item(to)) {
                    return false;
                }
                if (to.kind == item::set) {
                    return refuse("a range cannot end at a class escape", at_ - 1);
                }
                const int high = to.kind == item::dash ? '-' : to.value;
                if (high < last) {
                    return refuse("range out of order", at_ - 1);
                }
                for (int b = last; b <= high; ++b) {
                    bits.add(b);
                }
                last = -1;
                continue;
            }
            if (last >= 0) {
                bits.add(last);
            }
            last = -1;
            last_was_set = it.kind == item::set;
            if (it.kind == item::set) {
                for (int i = 0; i < 4; ++i) {
                    bits.words[i] |= it.bits.words[i];
                }
            } else {
                last = it.kind == item::dash ? '-' : it.value;
            }
        }
        if (last >= 0) {
            bits.add(last);
        }
        if (negated) {
            for (auto& word : bits.words) {
                word = ~word;
            }
        }
        out.push_back({pattern_op::set, add_set(bits)});
        return true;
    }

    bool class_item(item& it) {
        const char c = text_[at_++];
        if (c == '-') {
            it.kind = item::dash;
            return true;
        }
        if (c == '\\') {
            return escaped(it, true);
        }
        if (c == '[' && !at_end() && (peek() == ':' || peek() == '.' || peek() == '=')) {
            return refuse("POSIX classes are not supported", at_ - 1);
        }
        it.kind = item::byte;
        it.value = static_cast<unsigned char>(c);
        return true;
    }

    static pattern_byte_set range_set(int low, int high) {
        pattern_byte_set bits{};
        for (int b = low; b <= high; ++b) {
            bits.add(b);
        }
        return bits;
    }
    // . : any byte but the line terminators std::regex's ECMAScript '.' leaves out.
    static pattern_byte_set dot() {
        pattern_byte_set bits = range_set(0, 255);
        bits.words[0] &= ~((std::uint64_t{1} << '\n') | (std::uint64_t{1} << '\r'));
        return bits;
    }
    // \d \w \s and their complements, as the "C" locale has them.
    static pattern_byte_set named_set(char name) {
        pattern_byte_set bits{};
        const char lower = static_cast<char>(name | 0x20);
        for (int b = 0; b < 256; ++b) {
            const bool in = lower == 'd'   ? is_digit(static_cast<char>(b))
                            : lower == 'w' ? pattern_word_byte(static_cast<unsigned char>(b))
                                           : b == ' ' || (b >= '\t' && b <= '\r');
            if (in != (name != lower)) {
                bits.add(b);
            }
        }
        return bits;
    }
    std::uint32_t add_set(const pattern_byte_set& bits) {
        sets_.push_back(bits);
        return static_cast<std::uint32_t>(sets_.size() - 1);
    }

    static bool is_digit(char c) { return c >= '0' && c <= '9'; }
    static bool is_letter(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
    static int hex_digit(char c) {
        if (is_digit(c)) {
            return c - '0';
        }
        const char lower = static_cast<char>(c | 0x20);
        return lower >= 'a' && lower <= 'f' ? lower - 'a' + 10 : -1;
    }

    std::string_view text_;
    std::vector<pattern_byte_set>& sets_;
    std::size_t at_ = 0;
    std::size_t depth_ = 0;
};

} // namespace detail

} // namespace licpool
#endif // !defined(LICPOOL_EXPECTED_MISSING)

#endif // LICPOOL_AUDIT_DETAIL_PATTERN_COMPILER_HPP
