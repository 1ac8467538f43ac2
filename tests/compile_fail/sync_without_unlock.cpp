// A Sync policy without unlock(): the class taking it must say which member is missing.
#include <licpool/core/sync.hpp>

struct lock_only {
    void lock() {}
};

template <class Sync>
struct takes_a_mutex {
    static_assert(licpool::detail::check_sync_policy<Sync>(), "see the message above");
};

template struct takes_a_mutex<lock_only>;
