// A small option parser: "--name value" or "--name=value", boolean switches,
// and a clear usage error (what was wrong, what is accepted) on anything else.
#pragma once

#include <functional>
#include <map>
#include <string>
#include <vector>

namespace mt::harness {

// Thread safety: one thread per Flags (a verb's parser); the `apply`
// callbacks run on it, during Parse. ParseInt and CheckPosixRegex: any thread.
class Flags {
 public:
  explicit Flags(std::string command) : command_(std::move(command)) {}

  // Declares an option; `apply` gets its value and returns an error or "".
  void Value(const std::string& name, const std::string& meta,
             const std::string& help,
             std::function<std::string(const std::string&)> apply);
  void Switch(const std::string& name, const std::string& help,
              std::function<void()> apply);
  // A whole number in [lo, hi]; anything else is "accepted: lo to hi".
  void Int(const std::string& name, const std::string& meta,
           const std::string& help, long lo, long hi,
           std::function<void(long)> apply);

  // Parses `args`; returns false with `error` set on the first bad option.
  // Arguments after "--" are left in `rest`.
  bool Parse(const std::vector<std::string>& args, std::string* error);
  std::string Help() const;  // one line per option
  const std::vector<std::string>& rest() const { return rest_; }
  bool help_requested() const { return help_; }

 private:
  struct Option {
    std::string meta, help;
    std::function<std::string(const std::string&)> apply;  // null: switch
    std::function<void()> on;
  };
  std::string command_;
  std::map<std::string, Option> options_;
  std::vector<std::string> order_;
  std::vector<std::string> rest_;
  bool help_ = false;
};

// Parses a whole decimal integer in [lo, hi]; false when it is not one.
bool ParseInt(const std::string& text, long lo, long hi, long* out);

// "" when `text` is a POSIX extended regular expression (as Google Benchmark
// matches names with), else what is wrong.
std::string CheckPosixRegex(const std::string& text);

}  // namespace mt::harness
