// The 256-layer Marsaglia–Tsang ziggurat tables of src/kernels/random/normal.ts, built the same
// way from det_exp/det_log so they hold the same bits. Built once, in the baseline unit.
#pragma once

namespace tusk::random {

constexpr double kZigR = 3.6541528853610088;   // start of the tail
constexpr double kZigArea = 0.00492867323399;  // area of each layer

struct Ziggurat {
  double ki[256];        // rabs below ki[i] is inside layer i's rectangle
  double wi[256];        // rabs · wi[i] is the x coordinate
  double fi[256];        // the density at layer i's edge
  double wiSigned[512];  // wi, and −wi at idx | 256 (the sign bit picks the entry)
};

const Ziggurat& ziggurat();

}  // namespace tusk::random
