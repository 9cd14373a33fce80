// Who held the emulated GIL when: a GilObserver that records ownership as a
// Chrome trace (JSON; opens in Perfetto or chrome://tracing).
#pragma once

#include <chrono>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "workloads/gil/gil.h"

namespace mt::scenarios::gil {

// Thread safety: the Gil serialises the observer calls (see GilObserver);
// Json() after the interpreter threads have been joined.
class GilTrace : public workloads::GilObserver {
 public:
  // Keeps at most `max_slices` holding slices (a tick-policy run can
  // re-take the lock a million times a second); later ones are counted.
  explicit GilTrace(std::size_t max_slices = 200'000);

  void OnTake(int thread) override;
  void OnDrop(int thread, workloads::DropReason reason) override;
  void OnDropRequest(int waiter) override;

  // One track per thread, named by `names` (index = thread id); a slice per
  // uninterrupted hold, with how it ended and how often the holder re-took
  // the lock without anyone else getting it in between; an instant event
  // per drop request. `about` goes into the trace's metadata.
  nlohmann::json Json(const std::vector<std::string>& names,
                      const nlohmann::json& about) const;

  std::size_t slices() const { return slices_.size(); }
  std::uint64_t lost() const { return lost_; }

 private:
  struct Slice {
    int thread;
    double begin_us, end_us = -1;  // end -1: still held
    workloads::DropReason end_reason = workloads::DropReason::kExit;
    std::uint64_t retakes = 0;
  };
  double NowUs() const;

  const std::chrono::steady_clock::time_point start_;
  const std::size_t max_slices_;
  std::vector<Slice> slices_;
  std::vector<std::pair<int, double>> requests_;  // waiter, time
  std::uint64_t lost_ = 0;
};

}  // namespace mt::scenarios::gil
