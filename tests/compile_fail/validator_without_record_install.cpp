// A validator policy without record_install(): the class taking it must say which member is missing.
#include <licpool/keys/feature_key_validator.hpp>

#include <string_view>

struct validator_without_record_install {
    licpool::expected<licpool::entitlement> validate(std::string_view, licpool::date) { return licpool::entitlement{}; }

    licpool::date observe(licpool::date today) { return today; }
};

template <class Validator>
struct takes_a_validator {
    static_assert(licpool::detail::check_validator_policy<Validator>(), "see the message above");
};

template struct takes_a_validator<validator_without_record_install>;
