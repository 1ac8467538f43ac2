// How Catch2 prints licpool values in failure messages.
#ifndef LICPOOL_TESTS_TEST_PRINTING_HPP
#define LICPOOL_TESTS_TEST_PRINTING_HPP

#include <licpool/core/error.hpp>
#include <licpool/core/expected.hpp>
#include <licpool/core/ids.hpp>

#include "licpool_catch.hpp"

#include <sstream>
#include <string>

namespace Catch {

template <>
struct StringMaker<licpool::error> {
    static std::string convert(const licpool::error& e) {
        std::ostringstream out;
        out << e;
        return out.str();
    }
};

template <class Tag, class Rep>
struct StringMaker<licpool::strong_id<Tag, Rep>> {
    static std::string convert(const licpool::strong_id<Tag, Rep>& id) {
        std::ostringstream out;
        out << '#' << id.value();
        return out.str();
    }
};

template <class T>
struct StringMaker<licpool::expected<T>> {
    static std::string convert(const licpool::expected<T>& e) {
        if (!e) {
            return "refused: " + StringMaker<licpool::error>::convert(e.error());
        }
        if constexpr (std::is_void_v<T>) {
            return "ok";
        } else {
            return StringMaker<T>::convert(*e);
        }
    }
};

} // namespace Catch

#endif // LICPOOL_TESTS_TEST_PRINTING_HPP
