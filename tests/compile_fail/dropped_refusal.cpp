// Issue 12, defect 16: a refusal is a value (DESIGN 1), so dropping one must not go unseen.
// `pool.set_priority(job, 42);` is refused (priorities are 1..10); with the result dropped,
// the compiler warns, and under -Werror it does not compile.
#include <licpool/licpool.hpp>

void host(licpool::license_pool_st<>& pool, licpool::job_id job) {
    pool.set_priority(job, 42);
}
