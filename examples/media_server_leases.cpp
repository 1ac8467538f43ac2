// media_server_leases: a central pool lending telephony ports to two media servers.
//
// What it shows (DESIGN 7, after the POM seed: the portal manager gets the licenses from the
// license server and shares them among its media processing servers):
//  - node leases: the central pool lends each media server a count of ports for a time to
//    live; each server renews, and uses what it holds as its own pool's entitlement, reported
//    as polls of a license server;
//  - a reply lost on the way: the server sends its request again with the same id, and the
//    central pool answers with the same lease, taking nothing more;
//  - a media server that crashes: its lease is not renewed, comes back to the central pool
//    by itself, and goes to the other server; when the crashed one returns, its late renewal
//    carries an old fence and is refused, so it asks anew;
//  - while a server cannot reach the central pool its own polls fail, and the grace period
//    keeps its calls going;
//  - the host force-releasing a server: the server's old fence is refused from then on.
// The three pools live in one process and talk through a function call, where a real host
// would put its own transport. Time is a manual clock, moved for all three together.
#include <licpool/licpool.hpp>

#include <chrono>
#include <functional>
#include <iostream>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace {

using namespace std::chrono_literals;
using clock_pool = licpool::license_pool_st<licpool::manual_clock>;

// What a media server sends the central pool, and what it gets back.
struct lease_message {
    enum class type { grant, renew } what;
    std::string holder;
    std::uint64_t request_id = 0;
    std::uint64_t fence = 0;
    std::uint32_t count = 0;
};
struct lease_reply {
    std::optional<licpool::node_lease> lease;
    std::optional<licpool::error> refused;
};
using transport = std::function<std::optional<lease_reply>(const lease_message&)>;

constexpr auto lease_ttl = 60s;

// A media server: its own pool, whose entitlement is whatever the central pool lends it.
class media_server {
public:
    media_server(std::string name, std::uint32_t wanted, const licpool::vendor_secret& secret)
        : name_{std::move(name)}, wanted_{wanted},
          pool_{std::make_unique<clock_pool>(licpool::presets::contact_center(), licpool::serial_number{name_}, secret,
                                             licpool::pool_options{licpool::entitlement_source::license_server})} {
        job_ = *pool_->start_job(licpool::job_spec{}.named(name_ + "-ivr").priority(1).max(200).kinds({"telephony_port"}));
    }

    // Every 20 s: renew each lease, ask for what is missing, and report the outcome to its
    // own pool as a poll of its license server.
    void sync(const transport& central, bool lose_reply = false) {
        for (auto it = leases_.begin(); it != leases_.end();) {
            const auto reply = central({lease_message::type::renew, name_, 0, it->fence, 0});
            if (!reply) {
                return unreachable();
            }
            if (reply->refused) {
                std::cout << "    " << name_ << ": renewal refused: " << *reply->refused << '\n';
                last_refused_renewal_ = reply->refused->code();
                it = leases_.erase(it);
                continue;
            }
            *it++ = *reply->lease;
        }
        if (held() < wanted_) {
            const lease_message ask{lease_message::type::grant, name_, next_request_++, 0, wanted_ - held()};
            auto reply = central(ask);
            if (lose_reply && reply) {
                std::cout << "    " << name_ << ": the reply is lost on the way; it sends request "
                          << ask.request_id << " again\n";
                reply = central(ask); // the same request id: the same lease, nothing more taken
            }
            if (!reply) {
                return unreachable();
            }
            if (reply->refused) {
                std::cout << "    " << name_ << ": request refused: " << *reply->refused << '\n';
            } else {
                std::cout << "    " << name_ << ": lent " << reply->lease->count << " ports, fence "
                          << reply->lease->fence << '\n';
                leases_.push_back(*reply->lease);
            }
        }
        (void)pool_->report_poll({{"telephony_port", held()}});
    }

    // Calls in progress: as many as its entitlement allows, up to `busy`.
    void carry(std::uint32_t busy) {
        while (calls_.size() > busy) {
            calls_.pop_back();
        }
        while (calls_.size() < busy) {
            auto port = pool_->acquire(job_, "telephony_port");
            if (!port) {
                break;
            }
            calls_.push_back(std::move(*port));
        }
    }

    void want(std::uint32_t ports) { wanted_ = ports; }

    // A crash loses the calls and the process; the lease stays at the central pool until it
    // expires. On restart the server still has the fence it held.
    void crash() { calls_.clear(); }

    std::uint32_t held() const {
        std::uint32_t n = 0;
        for (const auto& l : leases_) {
            n += l.count;
        }
        return n;
    }
    std::optional<licpool::errc> last_refused_renewal() const { return last_refused_renewal_; }
    std::size_t calls() const { return calls_.size(); }
    const std::string& name() const { return name_; }
    clock_pool& pool() { return *pool_; }

private:
    void unreachable() {
        std::cout << "    " << name_ << ": the central pool cannot be reached\n";
        (void)pool_->report_poll_failure(); // DESIGN 7: the grace period keeps the last good entitlement
    }

    std::string name_;
    std::uint32_t wanted_;
    std::unique_ptr<clock_pool> pool_;
    licpool::job_id job_;
    std::vector<licpool::node_lease> leases_;
    std::uint64_t next_request_ = 1;
    std::vector<licpool::lease> calls_;
    std::optional<licpool::errc> last_refused_renewal_;
};

void show(clock_pool& central, const std::vector<media_server*>& servers, std::int64_t t) {
    std::cout << "  t=" << t << "s central lends:";
    for (const auto& l : central.node_leases()) {
        std::cout << ' ' << l.holder << '=' << l.count;
    }
    std::cout << "; calls:";
    for (auto* s : servers) {
        std::cout << ' ' << s->name() << '=' << s->calls();
    }
    std::cout << '\n';
}

} // namespace

int main() {
    auto secret = licpool::vendor_secret::make("demo vendor secret: do not ship me");
    if (!secret) {
        std::cerr << secret.error() << '\n';
        return 1;
    }
    // The central pool holds the system's keys: 100 telephony ports.
    clock_pool central{licpool::presets::contact_center(), licpool::serial_number{"EPM-0001"}, *secret};
    const auto port_key =
        licpool::issue_key(central.kinds(), "telephony_port", 100, licpool::serial_number{"EPM-0001"}, *secret,
                           licpool::key_terms{}.issued_on(licpool::date::from_ymd(2025, 12, 1)));
    if (!central.install_key(*port_key)) {
        return 1;
    }

    // The transport: a function call here; sockets or a message bus in a real host. A server
    // that is down or cut off gets no reply at all.
    std::string cut_off;
    const auto central_side = [&](const lease_message& m) -> std::optional<lease_reply> {
        if (m.holder == cut_off) {
            return std::nullopt;
        }
        auto answer = m.what == lease_message::type::grant
                          ? central.grant_node_lease({m.holder, m.request_id, "telephony_port", m.count, lease_ttl})
                          : central.renew_node_lease(m.holder, m.fence, lease_ttl);
        return answer ? lease_reply{*answer, std::nullopt} : lease_reply{std::nullopt, answer.error()};
    };

    media_server mps1{"mps-1", 60, *secret};
    media_server mps2{"mps-2", 40, *secret};
    const std::vector<media_server*> servers = {&mps1, &mps2};
    const auto advance = [&](std::chrono::seconds by) {
        central.clock().advance(by);
        central.tick(); // leases not renewed in time come back here
        for (auto* s : servers) {
            s->pool().clock().advance(by);
            s->pool().tick();
        }
    };
    const auto ports = *central.kinds().find("telephony_port");

    std::cout << "== t=0s both media servers ask for their ports\n";
    mps1.sync(central_side);
    mps2.sync(central_side, /*lose_reply=*/true);
    const bool once_each = central.node_leases().size() == 2 && central.system_usage(ports).in_use == 100;
    mps1.carry(55);
    mps2.carry(40);
    show(central, servers, 0);

    bool taken_back = false;
    bool refused_late = false;
    bool grace_kept_calls = false;
    bool down = false;
    for (std::int64_t t = 20; t <= 240; t += 20) {
        advance(20s);
        if (t == 60) {
            std::cout << "== t=60s mps-2 crashes: its calls end and it renews no more\n";
            mps2.crash();
            down = true;
        }
        if (t == 100) {
            // Last renewed at t=40 for 60 s: the lease came back at the t=100 tick.
            taken_back = central.node_leases().size() == 1 && central.system_usage(ports).in_use == 60;
            std::cout << "== t=100s mps-2's lease ran out; its 40 ports are back, and mps-1 wants 90 now\n";
            mps1.want(90);
        }
        if (t == 140) {
            std::cout << "== t=140s mps-2 is back; its first message renews the fence it held; it needs 10 ports now\n";
            down = false;
            mps2.want(10);
        }
        if (t == 180) {
            std::cout << "== t=180s mps-1 is cut off from the central pool for one round\n";
            cut_off = "mps-1";
        }
        mps1.sync(central_side);
        if (!down) {
            mps2.sync(central_side);
        }
        if (t == 140) {
            // Its lease ended at t=100: the late renewal carries a fence the pool no longer has.
            refused_late = mps2.last_refused_renewal() == licpool::errc::stale_fence;
        }
        mps1.carry(t >= 100 ? 90 : 55);
        mps2.carry(down ? 0 : t < 60 ? 30 : 10);
        if (t == 180) {
            grace_kept_calls = mps1.calls() == 90; // its own pool kept the last good entitlement
            cut_off.clear();
        }
        show(central, servers, t);
    }

    std::cout << "== the host force-releases mps-2 (say it was reported dead)\n";
    const auto released = central.force_release("mps-2");
    std::cout << "  " << released << " ports came back; mps-2, alive after all, is refused its renewal and asks anew:\n";
    mps2.sync(central_side);
    const bool fenced_out = mps2.last_refused_renewal() == licpool::errc::stale_fence;

    std::cout << "== Summary\n";
    for (const auto& l : central.node_leases()) {
        std::cout << "  " << l.holder << " holds " << l.count << " ports (fence " << l.fence << ")\n";
    }
    std::cout << "  fences handed out: " << central.last_fence() << '\n';

    const bool ok = once_each && taken_back && refused_late && grace_kept_calls && released == 10 && fenced_out;
    if (!ok) {
        std::cerr << "media_server_leases: the lease flow did not go as shown\n";
    }
    return ok ? 0 : 1;
}
