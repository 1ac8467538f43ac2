// A TEST-ONLY stand-in for tl-expected (https://github.com/TartanLlama/expected).
//
// Debian has no tl-expected package, and clang 14 cannot use GCC 12's std::expected, so
// without this the C++17 path of licpool (and every clang build, such as the fuzzers) could
// not be tested here. It provides exactly the subset of tl::expected that licpool uses
// (has_value, operator bool, value, error, operator*, operator->, value_or, unexpected), plus
// comparison with a value, which the tests use, and nothing more, so that code which
// compiles against it compiles against the real thing.
// It is only on the include path of test builds that ask for it; it is never installed and
// the library never includes it by this path.
#ifndef LICPOOL_TESTS_COMPAT_TL_EXPECTED_HPP
#define LICPOOL_TESTS_COMPAT_TL_EXPECTED_HPP

#include <exception>
#include <type_traits>
#include <utility>
#include <variant>

namespace tl {

template <class E>
class unexpected {
public:
    static_assert(!std::is_same_v<E, void>, "E must not be void");

    constexpr explicit unexpected(const E& e) : value_(e) {}
    constexpr explicit unexpected(E&& e) : value_(std::move(e)) {}

    constexpr const E& value() const& noexcept { return value_; }
    constexpr E& value() & noexcept { return value_; }
    constexpr E&& value() && noexcept { return std::move(value_); }

private:
    E value_;
};

template <class E>
unexpected(E) -> unexpected<E>;

template <class E>
class bad_expected_access : public std::exception {
public:
    explicit bad_expected_access(E e) : error_(std::move(e)) {}
    const char* what() const noexcept override { return "Bad expected access"; }
    const E& error() const& noexcept { return error_; }

private:
    E error_;
};

namespace detail {
template <class T>
struct is_unexpected : std::false_type {};
template <class E>
struct is_unexpected<unexpected<E>> : std::true_type {};
} // namespace detail

template <class T, class E>
class expected;

namespace detail {
template <class T>
struct is_expected : std::false_type {};
template <class T, class E>
struct is_expected<expected<T, E>> : std::true_type {};
} // namespace detail

template <class T, class E>
class expected {
    using storage = std::variant<T, E>;

public:
    using value_type = T;
    using error_type = E;

    template <class U = T,
              std::enable_if_t<std::is_constructible_v<T, U&&> &&
                                   !detail::is_expected<std::decay_t<U>>::value &&
                                   !detail::is_unexpected<std::decay_t<U>>::value &&
                                   !std::is_same_v<std::decay_t<U>, std::in_place_t>,
                               int> = 0>
    constexpr expected(U&& v) : storage_(std::in_place_index<0>, std::forward<U>(v)) {}

    template <class G>
    constexpr expected(const unexpected<G>& e) : storage_(std::in_place_index<1>, e.value()) {}
    template <class G>
    constexpr expected(unexpected<G>&& e) : storage_(std::in_place_index<1>, std::move(e).value()) {}

    constexpr bool has_value() const noexcept { return storage_.index() == 0; }
    constexpr explicit operator bool() const noexcept { return has_value(); }

    constexpr T& value() & { check(); return *std::get_if<0>(&storage_); }
    constexpr const T& value() const& { check(); return *std::get_if<0>(&storage_); }
    constexpr T&& value() && { check(); return std::move(*std::get_if<0>(&storage_)); }

    constexpr T& operator*() & noexcept { return *std::get_if<0>(&storage_); }
    constexpr const T& operator*() const& noexcept { return *std::get_if<0>(&storage_); }
    constexpr T&& operator*() && noexcept { return std::move(*std::get_if<0>(&storage_)); }
    constexpr T* operator->() noexcept { return std::get_if<0>(&storage_); }
    constexpr const T* operator->() const noexcept { return std::get_if<0>(&storage_); }

    constexpr E& error() & noexcept { return *std::get_if<1>(&storage_); }
    constexpr const E& error() const& noexcept { return *std::get_if<1>(&storage_); }
    constexpr E&& error() && noexcept { return std::move(*std::get_if<1>(&storage_)); }

    template <class U>
    constexpr T value_or(U&& fallback) const& {
        return has_value() ? **this : static_cast<T>(std::forward<U>(fallback));
    }
    template <class U>
    constexpr T value_or(U&& fallback) && {
        return has_value() ? std::move(**this) : static_cast<T>(std::forward<U>(fallback));
    }

private:
    void check() const {
        if (!has_value()) {
            throw bad_expected_access<E>(error());
        }
    }

    storage storage_;
};

// Comparison with a plain value, as tl::expected and std::expected both have it.
template <class T, class E, class U>
constexpr bool operator==(const expected<T, E>& x, const U& v) {
    return x.has_value() && *x == v;
}
template <class T, class E, class U>
constexpr bool operator!=(const expected<T, E>& x, const U& v) {
    return !(x == v);
}

template <class E>
class expected<void, E> {
public:
    using value_type = void;
    using error_type = E;

    constexpr expected() noexcept : has_value_(true), error_() {}
    template <class G>
    constexpr expected(const unexpected<G>& e) : has_value_(false), error_(e.value()) {}
    template <class G>
    constexpr expected(unexpected<G>&& e) : has_value_(false), error_(std::move(e).value()) {}

    constexpr bool has_value() const noexcept { return has_value_; }
    constexpr explicit operator bool() const noexcept { return has_value_; }
    constexpr void value() const {
        if (!has_value_) {
            throw bad_expected_access<E>(*error_);
        }
    }
    constexpr const E& error() const& noexcept { return *error_; }
    constexpr E& error() & noexcept { return *error_; }

private:
    // std::optional would need <optional> and E default-constructible; a variant does not.
    struct empty {};
    bool has_value_;
    struct holder {
        std::variant<empty, E> v;
        holder() : v(std::in_place_index<0>) {}
        template <class G>
        holder(G&& g) : v(std::in_place_index<1>, std::forward<G>(g)) {}
        const E& operator*() const { return *std::get_if<1>(&v); }
        E& operator*() { return *std::get_if<1>(&v); }
    } error_;
};

} // namespace tl

#endif // LICPOOL_TESTS_COMPAT_TL_EXPECTED_HPP
