// licpool: license pools for PBX, dialer and contact-center software.
// Distributed under the Boost Software License, Version 1.0.

#include "components/component_fixture.hpp"
#include "licpool_catch.hpp"
