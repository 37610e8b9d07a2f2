// Which instruction-set build runs: the best one this CPU (and OS) supports, chosen once at
// load, or one named by the caller (the conformance test runs every build the CPU can).
#pragma once
#include "api.h"

namespace tusk {

// Builds this CPU can run, best first; terminated by nullptr.
const ArchKernels* const* available_kernels();
// The active build (initially the best available).
const ArchKernels& active_kernels();
// Makes the named build active; false if this CPU cannot run it.
bool use_kernels(const char* name);

}  // namespace tusk
