// licpool: license pools for PBX, dialer and contact-center software.
// Distributed under the Boost Software License, Version 1.0.
#ifndef LICPOOL_CORE_EXPECTED_HPP
#define LICPOOL_CORE_EXPECTED_HPP

#include <licpool/core/error.hpp>

#include <cstdint>
#include <string_view>
#include <utility>

// DESIGN 1: `tl::expected` when <tl/expected.hpp> is found, else C++23 `std::expected`.
// Define LICPOOL_USE_STD_EXPECTED to prefer the standard one when both are there.
#if !defined(LICPOOL_USE_STD_EXPECTED) && defined(__has_include)
#  if __has_include(<tl/expected.hpp>)
#    include <tl/expected.hpp>
#    define LICPOOL_EXPECTED_IS_TL 1
#  endif
#endif

#if !defined(LICPOOL_EXPECTED_IS_TL)
#  if defined(__has_include)
#    if __has_include(<expected>)
#      include <expected>
#    endif
#  endif
#  if defined(__cpp_lib_expected) && __cpp_lib_expected >= 202202L
#    define LICPOOL_EXPECTED_IS_STD 1
#  else
// One clear message, then nothing more: every licpool header skips its body when this is
// defined, so the build does not go on to report every use of `expected` as well.
#    define LICPOOL_EXPECTED_MISSING 1
#    error "licpool needs C++23 std::expected or tl-expected; found neither. Install tl-expected (https://github.com/TartanLlama/expected) so that <tl/expected.hpp> is on the include path, or compile as C++23 with a standard library that has std::expected (GCC 12 or later)."
#  endif
#endif

#if !defined(LICPOOL_EXPECTED_MISSING)
namespace licpool {

// Only what tl::expected and std::expected share is used anywhere in licpool:
// has_value, operator bool, value, error, operator*, operator->, value_or.
#if defined(LICPOOL_EXPECTED_IS_TL)
template <class T, class E = error>
using expected = tl::expected<T, E>;
template <class E>
using unexpected = tl::unexpected<E>;
#else
template <class T, class E = error>
using expected = std::expected<T, E>;
template <class E>
using unexpected = std::unexpected<E>;
#endif

namespace detail {
template <class T, class Context>
struct deferred_type {
    using type = T;
};
/// `void`, depending on `Context`: the template argument that passes the deferral on to a
/// helper template (`helper<void_in<Context>>(...)`), which a plain `helper(...)` would not.
template <class Context>
using void_in = typename deferred_type<void, Context>::type;
} // namespace detail

/// `expected<T>`, named so that it depends on `Context`, a template parameter of the code that
/// names it. The type is the same; what changes is when the compiler builds it. A function
/// body in a template that returns a plain `expected<lease>` makes every file that includes
/// the header instantiate `expected<lease>`, called or not, and licpool has some sixty such
/// types; named this way, each is built only where a call to it is compiled (about a tenth of
/// the pool header's compile time: scripts/compile-times). The components alias it as
/// `result<T>`.
template <class T, class Context>
using expected_in = expected<typename detail::deferred_type<T, Context>::type>;

/// A refusal built by name, field by field: what `fail(code)` returns.
///
/// Each setter names the field of `error` it fills (see error's constructor for what each
/// means); a field that is not set stays empty or 0. The builder converts implicitly to
/// `error`, to `unexpected<error>` and to any `expected<T>`, so one expression serves every
/// kind of function that refuses:
///
///     return fail(errc::invalid_setting).subject(name).number(min).limit(max)
///         .note("min {number} is above max {limit}");
///
/// It holds the `error` itself (the names are copied, and cut, as they are set), so building
/// and converting allocate nothing and throw nothing (DESIGN 1), and a builder outlives the
/// names it was given.
class [[nodiscard]] error_builder {
public:
    explicit error_builder(errc code) noexcept : error_{code} {}

    /// The offending value: a kind, job, key... (cut at error::subject_capacity bytes).
    error_builder& subject(std::string_view text) & noexcept {
        error_.subject_.assign(text);
        return *this;
    }
    error_builder&& subject(std::string_view text) && noexcept { return std::move(subject(text)); }

    /// A second name the message needs (cut at error::context_capacity bytes).
    error_builder& context(std::string_view text) & noexcept {
        error_.context_.assign(text);
        return *this;
    }
    error_builder&& context(std::string_view text) && noexcept { return std::move(context(text)); }

    /// The figure involved (what is asked or used); `{number}` in a note.
    error_builder& number(std::int64_t value) & noexcept {
        error_.number_ = value;
        return *this;
    }
    error_builder&& number(std::int64_t value) && noexcept { return std::move(number(value)); }

    /// The figure it is held against (a limit, a maximum); `{limit}` in a note.
    error_builder& limit(std::int64_t value) & noexcept {
        error_.limit_ = value;
        return *this;
    }
    error_builder&& limit(std::int64_t value) && noexcept { return std::move(limit(value)); }

    /// A string literal (or other static string: the error keeps the pointer, not a copy).
    error_builder& note(const char* text) & noexcept {
        error_.note_ = text;
        return *this;
    }
    error_builder&& note(const char* text) && noexcept { return std::move(note(text)); }

    /// For a function that returns, or a container that keeps, the error itself.
    operator error() const noexcept { return error_; }
    /// For a function that returns `unexpected<error>`.
    operator unexpected<error>() const noexcept { return unexpected<error>(error_); }
    /// For a fallible function: `expected<T>` (any T, void too) holding this error.
    template <class T>
    operator expected<T>() const noexcept {
        return expected<T>(unexpected<error>(error_));
    }

private:
    error error_;
};

/// The refusal a fallible licpool function returns, built by name:
/// `return fail(errc::unknown_kind).subject(name);` (see error_builder).
inline error_builder fail(errc code) noexcept { return error_builder{code}; }

/// The same with positional arguments, those of `error`'s constructor, kept for hosts'
/// code; licpool's own code names the fields with `fail(code).subject(...)`.
inline unexpected<error> fail(errc code, std::string_view subject, std::string_view context = {},
                              std::int64_t number = 0, std::int64_t limit = 0,
                              const char* note = nullptr) noexcept {
    return fail(code).subject(subject).context(context).number(number).limit(limit).note(note);
}

} // namespace licpool
#endif // !defined(LICPOOL_EXPECTED_MISSING)

#endif // LICPOOL_CORE_EXPECTED_HPP
