// Option parsing shared by every mtbench verb.
#include "harness/flags.h"

#include <regex.h>

#include <cerrno>
#include <cstdlib>
#include <sstream>

namespace mt::harness {

void Flags::Value(const std::string& name, const std::string& meta,
                  const std::string& help,
                  std::function<std::string(const std::string&)> apply) {
  options_[name] = {meta, help, std::move(apply), nullptr};
  order_.push_back(name);
}

void Flags::Switch(const std::string& name, const std::string& help,
                   std::function<void()> apply) {
  options_[name] = {"", help, nullptr, std::move(apply)};
  order_.push_back(name);
}

void Flags::Int(const std::string& name, const std::string& meta,
                const std::string& help, long lo, long hi,
                std::function<void(long)> apply) {
  Value(
      name, meta, help,
      [lo, hi, apply = std::move(apply)](const std::string& v) -> std::string {
        long n = 0;
        if (!ParseInt(v, lo, hi, &n)) {
          return "accepted: " + std::to_string(lo) + " to " +
                 std::to_string(hi);
        }
        apply(n);
        return "";
      });
}

bool Flags::Parse(const std::vector<std::string>& args, std::string* error) {
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& arg = args[i];
    if (arg == "--") {
      rest_.assign(args.begin() + static_cast<long>(i) + 1, args.end());
      return true;
    }
    if (arg == "--help" || arg == "-h") {
      help_ = true;
      continue;
    }
    std::string name = arg, value;
    bool inline_value = false;
    if (size_t eq = arg.find('=');
        arg.rfind("--", 0) == 0 && eq != std::string::npos) {
      name = arg.substr(0, eq);
      value = arg.substr(eq + 1);
      inline_value = true;
    }
    auto it = options_.find(name);
    if (it == options_.end()) {
      std::string accepted;
      for (const std::string& o : order_) accepted += " " + o;
      *error = command_ + ": unknown " +
               std::string(arg.rfind("-", 0) == 0 ? "option" : "argument") +
               " '" + arg + "'; accepted:" + accepted + " --help";
      return false;
    }
    Option& opt = it->second;
    if (!opt.apply) {
      if (inline_value) {
        *error = command_ + ": " + name + " takes no value";
        return false;
      }
      opt.on();
      continue;
    }
    if (!inline_value) {
      if (i + 1 >= args.size()) {
        *error = command_ + ": " + name + " needs a value (" + opt.meta + ")";
        return false;
      }
      value = args[++i];
    }
    if (std::string why = opt.apply(value); !why.empty()) {
      *error =
          command_ + ": bad value '" + value + "' for " + name + ": " + why;
      return false;
    }
  }
  return true;
}

std::string Flags::Help() const {
  std::ostringstream out;
  for (const std::string& name : order_) {
    const Option& o = options_.at(name);
    std::string left = name + (o.meta.empty() ? "" : " " + o.meta);
    out << "  " << left
        << std::string(left.size() < 24 ? 24 - left.size() : 1, ' ') << o.help
        << "\n";
  }
  out << "  --help                  this help\n";
  return out.str();
}

bool ParseInt(const std::string& text, long lo, long hi, long* out) {
  if (text.empty()) return false;
  char* end = nullptr;
  errno = 0;
  long v = std::strtol(text.c_str(), &end, 10);
  if (errno != 0 || *end != '\0' || v < lo || v > hi) return false;
  *out = v;
  return true;
}

std::string CheckPosixRegex(const std::string& text) {
  regex_t re;
  if (regcomp(&re, text.c_str(), REG_EXTENDED | REG_NOSUB) != 0) {
    return "not a valid POSIX extended regular expression";
  }
  regfree(&re);
  return "";
}

}  // namespace mt::harness
