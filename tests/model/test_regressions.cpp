// Failures the sequence test found, each kept as a named case (issue 12, item 17).
#include "model/sequence_driver.hpp"

#include "licpool_catch.hpp"

using namespace licpool_model;
