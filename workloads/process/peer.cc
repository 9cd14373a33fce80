// Starting, waiting for and always reaping a peer process or thread.
#include "workloads/process/peer.h"

#include <errno.h>
#include <signal.h>
#include <sys/wait.h>

#include <system_error>

#include "workloads/process/forked.h"

namespace mt::workloads {
namespace {

int RunGuarded(const std::function<int()>& body) {
  try {
    return body();
  } catch (...) {
    return Peer::kThrew;
  }
}

}  // namespace

Peer::Peer(Kind kind, std::function<int()> body, const OnWorkerStart& on_start)
    : kind_(kind) {
  if (kind == Kind::kThread) {
    thread_ = std::thread([this, body = std::move(body), on_start] {
      CallWorkerHook(on_start, 0, 1);
      thread_result_ = RunGuarded(body);
    });
    return;
  }
  pid_ = ForkChild([&body, &on_start] {
    CallWorkerHook(on_start, 0, 1);
    return RunGuarded(body);
  });
  if (pid_ < 0) {
    throw std::system_error(errno, std::generic_category(), "fork of a peer");
  }
}

int Peer::Wait() {
  waited_ = true;
  if (kind_ == Kind::kThread) {
    thread_.join();
    return thread_result_;
  }
  const int status = WaitChild(pid_);
  if (status < 0) return 128;  // cannot happen for our own child
  return WIFSIGNALED(status) ? 128 + WTERMSIG(status) : WEXITSTATUS(status);
}

Peer::~Peer() {
  if (waited_) return;
  if (kind_ == Kind::kProcess) kill(pid_, SIGKILL);
  Wait();
}

}  // namespace mt::workloads
