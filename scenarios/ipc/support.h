// Support for the ipc scenario: starting the far end of a queue where the
// pin policy puts it, and the per-size summary of the results.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <string>

#include "harness/claims.h"
#include "harness/topology.h"
#include "workloads/process/peer.h"
#include "workloads/queues/message_queue.h"

namespace mt::scenarios::ipc {

// Starts `body` as worker 1 of 2 under `pin`, beside the benchmark thread
// (worker 0): a child process, or a thread for the in-process queue. The
// body must only make queue calls (safe in a forked child).
std::unique_ptr<workloads::Peer> StartPeer(const workloads::MessageQueue& q,
                                           harness::PinPolicy pin,
                                           std::function<int()> body);

// Per shape and size, the fastest backend between processes under any pin
// policy measured:
// "msgs_per_s/size:N/<backend>" and "roundtrip_us/size:N/<backend>".
std::map<std::string, double> Fastest(const harness::Results& r);

}  // namespace mt::scenarios::ipc
