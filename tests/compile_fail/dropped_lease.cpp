// Issue 12, defect 16: `pool.acquire(job, kind);` with the result dropped takes a license and
// gives it back at once; the compiler must say so (an error under -Werror).
#include <licpool/licpool.hpp>

void host(licpool::license_pool_st<>& pool, licpool::job_id job) {
    pool.acquire(job, "outbound_port");
}
