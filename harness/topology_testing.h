// For tests: a synthetic hwloc topology from a description such as
// "pack:2 core:8 pu:2", failing the calling test when hwloc refuses it.
#pragma once

#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "harness/topology.h"

namespace mt::harness {

// Thread safety: on a test's own thread (its EXPECT reports to that test).
inline std::unique_ptr<Topology> MakeSynthetic(const std::string& desc) {
  std::string error;
  auto topo = Topology::Synthetic(desc, &error);
  EXPECT_NE(topo, nullptr) << desc << ": " << error;
  return topo;
}

}  // namespace mt::harness
