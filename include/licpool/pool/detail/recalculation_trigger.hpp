// licpool: license pools for PBX, dialer and contact-center software.
// Distributed under the Boost Software License, Version 1.0.
#ifndef LICPOOL_POOL_DETAIL_RECALCULATION_TRIGGER_HPP
#define LICPOOL_POOL_DETAIL_RECALCULATION_TRIGGER_HPP

#include <licpool/pool/pool_event.hpp>

#include <string_view>

#if !defined(LICPOOL_EXPECTED_MISSING) // no expected type: core/expected.hpp says so, once
namespace licpool::detail {

/// What a component calls when one of the triggers of DESIGN 4.3 fires: the recalculator,
/// or in a component's own test a recorder of the triggers. Called with the pool's mutex
/// held. An interface rather than a template parameter: a recalculation costs far more than
/// the virtual call, and the components that fire triggers stay plain classes.
class recalculation_trigger {
public:
    virtual void recalculate(recalculation_cause cause, std::string_view subject) = 0;

protected:
    recalculation_trigger() = default;
    recalculation_trigger(const recalculation_trigger&) = default;
    recalculation_trigger& operator=(const recalculation_trigger&) = default;
    ~recalculation_trigger() = default;
};

} // namespace licpool::detail
#endif // !defined(LICPOOL_EXPECTED_MISSING)

#endif // LICPOOL_POOL_DETAIL_RECALCULATION_TRIGGER_HPP
