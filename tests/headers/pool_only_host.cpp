// A host that takes ports and includes only <licpool/pool.hpp> (issue 15, item 9): it starts a
// job and acquires and releases a license without the regular expressions of usage factors or
// the snapshot codec. Built with the header checks; the pool's behaviour is tested elsewhere.
#include <licpool/pool.hpp>

#include <string>
#include <utility>
#include <vector>

bool licpool_pool_only_host() {
    licpool::license_pool_mt pool{licpool::presets::contact_center(), licpool::serial_number{"LP-HOST"},
                                  *licpool::vendor_secret::make("licpool pool-only host secret"),
                                  licpool::pool_options{licpool::entitlement_source::license_server}};
    if (!pool.report_poll(std::vector<licpool::kind_count>{{"telephony_port", 4}})) {
        return false;
    }
    auto job = pool.start_job(licpool::job_spec{1, 0, 4, licpool::allocation_mode::dynamic, {"telephony_port"}}.named("calls"));
    if (!job) {
        return false;
    }
    auto lease = pool.acquire(*job, "telephony_port");
    if (!lease) {
        return false;
    }
    lease->release();
    return pool.job_usage(*job, "telephony_port").has_value();
}
