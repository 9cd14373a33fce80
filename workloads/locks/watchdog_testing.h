// For tests: a watchdog with a short bound that keeps its first report, so a
// test can wait for it, undo the stall, and then check what was said.
#pragma once

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <future>
#include <optional>
#include <string>

#include "workloads/locks/watchdog.h"

namespace mt::workloads {

// Thread safety: construct, Wait and destroy on the test's thread; the
// watchdog's thread fulfils the promise. Memory ordering: the report reaches
// Wait through the promise; got_ only picks the first.
class FirstReportWatch {
 public:
  explicit FirstReportWatch(OnCycle mode = OnCycle::kReport)
      : dog_(
            {std::chrono::milliseconds(100), mode, [this](const WaitReport& r) {
               if (!got_.exchange(true)) first_.set_value(r);
             }}) {}
  // The first report, waiting up to 30 s for it; nullopt if none came.
  // Call once.
  std::optional<WaitReport> Wait() {
    auto report = first_.get_future();
    if (report.wait_for(std::chrono::seconds(30)) != std::future_status::ready)
      return std::nullopt;
    return report.get();
  }

 private:
  std::promise<WaitReport> first_;
  std::atomic<bool> got_{false};  // only the first report is kept
  DeadlockWatchdog dog_;          // last: its thread stops first
};

// Checks that `report` came and says a thread waits on the condition named
// `condition`, which nobody notified: a stall, not a deadlock.
inline void ExpectStallOnCondition(const std::optional<WaitReport>& report,
                                   const std::string& condition) {
  ASSERT_TRUE(report);
  EXPECT_EQ(report->kind, WaitReport::Kind::kStall);
  EXPECT_TRUE(report->parties.at(0).on_condition);
  EXPECT_NE(report->why.find(condition), std::string::npos) << report->why;
}

}  // namespace mt::workloads
