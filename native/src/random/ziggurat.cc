// See ziggurat.h: buildTables() in normal.ts, operation for operation.
#include "ziggurat.h"

#include <cmath>

#include "detmath.h"

namespace tusk::random {
namespace {

Ziggurat build() {
  Ziggurat z;
  const double M52 = 4503599627370496.0;
  double dn = kZigR, tn = dn;
  const double q = kZigArea / det_exp(-0.5 * dn * dn);
  z.ki[0] = std::floor((dn / q) * M52);
  z.ki[1] = 0;
  z.wi[0] = q / M52;
  z.wi[255] = dn / M52;
  z.fi[0] = 1;
  z.fi[255] = det_exp(-0.5 * dn * dn);
  for (int i = 254; i >= 1; i--) {
    dn = std::sqrt(-2 * det_log(kZigArea / dn + det_exp(-0.5 * dn * dn)));
    z.ki[i + 1] = std::floor((dn / tn) * M52);
    tn = dn;
    z.fi[i] = det_exp(-0.5 * dn * dn);
    z.wi[i] = dn / M52;
  }
  for (int i = 0; i < 256; i++) {
    z.wiSigned[i] = z.wi[i];
    z.wiSigned[i + 256] = -z.wi[i];
  }
  return z;
}

}  // namespace

const Ziggurat& ziggurat() {
  static const Ziggurat z = build();
  return z;
}

}  // namespace tusk::random
