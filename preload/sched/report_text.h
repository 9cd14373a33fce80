// Formatting of a deadlock or hang report (report.h): the JSON members of
// summary.json and the stderr text, from the thread table as it stands.
#pragma once

#include <cstddef>

#include "preload/sched/fmt.h"
#include "preload/sched/state.h"

namespace mt::sched {

// TSan's __sanitizer_symbolize_pc.
using SymbolizeFn = void (*)(void* pc, const char* fmt, char* out, size_t size);

// Writes the text into `text` and keeps the JSON for ReportJson();
// `symbolize` may be nullptr (frames then show module+offset only).
void BuildReport(Buf& text, SymbolizeFn symbolize);
// ", \"report\": {...}" after BuildReport.
const char* ReportJson();
// A thread outside control's /proc syscall line, for the report.
void NoteKernelState(int slot, const char* line);

}  // namespace mt::sched
