// Bug: Append(other) reads other's length under its lock, then copies under a
// second locking (atomicity). Shows: assertion in CopyTo: the clearer empties
// the source between the two. Fix: copy it in one locked section (Snapshot).
#include <cstring>
#include <mutex>
#include <string>
#include <thread>

#include "corpus/corpus.h"

namespace {

class StringBuffer {
 public:
  explicit StringBuffer(std::string s) : text_(std::move(s)) {}
  size_t Length() {
    std::lock_guard<std::mutex> lock(mu_);
    return text_.size();
  }
  void CopyTo(size_t n, char* out) {
    std::lock_guard<std::mutex> lock(mu_);
    CORPUS_CHECK(n <= text_.size(),
                 "copying %zu chars from a buffer now %zu long: its length "
                 "was read under an earlier lock",
                 n, text_.size());
    std::memcpy(out, text_.data(), n);
  }
  std::string Snapshot() {
    std::lock_guard<std::mutex> lock(mu_);
    return text_;
  }
  void Clear() {
    std::lock_guard<std::mutex> lock(mu_);
    text_.clear();
  }
  void Append(StringBuffer& other) {
#ifdef CORPUS_FIXED
    CORPUS_WINDOW();
    const std::string copy = other.Snapshot();
#else
    std::string copy(other.Length(), '\0');
    CORPUS_WINDOW();
    other.CopyTo(copy.size(), copy.data());
#endif
    std::lock_guard<std::mutex> lock(mu_);
    text_ += copy;
  }

 private:
  std::mutex mu_;
  std::string text_;
};

}  // namespace

int main() {
  StringBuffer log("log:"), line("hello");
  std::thread appender([&] { log.Append(line); });
  std::thread clearer([&] { line.Clear(); });
  appender.join();
  clearer.join();
  const std::string text = log.Snapshot();
  CORPUS_CHECK(text == "log:" || text == "log:hello", "log reads \"%s\"",
               text.c_str());
  return 0;
}
