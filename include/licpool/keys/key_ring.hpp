// licpool: license pools for PBX, dialer and contact-center software.
// Distributed under the Boost Software License, Version 1.0.
#ifndef LICPOOL_KEYS_KEY_RING_HPP
#define LICPOOL_KEYS_KEY_RING_HPP

#include <licpool/catalog/catalog.hpp>
#include <licpool/core/date.hpp>
#include <licpool/core/expected.hpp>
#include <licpool/keys/entitlement.hpp>
#include <licpool/keys/feature_key.hpp>

#include <licpool/core/detail/algorithm.hpp> // the classic algorithms without std::ranges
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#if !defined(LICPOOL_EXPECTED_MISSING) // no expected type: core/expected.hpp says so, once
namespace licpool {

/// The installed keys of a system (DESIGN 3), in install order. It checks nothing: the
/// caller validates a key (`feature_key_validator::validate`) before it adds it, and the
/// ring trusts what it is given.
///
/// Its members that touch the vector or `expected` are member templates (never given a
/// template argument) only so that they are compiled where they are called, not in every
/// file that includes licpool (issue 15).
class key_ring {
public:
    /// Installs `e`. False, and nothing changes, when that key (its canonical text) is
    /// already installed: a key installed twice counts once (DESIGN 3).
    template <class Unused = void>
    bool add(const entitlement& e) {
        if (contains(e.key)) {
            return false;
        }
        keys_.push_back(e);
        return true;
    }

    /// Removes the key `key_text`, spelled any way a key may be (case, separators, I/L/O).
    /// Refused with `errc::key_not_installed` when no such key is installed. Removing a
    /// trial key does not give the trial back: the validator's registry keeps it.
    /// Returns the key removed.
    template <class Unused = void>
    [[nodiscard]] expected_in<entitlement, Unused> remove(std::string_view key_text) {
        const auto it = find(key_text);
        if (it == keys_.end()) {
            return fail(errc::key_not_installed).subject(key_text);
        }
        entitlement removed = std::move(*it);
        keys_.erase(it);
        return removed;
    }

    /// True when the key `key_text` (any spelling) is installed.
    template <class Unused = void>
    bool contains(std::string_view key_text) const { return find(key_text) != keys_.end(); }

    /// The installed keys, in install order.
    const std::vector<entitlement>& keys() const noexcept { return keys_; }
    std::size_t size() const noexcept { return keys_.size(); }
    bool empty() const noexcept { return keys_.empty(); }

    /// What the keys valid on `today` grant (issued <= today <= expires); expired keys stay
    /// installed but stop counting when their day passes.
    template <class Unused = void>
    entitlement_set entitlements(const catalog& c, date today) const {
        return entitlement_set::total(c, keys_, today);
    }

    /// The first day after `today` on which `entitlements` changes (a key's first day, or
    /// the day after a key's last), so a host knows when to recount; nullopt when no such
    /// day will come.
    template <class Unused = void>
    std::optional<date> next_change(date today) const noexcept {
        std::optional<date> next;
        auto consider = [&](date d) {
            if (d > today && (!next || d < *next)) {
                next = d;
            }
        };
        for (const entitlement& e : keys_) {
            consider(e.issued);
            if (e.expires) {
                consider(*e.expires + 1);
            }
        }
        return next;
    }

private:
    template <class Unused = void>
    std::vector<entitlement>::const_iterator find(std::string_view key_text) const {
        // Installed keys are canonical; a text that is no key at all is compared as it is.
        const auto canonical = canonical_key<Unused>(key_text);
        const std::string_view wanted = canonical ? std::string_view{*canonical} : key_text;
        return std::find_if(keys_.begin(), keys_.end(), [&](const entitlement& e) { return e.key == wanted; });
    }

    std::vector<entitlement> keys_;
};

} // namespace licpool
#endif // !defined(LICPOOL_EXPECTED_MISSING)

#endif // LICPOOL_KEYS_KEY_RING_HPP
