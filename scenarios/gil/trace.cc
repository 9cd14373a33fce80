// Recording GIL ownership as Chrome trace events.
#include "scenarios/gil/trace.h"

namespace mt::scenarios::gil {

using workloads::DropReason;

GilTrace::GilTrace(std::size_t max_slices)
    : start_(std::chrono::steady_clock::now()), max_slices_(max_slices) {}

double GilTrace::NowUs() const {
  return std::chrono::duration<double, std::micro>(
             std::chrono::steady_clock::now() - start_)
      .count();
}

void GilTrace::OnTake(int thread) {
  const double now = NowUs();
  // A tick release won back by the same thread: one slice, not thousands.
  if (!slices_.empty() && slices_.back().thread == thread &&
      slices_.back().end_reason == DropReason::kTick) {
    Slice& last = slices_.back();
    last.end_us = -1;
    last.end_reason = DropReason::kExit;
    ++last.retakes;
    return;
  }
  if (slices_.size() >= max_slices_) {
    ++lost_;
    return;
  }
  slices_.push_back({thread, now});
}

void GilTrace::OnDrop(int thread, DropReason reason) {
  if (slices_.empty() || slices_.back().thread != thread ||
      slices_.back().end_us >= 0) {
    return;  // its take was past the slice limit
  }
  slices_.back().end_us = NowUs();
  slices_.back().end_reason = reason;
}

void GilTrace::OnDropRequest(int waiter) {
  if (requests_.size() < max_slices_) requests_.emplace_back(waiter, NowUs());
}

nlohmann::json GilTrace::Json(const std::vector<std::string>& names,
                              const nlohmann::json& about) const {
  constexpr int kPid = 1;  // one process: the emulated interpreter
  nlohmann::json events = nlohmann::json::array();
  events.push_back({{"ph", "M"},
                    {"pid", kPid},
                    {"name", "process_name"},
                    {"args", {{"name", "emulated interpreter"}}}});
  for (size_t t = 0; t < names.size(); ++t) {
    events.push_back({{"ph", "M"},
                      {"pid", kPid},
                      {"tid", t},
                      {"name", "thread_name"},
                      {"args", {{"name", names[t]}}}});
  }
  const double end = NowUs();
  for (const Slice& s : slices_) {
    const double until = s.end_us >= 0 ? s.end_us : end;
    events.push_back(
        {{"ph", "X"},
         {"pid", kPid},
         {"tid", s.thread},
         {"name", "holds GIL"},
         {"ts", s.begin_us},
         {"dur", until - s.begin_us},
         {"args",
          {{"ended_by", s.end_us >= 0 ? DropReasonName(s.end_reason) : "open"},
           {"retaken_without_switch", s.retakes}}}});
  }
  for (const auto& [waiter, at] : requests_) {
    events.push_back({{"ph", "i"},
                      {"pid", kPid},
                      {"tid", waiter},
                      {"s", "t"},
                      {"name", "drop request"},
                      {"ts", at}});
  }
  nlohmann::json meta = about;
  meta["slices_not_recorded"] = lost_;
  return {
      {"traceEvents", events}, {"displayTimeUnit", "ms"}, {"otherData", meta}};
}

}  // namespace mt::scenarios::gil
