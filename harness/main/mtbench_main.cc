// The mtbench binary: every verb and scenario is linked in and registered.
#include <string>
#include <vector>

#include "harness/cli.h"

int main(int argc, char** argv) {
  return mt::harness::Main(std::vector<std::string>(argv + 1, argv + argc));
}
