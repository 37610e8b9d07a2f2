/**
 * Native ↔ TypeScript conformance: the table in native-cases.ts run on the TypeScript backend
 * and on every instruction-set build of the native addon this CPU can run (avx512, avx2,
 * generic), each compared with the TypeScript backend and with the independent reference.
 *
 * The addon must be built: without it this file fails (never skips) — unless TUSK_KERNELS=ts
 * is set, in which case it checks the TypeScript backend against the references only, and
 * says so.
 */
import { afterAll, describe, expect, test } from 'vitest';
import { config } from '../../src/config.js';
import type { KernelBackend } from '../../src/kernels/backend.js';
import { loadNative, nativeBuildStatus } from '../../src/kernels/native.js';
import { compileExpr } from '../../src/kernels/program/compile.js';
import { nativeKernels } from '../../src/kernels/select.js';
import { tsKernels } from '../../src/kernels/ts-backend.js';
import { ulpsApart } from './helpers.js';
import { type Agreement, type Row, conformanceTable, flat } from './native-cases.js';

const forcedTs = config().kernels === 'ts';
const native = forcedTs ? undefined : nativeKernels();
const isas = native ? loadNative().addon!.info().available : [];
const rows = conformanceTable();

function close(a: number, b: number, agree: Agreement, f32: boolean): boolean {
  if (Object.is(a, b) || (a !== a && b !== b)) return true;
  if (agree === 'exact') return false;
  if (!Number.isFinite(a) || !Number.isFinite(b) || (a === 0 && b === 0)) return false; // ±Inf, NaN and signed zeros are exact
  if ('ulp' in agree) return ulpsApart(a, b, f32 ? 'float32' : 'float64') <= agree.ulp;
  if ('abs' in agree) return Math.abs(a - b) <= agree.abs * Math.max(1, Math.abs(a), Math.abs(b));
  return Math.abs(a - b) <= agree.rel * Math.max(Math.abs(a), Math.abs(b), Number.MIN_VALUE);
}

/** Undefined when equal; else where and how they differ. */
function differ(got: unknown, want: unknown, agree: Agreement, at = ''): string | undefined {
  if (typeof got === 'number' && typeof want === 'number') {
    return close(got, want, agree, false) ? undefined : `${at}: ${got} vs ${want}`;
  }
  if (ArrayBuffer.isView(got) || Array.isArray(got)) {
    if (!(ArrayBuffer.isView(want) || Array.isArray(want))) return `${at}: array vs ${typeof want}`;
    if (got.constructor !== want.constructor) return `${at}: ${got.constructor.name} vs ${want.constructor.name}`;
    const g = got as ArrayLike<unknown>, w = want as ArrayLike<unknown>;
    if (g.length !== w.length) return `${at}: length ${g.length} vs ${w.length}`;
    const f32 = got instanceof Float32Array;
    for (let i = 0; i < g.length; i++) {
      const gi = g[i], wi = w[i];
      const d = typeof gi === 'number' && typeof wi === 'number'
        ? (close(gi, wi, agree, f32) ? undefined : `${at}[${i}]: ${gi} vs ${wi}`)
        : differ(gi, wi, agree, `${at}[${i}]`);
      if (d) return d;
    }
    return undefined;
  }
  if (got && typeof got === 'object' && want && typeof want === 'object') {
    const keys = [...new Set([...Object.keys(got), ...Object.keys(want)])];
    for (const key of keys) {
      const d = differ((got as Record<string, unknown>)[key], (want as Record<string, unknown>)[key], agree, `${at}.${key}`);
      if (d) return d;
    }
    return undefined;
  }
  return Object.is(got, want) ? undefined : `${at}: ${String(got)} vs ${String(want)}`;
}

const tsResults = new Map<Row, unknown>();
const tsResult = (row: Row): unknown => {
  if (!tsResults.has(row)) tsResults.set(row, row.run(tsKernels));
  return tsResults.get(row);
};

function checkReference(row: Row, result: unknown): void {
  if (!row.reference) return;
  const got = (row.reference.flatten ?? flat)(result);
  const d = differ(got, row.reference.values(), row.reference.agree);
  expect(d, `${row.kernel} against the reference`).toBeUndefined();
}

if (!forcedTs && !native) {
  // A machine that cannot build the addon (the install found no compiler or node-gyp, and said
  // so) runs everything on the TypeScript kernels: this says so loudly and checks TS alone. An
  // addon that could have been built but is missing or broken fails here.
  const status = nativeBuildStatus();
  test('the native addon is built, or this machine has no toolchain to build it', () => {
    const tried = loadNative().tried.map((t) => `${t.file}: ${t.error}`).join('; ');
    if (status?.built === false && status.toolchainMissing) {
      console.warn(`native conformance: the native kernels are not built here (${status.reason}); only the TypeScript backend is checked`);
      return;
    }
    expect.fail(`the native kernels addon did not load (${tried}; last build: ${status ? JSON.stringify(status) : 'never attempted'}). Build it with \`npm run build:native -- --verbose\`, or run with TUSK_KERNELS=ts to check only the TypeScript backend.`);
  });
}


describe('TypeScript backend against the references', () => {
  if (forcedTs) {
    test('TUSK_KERNELS=ts: this run checks the TypeScript backend only (the native builds are not exercised)', () => {
      console.log('native conformance: TUSK_KERNELS=ts is set, so only the TypeScript backend is checked against the references');
    });
  }
  test.each(rows.filter((r) => r.reference))('$kernel', (row) => checkReference(row, tsResult(row)));
});

describe.each(isas)('native build %s', (isa) => {
  const k = native as KernelBackend & { _useIsa(isa: string): boolean };
  test(`can run here, and reports itself as native-${isa}`, () => {
    expect(k._useIsa(isa)).toBe(true);
    expect(k.name).toBe(`native-${isa}`);
  });
  test.each(rows)('$kernel', (row) => {
    k._useIsa(isa);
    const got = row.run(k);
    const d = differ(got, tsResult(row), row.agree);
    expect(d, `${row.kernel}: native-${isa} vs ts`).toBeUndefined();
    checkReference(row, got);
  });
});

if (native) {
  afterAll(() => { native._useIsa(isas[0]!); });

  test('the hot programs run natively (no fallback to TypeScript)', () => {
    const X = { input: 0 } as const;
    for (const [expr, dts] of [
      [{ op: 'add', args: [{ op: 'sin', args: [X] }, { op: 'square', args: [X] }] }, ['float64']],
      [{ op: 'add', args: [{ op: 'sin', args: [{ op: 'randomNormal', seed: 1 }] }, { op: 'square', args: [{ op: 'randomNormal', seed: 1 }] }] }, []],
      [{ op: 'power', args: [{ op: 'exp', args: [X] }, { op: 'log1p', args: [X] }] }, ['float32']],
      [{ op: 'maximum', args: [{ op: 'tan', args: [X] }, { op: 'expm1', args: [{ op: 'cos', args: [X] }] }] }, ['int32']],
    ] as const) {
      expect(native._runsNatively(compileExpr(expr as never, [...dts]))).toBe(true);
    }
  });

  test('works in place on SharedArrayBuffer-backed arrays', () => {
    const x = new Float64Array(new SharedArrayBuffer(8 * 3000)).fill(0.25);
    const out = new Float64Array(new SharedArrayBuffer(8 * 3000));
    const r = native.unary('sin', x, { out });
    expect(r).toBe(out);
    expect(ulpsApart(out[2999]!, tsKernels.unary('sin', 0.25) as number, 'float64')).toBeLessThanOrEqual(1);
    const inPlace = native.binary('add', x, x, { out: x });
    expect(inPlace).toBe(x);
    expect(x[0]).toBe(0.5);
  });
}
