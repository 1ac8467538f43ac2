// licpool: license pools for PBX, dialer and contact-center software.
// Distributed under the Boost Software License, Version 1.0.
#ifndef LICPOOL_KEYS_VENDOR_SECRET_HPP
#define LICPOOL_KEYS_VENDOR_SECRET_HPP

#include <licpool/core/expected.hpp>
#include <licpool/keys/constant_time.hpp>

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string_view>
#include <utility>

#if !defined(LICPOOL_EXPECTED_MISSING) // no expected type: core/expected.hpp says so, once
namespace licpool {

/// The vendor's key-signing secret: raw bytes, at least `min_size` of them (DESIGN 3).
///
/// It owns its own copy of the bytes and wipes it when that copy is no longer needed: in
/// its destructor, on assignment, and when moved from (the moved-from object is left
/// empty). It has no output operator and no way to be printed, so it cannot end up in a
/// log by accident. Copies are allowed, because a host hands one secret to several parts
/// of the pool, and each copy wipes itself.
///
/// Whoever holds the secret can mint keys: see the threat model in README.md.
class vendor_secret {
public:
    /// Shorter secrets are refused: a MAC keyed with a few bytes is guessed by trying them.
    static constexpr std::size_t min_size = 16;

    /// A copy of `bytes`; refused with `errc::secret_too_short` below `min_size` bytes. The
    /// caller's own buffer is the caller's to wipe.
    // A template (never given a template argument) only so that expected<vendor_secret> is
    // compiled where a secret is made, not in every file that includes licpool (issue 15).
    template <class Unused = void>
    [[nodiscard]] static expected_in<vendor_secret, Unused> make(std::string_view bytes) {
        if (bytes.size() < min_size) {
            return fail(errc::secret_too_short)
                .number(static_cast<std::int64_t>(bytes.size()))
                .limit(static_cast<std::int64_t>(min_size));
        }
        return vendor_secret{bytes};
    }

    vendor_secret(const vendor_secret& other) : vendor_secret{other.bytes()} {}
    vendor_secret(vendor_secret&& other) noexcept
        : bytes_{std::move(other.bytes_)}, size_{std::exchange(other.size_, 0)} {}
    vendor_secret& operator=(const vendor_secret& other) {
        if (this != &other) {
            vendor_secret copy{other};
            *this = std::move(copy);
        }
        return *this;
    }
    vendor_secret& operator=(vendor_secret&& other) noexcept {
        if (this != &other) {
            wipe();
            bytes_ = std::move(other.bytes_);
            size_ = std::exchange(other.size_, 0);
        }
        return *this;
    }
    ~vendor_secret() { wipe(); }

    /// The secret, to key a MAC with. The view dies with this object (or its move).
    std::string_view bytes() const noexcept {
        return size_ == 0 ? std::string_view{} : std::string_view{bytes_.get(), size_};
    }
    std::size_t size() const noexcept { return size_; }

private:
    explicit vendor_secret(std::string_view bytes)
        : bytes_{std::make_unique<char[]>(bytes.size())}, size_{bytes.size()} {
        for (std::size_t i = 0; i < size_; ++i) {
            bytes_[i] = bytes[i];
        }
    }

    void wipe() noexcept {
        if (bytes_) {
            secure_wipe(bytes_.get(), size_);
        }
        bytes_.reset();
        size_ = 0;
    }

    // A heap buffer of its own rather than a std::string: a string may keep short contents
    // inline and reallocate as it grows, leaving copies behind that nobody wipes.
    std::unique_ptr<char[]> bytes_;
    std::size_t size_ = 0;
};

} // namespace licpool
#endif // !defined(LICPOOL_EXPECTED_MISSING)

#endif // LICPOOL_KEYS_VENDOR_SECRET_HPP
