// exp and log from IEEE +, −, ×, ÷ and bit operations only: the C++ twin of
// src/kernels/random/detmath.ts (fdlibm's algorithms), so the ziggurat tables and the rare
// paths of the normal stream give the same bits as the TypeScript backend. Compiled in the
// baseline translation unit with -ffp-contract=off (no fused multiply-add).
#pragma once

namespace tusk::random {
double det_exp(double x);
double det_log(double x);
}  // namespace tusk::random
