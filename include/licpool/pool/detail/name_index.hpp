// licpool: license pools for PBX, dialer and contact-center software.
// Distributed under the Boost Software License, Version 1.0.
#ifndef LICPOOL_POOL_DETAIL_NAME_INDEX_HPP
#define LICPOOL_POOL_DETAIL_NAME_INDEX_HPP

#include <licpool/core/version.hpp>

#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string_view>
#include <utility>
#include <vector>

#if !defined(LICPOOL_EXPECTED_MISSING) // no expected type: core/expected.hpp says so, once
namespace licpool::detail {

/// Finds records (jobs) by name, holding only their indexes: the names stay in the records.
///
/// Issue 16 (at most 128 bytes per job): a `std::unordered_map<std::string, std::uint32_t>`
/// costs a job a heap node of 56 bytes (a second copy of its name among them) and a bucket
/// pointer; this table costs it one 32-bit entry at a load factor of 3/8 to 3/4, so 5 to 11
/// bytes. Open addressing with linear probing; each entry keeps 9 bits of the name's hash
/// above the index, so a probe reads a record's name only when the tags agree.
///
/// Every call takes `name_of`, which gives the name of an index in the set (a
/// `std::string_view` or something that converts to one): the index does not own the names.
/// Not thread-safe: its owner's lock guards it (the pool's mutex for the job table).
class name_index {
public:
    /// Indexes from 0 to `max_index` - 1 fit; the bits above them hold the hash's tag.
    static constexpr unsigned index_bits = 22;
    static constexpr std::uint32_t max_index = std::uint32_t{1} << index_bits;

    std::size_t size() const noexcept { return count_; }

    /// The index whose name is `name`, if any.
    template <class NameOf>
    std::optional<std::uint32_t> find(std::string_view name, NameOf&& name_of) const {
        if (count_ == 0) {
            return std::nullopt;
        }
        const std::size_t hash = hash_of(name);
        const std::uint32_t tag = tag_of(hash);
        for (std::size_t at = hash & mask(); entries_[at] != empty; at = (at + 1) & mask()) {
            const std::uint32_t e = entries_[at];
            if ((e & ~index_mask) == tag && std::string_view(name_of(e & index_mask)) == name) {
                return e & index_mask;
            }
        }
        return std::nullopt;
    }

    /// Room for one more index, so that the next `insert` allocates nothing.
    template <class NameOf>
    void make_room(NameOf&& name_of) {
        if ((count_ + 1) * 4 > entries_.size() * 3) {
            grow(name_of);
        }
    }

    /// Adds `index` (below `max_index`), whose name no index of the set has: the caller checked.
    template <class NameOf>
    void insert(std::uint32_t index, NameOf&& name_of) {
        if ((count_ + 1) * 4 > entries_.size() * 3) {
            grow(name_of);
        }
        const std::size_t hash = hash_of(name_of(index));
        place(index | tag_of(hash), hash);
        ++count_;
    }

    /// Removes the index whose name is `name`, if there is one.
    template <class NameOf>
    void erase(std::string_view name, NameOf&& name_of) {
        const auto found = find(name, name_of);
        if (!found) {
            return;
        }
        std::size_t hole = hash_of(name) & mask();
        while ((entries_[hole] & index_mask) != *found) {
            hole = (hole + 1) & mask();
        }
        // Backward-shift deletion: every entry after the hole, up to the next empty one, moves
        // into the hole if its home lies at or before it, so that no probe sequence is cut
        // (no tombstones, so finds never slow down as jobs come and go).
        for (std::size_t next = (hole + 1) & mask(); entries_[next] != empty; next = (next + 1) & mask()) {
            const std::size_t home = hash_of(name_of(entries_[next] & index_mask)) & mask();
            // `next` may move to `hole` unless its home lies cyclically in (hole, next].
            const bool stays = hole <= next ? (hole < home && home <= next) : (hole < home || home <= next);
            if (!stays) {
                entries_[hole] = entries_[next];
                hole = next;
            }
        }
        entries_[hole] = empty;
        --count_;
    }

private:
    static constexpr std::uint32_t index_mask = max_index - 1;
    // Tags fill bits 22 to 30 and bit 31 stays clear, so no entry is `empty`, not even the
    // largest index's with every tag bit set.
    static constexpr std::uint32_t empty = ~std::uint32_t{0};
    static constexpr std::size_t initial_size = 8;

    template <class Name>
    static std::size_t hash_of(const Name& name) noexcept {
        return std::hash<std::string_view>{}(std::string_view(name));
    }
    // The hash's top bits (the table's position uses its low ones), above the index.
    static std::uint32_t tag_of(std::size_t hash) noexcept {
        constexpr unsigned tag_bits = 31 - index_bits;
        const auto top = static_cast<std::uint32_t>(hash >> (sizeof(std::size_t) * 8 - tag_bits));
        return top << index_bits;
    }
    std::size_t mask() const noexcept { return entries_.size() - 1; }

    // Puts `entry` in the first empty place from its home, the one `hash` names.
    void place(std::uint32_t entry, std::size_t hash) noexcept {
        std::size_t at = hash & mask();
        while (entries_[at] != empty) {
            at = (at + 1) & mask();
        }
        entries_[at] = entry;
    }

    template <class NameOf>
    void grow(NameOf& name_of) {
        std::vector<std::uint32_t> old(entries_.empty() ? initial_size : entries_.size() * 2, empty);
        old.swap(entries_);
        for (const std::uint32_t e : old) {
            if (e != empty) {
                place(e, hash_of(name_of(e & index_mask)));
            }
        }
    }

    std::vector<std::uint32_t> entries_;
    std::size_t count_ = 0;
};

} // namespace licpool::detail
#endif // !defined(LICPOOL_EXPECTED_MISSING)

#endif // LICPOOL_POOL_DETAIL_NAME_INDEX_HPP
