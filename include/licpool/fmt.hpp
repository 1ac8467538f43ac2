// licpool: license pools for PBX, dialer and contact-center software.
// Distributed under the Boost Software License, Version 1.0.
//
// {fmt} formatters for licpool's public types. Optional: include this header (and link
// {fmt}) only if the host uses {fmt}; nothing else in licpool includes {fmt}.
//
//   fmt::print("{}\n", pool.audit());            // the report, as `licpool audit` prints it
//   fmt::print("refused: {}\n", lease.error());  // mac_mismatch: key '...' does not check out...
#ifndef LICPOOL_FMT_HPP
#define LICPOOL_FMT_HPP

#include <licpool/allocation/job.hpp>
#include <licpool/audit/compliance_report.hpp>
#include <licpool/audit/report_text.hpp>
#include <licpool/catalog/kind.hpp>
#include <licpool/core/date.hpp>
#include <licpool/core/error.hpp>
#include <licpool/core/ids.hpp>
#include <licpool/pool/pool_event.hpp>

#include <fmt/format.h>

#include <sstream>
#include <string>
#include <string_view>

#if !defined(LICPOOL_EXPECTED_MISSING) // no expected type: core/expected.hpp says so, once
namespace licpool::detail {
/// Formats by handing {fmt} the text of a value; width, fill and alignment apply to it.
struct text_formatter : fmt::formatter<fmt::string_view> {
    template <class FormatContext>
    auto format_text(std::string_view text, FormatContext& ctx) const -> decltype(ctx.out()) {
        return fmt::formatter<fmt::string_view>::format(fmt::string_view{text.data(), text.size()}, ctx);
    }
};

template <class T>
std::string streamed(const T& value) {
    std::ostringstream out;
    out << value;
    return out.str();
}
} // namespace licpool::detail

namespace fmt {

/// `<code>: <message>`, e.g. `job_quota: job 'j' holds 8 outbound_port, its whole quota of 8`.
template <>
struct formatter<licpool::error> : licpool::detail::text_formatter {
    template <class FormatContext>
    auto format(const licpool::error& e, FormatContext& ctx) const -> decltype(ctx.out()) {
        return format_text(licpool::detail::streamed(e), ctx);
    }
};

/// The stable name of a code, e.g. `mac_mismatch`.
template <>
struct formatter<licpool::errc> : licpool::detail::text_formatter {
    template <class FormatContext>
    auto format(licpool::errc code, FormatContext& ctx) const -> decltype(ctx.out()) {
        return format_text(licpool::to_string(code), ctx);
    }
};

/// An id's value: `42`, or the serial's text.
template <class Tag, class Rep>
struct formatter<licpool::strong_id<Tag, Rep>> : licpool::detail::text_formatter {
    template <class FormatContext>
    auto format(const licpool::strong_id<Tag, Rep>& id, FormatContext& ctx) const -> decltype(ctx.out()) {
        if constexpr (std::is_same_v<Rep, std::string>) {
            return format_text(id.value(), ctx);
        } else {
            return format_text(std::to_string(id.value()), ctx);
        }
    }
};

/// A kind's name, e.g. `telephony_port`.
template <>
struct formatter<licpool::license_kind> : licpool::detail::text_formatter {
    template <class FormatContext>
    auto format(const licpool::license_kind& k, FormatContext& ctx) const -> decltype(ctx.out()) {
        return format_text(k.name, ctx);
    }
};

/// `YYYY-MM-DD`.
template <>
struct formatter<licpool::date> : licpool::detail::text_formatter {
    template <class FormatContext>
    auto format(licpool::date d, FormatContext& ctx) const -> decltype(ctx.out()) {
        return format_text(d.to_string(), ctx);
    }
};

/// The report in its plain-text form, one line per fact (see audit/report_text.hpp).
template <>
struct formatter<licpool::compliance_report> : licpool::detail::text_formatter {
    template <class FormatContext>
    auto format(const licpool::compliance_report& r, FormatContext& ctx) const -> decltype(ctx.out()) {
        return format_text(licpool::detail::streamed(r), ctx);
    }
};

/// `finding <code>: <message>`.
template <>
struct formatter<licpool::finding> : licpool::detail::text_formatter {
    template <class FormatContext>
    auto format(const licpool::finding& f, FormatContext& ctx) const -> decltype(ctx.out()) {
        return format_text(licpool::detail::concat("finding ", licpool::to_string(f.code), ": ", f.message), ctx);
    }
};

// The names of licpool's enumerations, as to_string() gives them.
#define LICPOOL_FMT_ENUM_FORMATTER(type)                                                                              \
    template <>                                                                                                      \
    struct formatter<type> : licpool::detail::text_formatter {                                                       \
        template <class FormatContext>                                                                               \
        auto format(type value, FormatContext& ctx) const -> decltype(ctx.out()) {                                  \
            return format_text(licpool::to_string(value), ctx);                                                      \
        }                                                                                                            \
    };
LICPOOL_FMT_ENUM_FORMATTER(licpool::job_state)
LICPOOL_FMT_ENUM_FORMATTER(licpool::allocation_mode)
LICPOOL_FMT_ENUM_FORMATTER(licpool::recalculation_cause)
LICPOOL_FMT_ENUM_FORMATTER(licpool::refused_call)
LICPOOL_FMT_ENUM_FORMATTER(licpool::finding_code)
#undef LICPOOL_FMT_ENUM_FORMATTER

} // namespace fmt
#endif // !defined(LICPOOL_EXPECTED_MISSING)

#endif // LICPOOL_FMT_HPP
