// The console table of a target's findings, and for each finding what tells
// it apart from the others: its access types, its variable, its top frame
// and, where findings share their top frames (one shared helper), the first
// frame of its own call chain that differs.
#pragma once

#include <ostream>
#include <string>
#include <vector>

#include "harness/hunt_findings.h"

namespace mt::harness {

// One label per finding, in order: lines of "[access ]top frame[ < … <
// first differing frame]" per primary stack, the variable when there is
// one; the headline first for findings that are not TSan reports.
std::vector<std::vector<std::string>> FindingLabels(
    const std::vector<Finding>& findings);

// The table: one line per finding (its label's further lines below it).
void PrintFindings(std::ostream& out, const std::string& target,
                   const std::vector<Finding>& findings, int runs);

}  // namespace mt::harness
