// The server child's life: receive fds, start the model, report ready, serve
// on "go", report rounds and memory. The parent: pairs, fds, echo, reap.
#include "workloads/io/echo_experiment.h"

#include <dirent.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cstring>
#include <fstream>

#include "workloads/process/forked.h"

namespace mt::workloads {
namespace {

// Descriptors per SCM_RIGHTS message: under the kernel's SCM_MAX_FD (253).
constexpr int kFdBatch = 128;
// Headroom for what else a process holds (stdio, epoll, timer, control).
constexpr long kSpareFds = 64;

// What the child tells the parent, twice: once started, once done. Plain
// bytes, sent as they are.
struct ChildMessage {
  std::int64_t rounds_done = 0, bad_echoes = 0, threads = 0;
  std::int64_t rss_at_fork_kib = 0, rss_started_kib = 0, hwm_kib = 0;
  char error[256] = {};
};

bool SendFds(int sock, const int* fds, int count) {
  char byte = 'F';
  iovec iov{&byte, 1};
  alignas(cmsghdr) char control[CMSG_SPACE(sizeof(int) * kFdBatch)] = {};
  msghdr msg{};
  msg.msg_iov = &iov;
  msg.msg_iovlen = 1;
  msg.msg_control = control;
  msg.msg_controllen = CMSG_SPACE(sizeof(int) * std::size_t(count));
  cmsghdr* c = CMSG_FIRSTHDR(&msg);
  c->cmsg_level = SOL_SOCKET;
  c->cmsg_type = SCM_RIGHTS;
  c->cmsg_len = CMSG_LEN(sizeof(int) * std::size_t(count));
  std::memcpy(CMSG_DATA(c), fds, sizeof(int) * std::size_t(count));
  return sendmsg(sock, &msg, MSG_NOSIGNAL) == 1;
}

// Appends the fds of one message to `out`; false at EOF or on error.
bool ReceiveFds(int sock, std::vector<int>* out) {
  char byte;
  iovec iov{&byte, 1};
  alignas(cmsghdr) char control[CMSG_SPACE(sizeof(int) * kFdBatch)];
  msghdr msg{};
  msg.msg_iov = &iov;
  msg.msg_iovlen = 1;
  msg.msg_control = control;
  msg.msg_controllen = sizeof control;
  if (recvmsg(sock, &msg, MSG_CMSG_CLOEXEC) != 1) return false;
  for (cmsghdr* c = CMSG_FIRSTHDR(&msg); c; c = CMSG_NXTHDR(&msg, c)) {
    if (c->cmsg_level != SOL_SOCKET || c->cmsg_type != SCM_RIGHTS) continue;
    const std::size_t n = (c->cmsg_len - CMSG_LEN(0)) / sizeof(int);
    const std::size_t at = out->size();
    out->resize(at + n);
    std::memcpy(out->data() + at, CMSG_DATA(c), n * sizeof(int));
  }
  return true;
}

void SetError(ChildMessage* m, const std::string& error) {
  std::strncpy(m->error, error.c_str(), sizeof m->error - 1);
}

int ChildMain(int control, ServeModel model, int tasks,
              const EchoConfig& config) {
  ChildMessage m;
  m.rss_at_fork_kib = ReadProcessMemory().rss_kib;
  std::vector<int> fds;
  while (int(fds.size()) < tasks && ReceiveFds(control, &fds)) {
  }
  std::string error;
  std::unique_ptr<EchoServer> server;
  if (int(fds.size()) != tasks) {
    error = "received " + std::to_string(fds.size()) + " of " +
            std::to_string(tasks) + " socket ends";
  } else {
    server = MakeEchoServer(model, std::move(fds), config);
    server->Start(&error);
  }
  m.rss_started_kib = ReadProcessMemory().rss_kib;
  SetError(&m, error);
  char go = 0;
  if (send(control, &m, sizeof m, MSG_NOSIGNAL) != sizeof m || !error.empty() ||
      recv(control, &go, 1, 0) != 1)
    return 1;
  const ServeResult served = server->Serve();
  m.rounds_done = served.rounds_done;
  m.bad_echoes = served.bad_echoes;
  m.threads = served.threads;
  SetError(&m, served.error);
  m.hwm_kib = ReadProcessMemory().hwm_kib;
  return send(control, &m, sizeof m, MSG_NOSIGNAL) == sizeof m ? 0 : 1;
}

long OpenFds() {
  long n = 0;
  if (DIR* d = opendir("/proc/self/fd")) {
    while (readdir(d)) ++n;
    closedir(d);
  }
  return n;
}

}  // namespace

ProcessMemory ReadProcessMemory() {
  ProcessMemory m;
  std::ifstream status("/proc/self/status");
  for (std::string key; status >> key;) {
    if (key == "VmRSS:") status >> m.rss_kib;
    if (key == "VmHWM:") status >> m.hwm_kib;
  }
  return m;
}

long RaiseFdLimit() {
  rlimit limit{};
  getrlimit(RLIMIT_NOFILE, &limit);
  limit.rlim_cur = limit.rlim_max;
  setrlimit(RLIMIT_NOFILE, &limit);
  getrlimit(RLIMIT_NOFILE, &limit);
  return long(limit.rlim_cur);
}

EchoExperiment::EchoExperiment(ServeModel model, int tasks,
                               const EchoConfig& config,
                               const OnWorkerStart& on_server_start)
    : config_(config) {
  error_ = Setup(model, tasks, config, on_server_start);
}

std::string EchoExperiment::Setup(ServeModel model, int tasks,
                                  const EchoConfig& config,
                                  const OnWorkerStart& on_server_start) {
  const long limit = RaiseFdLimit(), open = OpenFds();
  if (tasks + open + kSpareFds > limit) {
    return std::to_string(tasks) + " tasks need " + std::to_string(tasks) +
           " descriptors in each process beside the " + std::to_string(open) +
           " open; RLIMIT_NOFILE's hard limit is " + std::to_string(limit);
  }
  int sv[2];
  // SOCK_SEQPACKET: each ChildMessage arrives whole.
  if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sv) != 0)
    return std::string("socketpair: ") + std::strerror(errno);
  child_ = ForkChild([&] {
    close(sv[0]);
    CallWorkerHook(on_server_start, 0, 1);
    return ChildMain(sv[1], model, tasks, config);
  });
  close(sv[1]);
  control_ = sv[0];
  if (child_ < 0) return "fork failed";
  for (int done = 0; done < tasks; done += kFdBatch) {
    std::string error;
    SocketPairs pairs =
        MakeSocketPairs(std::min(kFdBatch, tasks - done), &error);
    if (!error.empty()) return error;
    const bool sent =
        SendFds(control_, pairs.server.data(), int(pairs.server.size()));
    for (int fd : pairs.server) close(fd);  // the child has them now
    peers_.insert(peers_.end(), pairs.peer.begin(), pairs.peer.end());
    if (!sent) return "passing socket ends to the server child failed";
  }
  ChildMessage started;
  if (recv(control_, &started, sizeof started, 0) != sizeof started)
    return "the server child died while starting";
  return started.error;
}

EchoExperiment::~EchoExperiment() {
  for (int fd : peers_) close(fd);
  if (control_ >= 0) close(control_);
  if (child_ > 0) {
    kill(child_, SIGKILL);
    WaitChild(child_);
  }
}

std::int64_t EchoExperiment::Run() {
  const char go = 'G';
  if (!error_.empty() || send(control_, &go, 1, MSG_NOSIGNAL) != 1) return 0;
  echoed_ = RunDelayedEcho(peers_, config_.delay);
  peers_.clear();  // RunDelayedEcho closed each as its task ended
  return echoed_;
}

ExperimentReport EchoExperiment::Finish() {
  ExperimentReport report;
  report.echoed = echoed_;
  ChildMessage m;
  if (!error_.empty()) {
    report.error = error_;
  } else if (recv(control_, &m, sizeof m, 0) != sizeof m) {
    report.error = "the server child died while serving";
  } else {
    report.serve = {.rounds_done = m.rounds_done,
                    .bad_echoes = m.bad_echoes,
                    .threads = int(m.threads),
                    .error = m.error};
    report.error = m.error;
    report.rss_at_fork_kib = m.rss_at_fork_kib;
    report.rss_started_kib = m.rss_started_kib;
    report.hwm_kib = m.hwm_kib;
  }
  close(control_);
  control_ = -1;
  const int status = WaitChild(child_);
  child_ = -1;
  if (report.error.empty() && status != 0)
    report.error =
        "the server child exited with status " + std::to_string(status);
  return report;
}

}  // namespace mt::workloads
