// licpool: license pools for PBX, dialer and contact-center software.
// Distributed under the Boost Software License, Version 1.0.
#ifndef LICPOOL_POOL_DETAIL_LIMITED_COUNTER_HPP
#define LICPOOL_POOL_DETAIL_LIMITED_COUNTER_HPP

#include <licpool/core/version.hpp>

#include <atomic>
#include <cstdint>

#if !defined(LICPOOL_EXPECTED_MISSING) // no expected type: core/expected.hpp says so, once
namespace licpool::detail {

/// A count of licenses in use and the limit on it (a quota, a share, an entitlement), packed
/// in one 64-bit word so that "take one if below the limit" is a single compare-and-swap.
///
/// DESIGN 4.4: limits bind grants. Because the limit and the count change in the same word, a
/// take can never slip past a limit lowered at the same moment. Lowering a limit below the
/// count is allowed: what is held stays held (no live call is cut) and nothing more is taken
/// until the count falls below it.
class limited_counter {
public:
    struct reading {
        std::uint32_t limit;
        std::uint32_t used;
    };

    limited_counter() noexcept = default;
    explicit limited_counter(std::uint32_t limit) noexcept : word_{pack(limit, 0)} {}

    reading read() const noexcept { return unpack(word_.load(std::memory_order_acquire)); }
    std::uint32_t used() const noexcept { return read().used; }
    std::uint32_t limit() const noexcept { return read().limit; }

    /// Takes one when the count is below the limit; on refusal, `seen` is what stopped it.
    bool try_take(reading& seen) noexcept {
        std::uint64_t word = word_.load(std::memory_order_relaxed);
        for (;;) {
            seen = unpack(word);
            if (seen.used >= seen.limit) {
                return false;
            }
            if (word_.compare_exchange_weak(word, word + 1, std::memory_order_acq_rel,
                                            std::memory_order_relaxed)) {
                return true;
            }
        }
    }

    /// Takes one when the count is below both the limit and `cap` (a job's max, checked
    /// first because DESIGN 4.4 names the max before the quota).
    enum class outcome : std::uint8_t { taken, at_cap, at_limit };
    outcome try_take_below(std::uint32_t cap, reading& seen) noexcept {
        std::uint64_t word = word_.load(std::memory_order_relaxed);
        for (;;) {
            seen = unpack(word);
            if (seen.used >= cap) {
                return outcome::at_cap;
            }
            if (seen.used >= seen.limit) {
                return outcome::at_limit;
            }
            if (word_.compare_exchange_weak(word, word + 1, std::memory_order_acq_rel,
                                            std::memory_order_relaxed)) {
                return outcome::taken;
            }
        }
    }

    /// Takes `n` at once when they all fit below the limit: all or nothing.
    bool try_take_n(std::uint32_t n, reading& seen) noexcept {
        std::uint64_t word = word_.load(std::memory_order_relaxed);
        for (;;) {
            seen = unpack(word);
            if (std::uint64_t{seen.used} + n > seen.limit) {
                return false;
            }
            if (word_.compare_exchange_weak(word, word + n, std::memory_order_acq_rel, std::memory_order_relaxed)) {
                return true;
            }
        }
    }

    /// Gives `n` back; the caller took them before.
    void give_back_n(std::uint32_t n) noexcept { word_.fetch_sub(n, std::memory_order_acq_rel); }

    /// Takes `n` whatever the limit: for restoring what was held before a restart.
    void force_take_n(std::uint32_t n) noexcept { word_.fetch_add(n, std::memory_order_acq_rel); }

    /// Takes one whatever the limit: for moves that keep a total unchanged.
    void force_take() noexcept { word_.fetch_add(1, std::memory_order_acq_rel); }

    /// Gives one back; the caller took it before.
    void give_back() noexcept { word_.fetch_sub(1, std::memory_order_acq_rel); }

    /// Sets the limit, keeping the count.
    void set_limit(std::uint32_t limit) noexcept {
        std::uint64_t word = word_.load(std::memory_order_relaxed);
        while (!word_.compare_exchange_weak(word, pack(limit, unpack(word).used), std::memory_order_acq_rel,
                                            std::memory_order_relaxed)) {
        }
    }

private:
    static constexpr std::uint64_t pack(std::uint32_t limit, std::uint32_t used) noexcept {
        return (std::uint64_t{limit} << 32) | used;
    }
    static constexpr reading unpack(std::uint64_t word) noexcept {
        return {static_cast<std::uint32_t>(word >> 32), static_cast<std::uint32_t>(word)};
    }

    std::atomic<std::uint64_t> word_{0};
};

} // namespace licpool::detail
#endif // !defined(LICPOOL_EXPECTED_MISSING)

#endif // LICPOOL_POOL_DETAIL_LIMITED_COUNTER_HPP
