// licpool: license pools for PBX, dialer and contact-center software.
// Distributed under the Boost Software License, Version 1.0.
#ifndef LICPOOL_POOL_DETAIL_REFUSAL_COUNTERS_HPP
#define LICPOOL_POOL_DETAIL_REFUSAL_COUNTERS_HPP

#include <licpool/core/errc.hpp>
#include <licpool/pool/pool_event.hpp>

#include <array>
#include <atomic>
#include <cstddef>
#include <cstdint>

#if !defined(LICPOOL_EXPECTED_MISSING) // no expected type: core/expected.hpp says so, once
namespace licpool::detail {

static_assert(refusal_counts::code_at(refusal_counts::size - 1) == errc::entitlement,
              "DESIGN 4.4's codes, not_operational to entitlement, are numbered one after the other");

/// Refused attempts by code, counted where they are refused, on the fast path too: relaxed
/// atomics, since each counter is a tally read on its own and orders nothing.
class refusal_counters {
public:
    /// Counts one refusal with `code`; a code no attempt is refused with is not counted.
    void count(errc code) noexcept {
        const std::size_t i = refusal_counts::index_of(code);
        if (i < refusal_counts::size) {
            by_code[i].fetch_add(1, std::memory_order_relaxed);
        }
    }

    refusal_counts read() const noexcept {
        refusal_counts out;
        for (std::size_t i = 0; i < refusal_counts::size; ++i) {
            out.by_code[i] = by_code[i].load(std::memory_order_relaxed);
        }
        return out;
    }

private:
    std::array<std::atomic<std::uint64_t>, refusal_counts::size> by_code{};
};

} // namespace licpool::detail

#endif // !defined(LICPOOL_EXPECTED_MISSING)

#endif // LICPOOL_POOL_DETAIL_REFUSAL_COUNTERS_HPP
