// The hunt's budget and progress lines.
#include "harness/hunt_progress.h"

#include <algorithm>
#include <cmath>
#include <iomanip>
#include <sstream>

namespace mt::harness {
namespace {

double SecondsUntil(HuntBudget::Clock::time_point t) {
  return std::chrono::duration<double>(t - HuntBudget::Clock::now()).count();
}

}  // namespace

HuntBudget::HuntBudget(double time_seconds, int planned_runs)
    : runs_left_(planned_runs) {
  if (time_seconds > 0)
    end_ = start_ + std::chrono::duration_cast<Clock::duration>(
                        std::chrono::duration<double>(time_seconds));
}

std::optional<HuntBudget::Clock::time_point> HuntBudget::TargetEnd(
    int targets_left) const {
  if (!end_) return std::nullopt;
  const Clock::time_point now = Clock::now();
  return now + (*end_ - now) / std::max(1, targets_left);
}

void HuntBudget::Ran(double seconds) {
  ++runs_done_;
  run_seconds_ += seconds;
  if (runs_left_ > 0) --runs_left_;
}

std::string HuntBudget::Left() const {
  double left = runs_left_ >= 0 && runs_done_ > 0
                    ? run_seconds_ / runs_done_ * runs_left_
                    : -1;
  if (end_) {
    const double by_time = std::max(0.0, SecondsUntil(*end_));
    left = left < 0 ? by_time : std::min(left, by_time);
  }
  return left < 0 ? "?" : "~" + DurationText(left);
}

double HuntBudget::Elapsed() const { return -SecondsUntil(start_); }

std::string DurationText(double seconds) {
  std::ostringstream out;
  const long s = std::lround(seconds);
  if (s >= 60) out << s / 60 << " min " << std::setw(2) << std::setfill('0');
  out << s % 60 << " s";
  return out.str();
}

void PrintRun(std::ostream& out, const RunRecord& r, int runs,
              const HuntBudget& budget) {
  std::ostringstream line;
  line << "  run " << std::setw(3) << r.index << "/"
       << (runs > 0 ? std::to_string(runs) : "-") << "  " << std::left
       << std::setw(32) << r.schedule.Describe() << std::right;
  if (r.outcome == "exited") {
    line << "exit " << std::setw(3) << r.exit_code;
  } else if (r.outcome == "signalled") {
    line << "signal " << r.signal;
  } else {
    line << r.outcome;
  }
  line << std::setw(4) << r.observations.size() << " finding(s) " << std::fixed
       << std::setprecision(1) << std::setw(6) << r.wall_seconds << " s   left "
       << budget.Left();
  out << line.str() << std::endl;
}

}  // namespace mt::harness
