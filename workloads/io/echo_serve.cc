// The three serving models and the delayed echo.
#include "workloads/io/echo_serve.h"

#include <pthread.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <sys/timerfd.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstring>
#include <deque>
#include <thread>

#include "workloads/base/cache_line.h"

namespace mt::workloads {
namespace {

struct EchoMessage {
  std::uint32_t task = 0, round = 0;
  std::uint8_t filler[kEchoMessageBytes - 8] = {};
};
static_assert(sizeof(EchoMessage) == kEchoMessageBytes);

EchoMessage Request(int task, int round) {
  EchoMessage m{std::uint32_t(task), std::uint32_t(round)};
  for (std::size_t i = 0; i < sizeof m.filler; ++i)
    m.filler[i] = std::uint8_t(task * 31 + round * 7 + int(i));
  return m;
}

// epoll_wait batch: enough to drain a burst without a huge stack array.
constexpr int kEventBatch = 256;

// One task on a blocking fd: `rounds` exchanges, then close.
struct alignas(kCacheLine) TaskOutcome {
  std::int64_t rounds_done = 0, bad = 0;
};

void RunBlockingTask(int fd, int task, int rounds, TaskOutcome* out) {
  for (int r = 0; r < rounds; ++r) {
    const EchoMessage sent = Request(task, r);
    EchoMessage got;
    if (send(fd, &sent, sizeof sent, MSG_NOSIGNAL) != sizeof sent ||
        recv(fd, &got, sizeof got, 0) != sizeof got)
      break;
    ++(std::memcmp(&sent, &got, sizeof sent) == 0 ? out->rounds_done
                                                  : out->bad);
  }
  close(fd);
}

// Threads wait at a gate until Serve() opens it (or Start() aborts).
// Memory ordering: release on open, acquire on pass, so the threads see
// everything set up before.
class Gate {
 public:
  enum State { kClosed, kOpen, kAborted };
  State Pass() {
    state_.wait(kClosed, std::memory_order_acquire);
    return State(state_.load(std::memory_order_acquire));
  }
  void Set(State s) {
    state_.store(s, std::memory_order_release);
    state_.notify_all();
  }

 private:
  std::atomic<int> state_{kClosed};
};

ServeResult Sum(const std::vector<TaskOutcome>& outcomes, int threads) {
  ServeResult r{.threads = threads};
  for (const TaskOutcome& o : outcomes) {
    r.rounds_done += o.rounds_done;
    r.bad_echoes += o.bad;
  }
  return r;
}

class ThreadPerTask : public EchoServer {
 public:
  ThreadPerTask(std::vector<int> fds, const EchoConfig& c)
      : fds_(std::move(fds)), config_(c), outcomes_(fds_.size()) {}
  ~ThreadPerTask() override {
    if (!served_) Abort();
  }
  bool Start(std::string* error) override {
    pthread_attr_t attr;
    pthread_attr_init(&attr);
    pthread_attr_setstacksize(&attr, config_.thread_stack_bytes);
    for (std::size_t i = 0; i < fds_.size(); ++i) {
      pthread_t tid;
      const int rc = pthread_create(&tid, &attr, &ThreadPerTask::Main,
                                    new Arg{this, int(i)});
      if (rc != 0) {
        *error = "pthread_create failed for thread " + std::to_string(i + 1) +
                 " of " + std::to_string(fds_.size()) + ": " +
                 std::strerror(rc);
        break;
      }
      threads_.push_back(tid);
    }
    pthread_attr_destroy(&attr);
    if (threads_.size() < fds_.size()) Abort();
    return threads_.size() == fds_.size();
  }
  ServeResult Serve() override {
    gate_.Set(Gate::kOpen);
    for (pthread_t t : threads_) pthread_join(t, nullptr);
    served_ = true;
    return Sum(outcomes_, int(threads_.size()));
  }

 private:
  struct Arg {
    ThreadPerTask* self;
    int task;
  };
  static void* Main(void* p) {
    std::unique_ptr<Arg> arg(static_cast<Arg*>(p));
    ThreadPerTask& s = *arg->self;
    const std::size_t i = std::size_t(arg->task);
    if (s.gate_.Pass() == Gate::kOpen)
      RunBlockingTask(s.fds_[i], arg->task, s.config_.rounds, &s.outcomes_[i]);
    return nullptr;
  }
  void Abort() {
    gate_.Set(Gate::kAborted);
    for (pthread_t t : threads_) pthread_join(t, nullptr);
    threads_.clear();
    served_ = true;
  }
  std::vector<int> fds_;
  EchoConfig config_;
  std::vector<TaskOutcome> outcomes_;
  std::vector<pthread_t> threads_;
  Gate gate_;
  bool served_ = false;
};

class FixedPool : public EchoServer {
 public:
  FixedPool(std::vector<int> fds, const EchoConfig& c)
      : fds_(std::move(fds)), config_(c), outcomes_(fds_.size()) {}
  ~FixedPool() override {
    if (!threads_.empty()) gate_.Set(Gate::kAborted);
    for (std::thread& t : threads_) t.join();
  }
  bool Start(std::string* error) override {
    try {
      for (int t = 0; t < config_.pool_threads; ++t)
        threads_.emplace_back([this] { Work(); });
    } catch (const std::system_error& e) {
      *error = std::string("starting the pool: ") + e.what();
      return false;
    }
    return true;
  }
  ServeResult Serve() override {
    gate_.Set(Gate::kOpen);
    for (std::thread& t : threads_) t.join();
    const int threads = int(threads_.size());
    threads_.clear();
    return Sum(outcomes_, threads);
  }

 private:
  // Each thread takes the next task and runs it to its end, blocking.
  void Work() {
    if (gate_.Pass() != Gate::kOpen) return;
    for (;;) {
      const std::size_t i = next_.fetch_add(1, std::memory_order_relaxed);
      if (i >= fds_.size()) return;
      RunBlockingTask(fds_[i], int(i), config_.rounds, &outcomes_[i]);
    }
  }
  std::vector<int> fds_;
  EchoConfig config_;
  std::vector<TaskOutcome> outcomes_;
  std::vector<std::thread> threads_;
  std::atomic<std::size_t> next_{0};  // relaxed: only hands out indices
  Gate gate_;
};

class EpollServer : public EchoServer {
 public:
  EpollServer(std::vector<int> fds, const EchoConfig& c)
      : fds_(std::move(fds)), config_(c), round_(fds_.size(), 0) {}
  ~EpollServer() override {
    if (epoll_fd_ >= 0) close(epoll_fd_);
  }
  bool Start(std::string* error) override {
    epoll_fd_ = epoll_create1(EPOLL_CLOEXEC);
    for (std::size_t i = 0; i < fds_.size() && epoll_fd_ >= 0; ++i) {
      epoll_event ev{.events = EPOLLIN, .data = {.u64 = i}};
      if (epoll_ctl(epoll_fd_, EPOLL_CTL_ADD, fds_[i], &ev) != 0) {
        *error = std::string("epoll_ctl: ") + std::strerror(errno);
        return false;
      }
    }
    if (epoll_fd_ < 0) *error = std::string("epoll: ") + std::strerror(errno);
    return epoll_fd_ >= 0;
  }
  // Level-triggered and blocking fds are enough: a readable SOCK_SEQPACKET
  // socket holds a whole message, and a task has one message in flight, so
  // neither recv nor send can block.
  ServeResult Serve() override {
    ServeResult result{.threads = 1};
    std::size_t open = fds_.size();
    for (std::size_t i = 0; i < fds_.size(); ++i) {
      const EchoMessage m = Request(int(i), 0);
      if (send(fds_[i], &m, sizeof m, MSG_NOSIGNAL) != sizeof m)
        Finish(i, &open);
    }
    epoll_event events[kEventBatch];
    while (open > 0) {
      const int n = epoll_wait(epoll_fd_, events, kEventBatch, -1);
      if (n < 0 && errno == EINTR) continue;
      if (n < 0) return result.error = "epoll_wait failed", result;
      for (int e = 0; e < n; ++e) {
        const std::size_t i = events[e].data.u64;
        EchoMessage got;
        const EchoMessage expected = Request(int(i), round_[i]);
        if (recv(fds_[i], &got, sizeof got, 0) != sizeof got) {
          Finish(i, &open);
          continue;
        }
        ++(std::memcmp(&got, &expected, sizeof got) == 0 ? result.rounds_done
                                                         : result.bad_echoes);
        const EchoMessage next = Request(int(i), ++round_[i]);
        if (round_[i] == config_.rounds ||
            send(fds_[i], &next, sizeof next, MSG_NOSIGNAL) != sizeof next)
          Finish(i, &open);
      }
    }
    return result;
  }

 private:
  void Finish(std::size_t i, std::size_t* open) {
    epoll_ctl(epoll_fd_, EPOLL_CTL_DEL, fds_[i], nullptr);
    close(fds_[i]);
    --*open;
  }
  std::vector<int> fds_;
  EchoConfig config_;
  std::vector<int> round_;
  int epoll_fd_ = -1;
};

}  // namespace

SocketPairs MakeSocketPairs(int count, std::string* error) {
  SocketPairs pairs;
  for (int i = 0; i < count; ++i) {
    int sv[2];
    if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sv) != 0) {
      *error = "socketpair failed after " + std::to_string(i) + " of " +
               std::to_string(count) + " pairs: " + std::strerror(errno);
      for (int fd : pairs.server) close(fd);
      for (int fd : pairs.peer) close(fd);
      return {};
    }
    pairs.server.push_back(sv[0]);
    pairs.peer.push_back(sv[1]);
  }
  return pairs;
}

std::unique_ptr<EchoServer> MakeEchoServer(ServeModel model,
                                           std::vector<int> fds,
                                           const EchoConfig& config) {
  switch (model) {
    case ServeModel::kEpoll:
      return std::make_unique<EpollServer>(std::move(fds), config);
    case ServeModel::kThreadPerTask:
      return std::make_unique<ThreadPerTask>(std::move(fds), config);
    case ServeModel::kFixedPool:
      return std::make_unique<FixedPool>(std::move(fds), config);
  }
  return nullptr;
}

std::int64_t RunDelayedEcho(const std::vector<int>& fds,
                            std::chrono::microseconds delay) {
  using Clock = std::chrono::steady_clock;  // CLOCK_MONOTONIC, as the timer
  struct Pending {
    int fd;
    Clock::time_point due;
    EchoMessage message;
  };
  const int epoll_fd = epoll_create1(EPOLL_CLOEXEC);
  const int timer_fd = timerfd_create(CLOCK_MONOTONIC, TFD_CLOEXEC);
  epoll_event tev{.events = EPOLLIN, .data = {.fd = timer_fd}};
  epoll_ctl(epoll_fd, EPOLL_CTL_ADD, timer_fd, &tev);
  for (int fd : fds) {
    epoll_event ev{.events = EPOLLIN, .data = {.fd = fd}};
    epoll_ctl(epoll_fd, EPOLL_CTL_ADD, fd, &ev);
  }
  // The delay is the same for all, so arrival order is due order: a FIFO.
  std::deque<Pending> queue;
  std::size_t open = fds.size();
  std::int64_t echoed = 0;
  epoll_event events[kEventBatch];
  while (open > 0 || !queue.empty()) {
    const int n = epoll_wait(epoll_fd, events, kEventBatch, -1);
    if (n < 0 && errno != EINTR) break;
    for (int e = 0; e < n; ++e) {
      const int fd = events[e].data.fd;
      Pending p{fd, Clock::now() + delay, {}};
      if (fd == timer_fd) {
        std::uint64_t expirations;
        (void)!read(timer_fd, &expirations, sizeof expirations);
      } else if (recv(fd, &p.message, sizeof p.message, 0) ==
                 sizeof p.message) {
        queue.push_back(p);
      } else {  // the task is done and closed its end
        epoll_ctl(epoll_fd, EPOLL_CTL_DEL, fd, nullptr);
        close(fd);
        --open;
      }
    }
    for (auto now = Clock::now(); !queue.empty() && queue.front().due <= now;
         queue.pop_front()) {
      send(queue.front().fd, &queue.front().message, sizeof(EchoMessage),
           MSG_NOSIGNAL);
      ++echoed;
    }
    if (!queue.empty()) {
      const auto ns = queue.front().due.time_since_epoch().count();
      itimerspec at{
          .it_interval = {},
          .it_value = {.tv_sec = ns / 1000000000, .tv_nsec = ns % 1000000000}};
      timerfd_settime(timer_fd, TFD_TIMER_ABSTIME, &at, nullptr);
    }
  }
  close(timer_fd);
  close(epoll_fd);
  return echoed;
}

}  // namespace mt::workloads
