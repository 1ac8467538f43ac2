// A Division policy that cannot be called: the allocator must say what it needs.
#include <licpool/allocation/reserved_dynamic_allocator.hpp>

struct division_without_call {};

static_assert(sizeof(licpool::reserved_dynamic_allocator<division_without_call>) > 0, "instantiates the allocator");
