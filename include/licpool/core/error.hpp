// licpool: license pools for PBX, dialer and contact-center software.
// Distributed under the Boost Software License, Version 1.0.
//
// The error value: a code (core/errc.hpp, included here so that naming `errc` needs only this
// header) and the values that explain it. Its message texts are in core/detail/error_messages.hpp.
#ifndef LICPOOL_CORE_ERROR_HPP
#define LICPOOL_CORE_ERROR_HPP

#include <licpool/core/errc.hpp>
#include <licpool/core/detail/error_messages.hpp>
#include <licpool/core/version.hpp>

#include <licpool/core/detail/algorithm.hpp> // the classic algorithms without std::ranges
#include <cstddef>
#include <cstdint>
#include <iosfwd>
#include <string>
#include <string_view>

#if !defined(LICPOOL_EXPECTED_MISSING) // no expected type: core/expected.hpp says so, once
namespace licpool {

class error_builder;

/// A refusal: a stable code plus the values that explain it.
///
/// The values are kept inline (names are cut at a fixed length) and the message is built
/// only when it is read, so creating an error on a hot path allocates nothing (DESIGN 1).
/// licpool's code builds one by naming its fields, `fail(errc::unknown_job).subject(name)`
/// (error_builder, core/expected.hpp), rather than counting the constructor's arguments.
class error {
public:
    static constexpr std::size_t subject_capacity = 54;
    static constexpr std::size_t context_capacity = 30;

    explicit error(errc code) noexcept : code_{code} {}

    /// `subject` is the offending value (a kind, job, key...), `context` a second name
    /// the message needs (the kind of a job's refusal, say); `number` and `limit` are
    /// the figures involved; `note` must be a string literal (it is not copied).
    error(errc code, std::string_view subject, std::string_view context = {}, std::int64_t number = 0,
          std::int64_t limit = 0, const char* note = nullptr) noexcept
        : code_{code}, number_{number}, limit_{limit}, note_{note} {
        subject_.assign(subject);
        context_.assign(context);
    }

    errc code() const noexcept { return code_; }
    std::string_view subject() const noexcept { return subject_.view(); }
    std::string_view context() const noexcept { return context_.view(); }
    std::int64_t number() const noexcept { return number_; }
    std::int64_t limit() const noexcept { return limit_; }
    std::string_view note() const noexcept { return note_ ? std::string_view{note_} : std::string_view{}; }

    // message() is a template with an unused parameter, and operator<< one on the stream's
    // traits, only so that the message building (and <ostream>) is compiled where a message is
    // read (scripts/compile-times).
    /// A sentence that names the offending value, e.g.
    /// `license kind 'fax_port' is not in the catalog`.
    template <class Unused = void>
    std::string message() const {
        return detail::error_message(code_, {subject_.view(), subject_.cut(), context_.view(), context_.cut(), number_,
                                             limit_, note_});
    }

    friend bool operator==(const error& a, const error& b) noexcept {
        return a.code_ == b.code_ && a.subject_.view() == b.subject_.view() && a.context_.view() == b.context_.view() &&
               a.number_ == b.number_ && a.limit_ == b.limit_ && a.note() == b.note();
    }
    friend bool operator!=(const error& a, const error& b) noexcept { return !(a == b); }
    friend bool operator==(const error& a, errc code) noexcept { return a.code_ == code; }
    friend bool operator!=(const error& a, errc code) noexcept { return a.code_ != code; }
    friend bool operator==(errc code, const error& a) noexcept { return a.code_ == code; }
    friend bool operator!=(errc code, const error& a) noexcept { return a.code_ != code; }

    /// `<code>: <message>`, as the CLI prints it.
    template <class Traits>
    friend std::basic_ostream<char, Traits>& operator<<(std::basic_ostream<char, Traits>& out, const error& e) {
        return out << to_string(e.code_) << ": " << e.message();
    }

private:
    // fail(code).subject(...)... (core/expected.hpp) fills the fields one by one, by name.
    friend class error_builder;

    // A fixed-size string: copying a name into an error never allocates.
    template <std::size_t Capacity>
    class inline_text {
    public:
        void assign(std::string_view text) noexcept {
            std::size_t size = std::min(text.size(), Capacity);
            cut_ = text.size() > Capacity;
            // A cut UTF-8 name ends before the character that does not fit, never inside it.
            while (cut_ && size > 0 && (static_cast<unsigned char>(text[size]) & 0xC0u) == 0x80u) {
                --size;
            }
            size_ = static_cast<std::uint8_t>(size);
            std::copy_n(text.data(), size_, chars_);
        }
        std::string_view view() const noexcept { return {chars_, size_}; }
        bool cut() const noexcept { return cut_; }

    private:
        char chars_[Capacity] = {};
        std::uint8_t size_ = 0;
        bool cut_ = false;
    };

    errc code_;
    inline_text<subject_capacity> subject_;
    inline_text<context_capacity> context_;
    std::int64_t number_ = 0;
    std::int64_t limit_ = 0;
    const char* note_ = nullptr;
};

} // namespace licpool
#endif // !defined(LICPOOL_EXPECTED_MISSING)

#endif // LICPOOL_CORE_ERROR_HPP
