// A validator policy without observe(): the class taking it must say which member is missing.
#include <licpool/keys/feature_key_validator.hpp>

#include <string_view>

struct validator_without_observe {
    licpool::expected<licpool::entitlement> validate(std::string_view, licpool::date) { return licpool::entitlement{}; }
    void record_install(const licpool::entitlement&) {}
};

template <class Validator>
struct takes_a_validator {
    static_assert(licpool::detail::check_validator_policy<Validator>(), "see the message above");
};

template struct takes_a_validator<validator_without_observe>;
