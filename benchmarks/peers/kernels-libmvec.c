/* sum(sin(x) + x*x) over n normals in memory, the loop vectorized by `#pragma omp simd` with
 * glibc's libmvec doing sin (_ZGVdN4v_sin with -mavx2, _ZGVeN8v_sin with -mavx512f): the
 * yardstick for Tusk's fused program. Built and run by benchmarks/kernels.ts:
 *   gcc -O3 -fopenmp-simd -mavx2 -mfma kernels-libmvec.c -lmvec -lm -lpthread
 *   ./a.out N THREADS REPEAT   → prints the best wall-clock seconds
 * glibc's <math.h> declares the vector variants only under -ffast-math, which would also
 * change the arithmetic; declaring sin `omp declare simd` here gets libmvec without it. */
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#pragma omp declare simd notinbranch
double sin(double x);

struct part { const double *x; long n; double sum; };

static void *work(void *arg) {
  struct part *p = arg;
  double s = 0;
#pragma omp simd reduction(+ : s)
  for (long i = 0; i < p->n; i++) s += sin(p->x[i]) + p->x[i] * p->x[i];
  p->sum = s;
  return NULL;
}

static double now(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return t.tv_sec + t.tv_nsec * 1e-9;
}

int main(int argc, char **argv) {
  long n = argc > 1 ? atol(argv[1]) : 1L << 24;
  int threads = argc > 2 ? atoi(argv[2]) : 1, repeat = argc > 3 ? atoi(argv[3]) : 3;
  double *x = malloc(sizeof(double) * n);
  unsigned long long s = 88172645463325252ull;
  for (long i = 0; i < n; i += 2) { /* Box–Muller normals from xorshift64 */
    s ^= s << 13; s ^= s >> 7; s ^= s << 17; double u1 = ((s >> 11) + 1) * 0x1p-53;
    s ^= s << 13; s ^= s >> 7; s ^= s << 17; double u2 = (s >> 11) * 0x1p-53;
    double r = sqrt(-2 * log(u1));
    x[i] = r * cos(6.283185307179586 * u2);
    if (i + 1 < n) x[i + 1] = r * sin(6.283185307179586 * u2);
  }
  double best = 1e30, total = 0;
  for (int r = 0; r <= repeat; r++) {
    struct part parts[64];
    pthread_t tid[64];
    long per = (n + threads - 1) / threads;
    double t0 = now();
    for (int t = 0; t < threads; t++) {
      long lo = t * per, hi = lo + per < n ? lo + per : n;
      parts[t] = (struct part){x + lo, hi - lo, 0};
      pthread_create(&tid[t], NULL, work, &parts[t]);
    }
    total = 0;
    for (int t = 0; t < threads; t++) { pthread_join(tid[t], NULL); total += parts[t].sum; }
    double dt = now() - t0;
    if (r > 0 && dt < best) best = dt; /* repeat 0 warms up */
  }
  fprintf(stderr, "sum = %.17g\n", total);
  printf("%.6f\n", best);
  return 0;
}
