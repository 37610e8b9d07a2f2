# The Tusk kernels addon. arch.cc is compiled once per instruction set into its own static
# library (baseline x86-64, AVX2+FMA, AVX-512) and dispatch.cc picks one at load time by CPUID,
# so what ships never assumes the build machine's CPU (no -march=native). Every unit uses
# -O3 -ffp-contract=off: no fused multiply-add anywhere, so the random streams and the
# IEEE-exact ops give the TypeScript reference's bits on every build.
# TUSK_LIBMVEC=0 (set by scripts/build-native.mjs when linking libmvec fails) builds the
# transcendental loops on scalar libm instead of glibc's vector math library.
{
  'variables': {
    'libmvec%': '<!(node -p "process.env.TUSK_LIBMVEC === \'0\' || process.arch !== \'x64\' || process.platform !== \'linux\' ? 0 : 1")',
  },
  'target_defaults': {
    'cflags!': ['-fno-exceptions', '-O2', '-O1', '-O0'],
    'cflags_cc!': ['-fno-exceptions', '-O2', '-O1', '-O0'],
    'cflags': ['-O3', '-ffp-contract=off', '-fno-math-errno', '-fno-trapping-math', '-fPIC', '-fvisibility=hidden'],
    'cflags_cc': ['-std=c++17', '-O3', '-ffp-contract=off', '-fno-math-errno', '-fno-trapping-math', '-fPIC', '-fvisibility=hidden'],
    'defines': ['TUSK_LIBMVEC=<(libmvec)', 'NAPI_VERSION=8', 'NAPI_DISABLE_CPP_EXCEPTIONS'],
    'include_dirs': ["<!(node -p \"require('node-addon-api').include_dir\")"],
    'xcode_settings': {
      'OTHER_CFLAGS': ['-O3', '-ffp-contract=off', '-fno-math-errno'],
      'OTHER_CPLUSPLUSFLAGS': ['-std=c++17', '-O3', '-ffp-contract=off', '-fno-math-errno'],
    },
  },
  'targets': [
    {
      'target_name': 'tusk_arch_generic',
      'type': 'static_library',
      'sources': ['src/arch.cc'],
      'defines': ['TUSK_ARCH=generic'],
    },
    {
      'target_name': 'tusk_arch_avx2',
      'type': 'static_library',
      'conditions': [['target_arch=="x64"', {
        'sources': ['src/arch.cc'],
        'defines': ['TUSK_ARCH=avx2'],
        'cflags_cc': ['-mavx2', '-mfma'],
      }]],
    },
    {
      'target_name': 'tusk_arch_avx512',
      'type': 'static_library',
      'conditions': [['target_arch=="x64"', {
        'sources': ['src/arch.cc'],
        'defines': ['TUSK_ARCH=avx512'],
        'cflags_cc': ['-mavx512f', '-mavx512dq', '-mavx512vl', '-mavx512bw', '-mavx2', '-mfma', '-mprefer-vector-width=512'],
      }]],
    },
    {
      'target_name': 'tusk_kernels',
      'sources': ['src/addon.cc', 'src/dispatch.cc', 'src/random/detmath.cc', 'src/random/ziggurat.cc', 'src/frame/utf8_codes.cc', 'src/frame/group_loops.cc', 'src/frame/gather.cc', 'src/frame/f64_codes.cc'],
      'dependencies': ['tusk_arch_generic', 'tusk_arch_avx2', 'tusk_arch_avx512'],
      'conditions': [['libmvec==1', { 'libraries': ['-lmvec', '-lm'] }]],
    },
  ],
}
