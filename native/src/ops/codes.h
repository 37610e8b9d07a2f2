// The op codes of the fused-program encoding. The addon exports these names in order, and
// src/kernels/native-program.ts numbers ops by looking them up there, so this list is the
// single source of truth: an op missing here is an op the TypeScript side delegates.
#pragma once

// X(code name, TypeScript op name)
#define TUSK_OPS(X)                                                                        \
  X(INPUT, "input") X(CONST, "const") X(ARANGE, "arange") X(LINSPACE, "linspace")           \
  X(RANDOM_NORMAL, "randomNormal") X(RANDOM_UNIFORM, "randomUniform")                       \
  X(RANDOM_INTEGERS, "randomIntegers")                                                      \
  X(SIN, "sin") X(COS, "cos") X(TAN, "tan") X(EXP, "exp") X(EXPM1, "expm1") X(LOG, "log")   \
  X(LOG1P, "log1p") X(SQRT, "sqrt") X(ABS, "abs") X(SQUARE, "square")                       \
  X(NEGATIVE, "negative") X(SIGN, "sign") X(FLOOR, "floor") X(CEIL, "ceil")                 \
  X(ROUND, "round") X(ISNAN, "isnan") X(ISFINITE, "isfinite") X(LOGICAL_NOT, "logicalNot")  \
  X(ADD, "add") X(SUBTRACT, "subtract") X(MULTIPLY, "multiply") X(DIVIDE, "divide")         \
  X(POWER, "power") X(MINIMUM, "minimum") X(MAXIMUM, "maximum")                             \
  X(EQUAL, "equal") X(NOT_EQUAL, "notEqual") X(LESS, "less") X(LESS_EQUAL, "lessEqual")     \
  X(GREATER, "greater") X(GREATER_EQUAL, "greaterEqual")                                    \
  X(LOGICAL_AND, "logicalAnd") X(LOGICAL_OR, "logicalOr") X(LOGICAL_XOR, "logicalXor")      \
  X(WHERE, "where") X(CLIP, "clip") X(ASTYPE, "astype")

namespace tusk {
enum Op : int {
#define TUSK_OP_ENUM(code, name) OP_##code,
  TUSK_OPS(TUSK_OP_ENUM)
#undef TUSK_OP_ENUM
  OP_COUNT
};
}  // namespace tusk
