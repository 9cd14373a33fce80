// An atomicity violation with no data race: each deposit reads the balance
// in one locked section and writes it in another. Two concurrent deposits
// can lose one; the program then exits 1.
#include <pthread.h>

#include <cstdio>

namespace {

pthread_mutex_t mutex = PTHREAD_MUTEX_INITIALIZER;
int balance = 0;

void* Deposit(void*) {
  pthread_mutex_lock(&mutex);
  int seen = balance;
  pthread_mutex_unlock(&mutex);
  pthread_mutex_lock(&mutex);
  balance = seen + 10;
  pthread_mutex_unlock(&mutex);
  return nullptr;
}

}  // namespace

int main() {
  pthread_t a, b;
  pthread_create(&a, nullptr, Deposit, nullptr);
  pthread_create(&b, nullptr, Deposit, nullptr);
  pthread_join(a, nullptr);
  pthread_join(b, nullptr);
  std::printf("balance %d\n", balance);
  return balance == 20 ? 0 : 1;
}
