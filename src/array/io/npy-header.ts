/**
 * The `.npy` header (numpy's `lib/format.py`): magic `\x93NUMPY`, a version byte pair, the
 * header length (2 bytes in 1.0, 4 in 2.0/3.0) and a Python dict literal
 * `{'descr': '<f8', 'fortran_order': False, 'shape': (3, 4), }` padded with spaces to a
 * multiple of 64 bytes and ending in a newline. Pure functions: bytes in, plain data out.
 */
import { TuskError } from '../../errors.js';
import type { Dtype } from '../kernels.js';

export interface NpyHeader {
  dtype: Dtype;
  shape: number[];
  /** Byte offset of the first element. */
  dataOffset: number;
  version: string;
}

const MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]; // \x93NUMPY

const DESCR: Record<Dtype, string> = { float64: '<f8', float32: '<f4', int32: '<i4', uint8: '|u1', bool: '|b1' };
const FROM_DESCR: Record<string, Dtype> = { '<f8': 'float64', '<f4': 'float32', '<i4': 'int32', '|u1': 'uint8', '<u1': 'uint8', '|b1': 'bool', '<b1': 'bool' };

function formatError(file: string, why: string, hint?: string): TuskError {
  return new TuskError('FileFormat', `${file} is not a .npy file Tusk can read: ${why}`, { context: { file }, hint });
}

/** Bytes needed to know the header's length: magic, version, length field. */
export const NPY_PREAMBLE = 12;

/** The header length and where it starts, from the first NPY_PREAMBLE (or fewer) bytes. */
export function npyPreamble(file: string, bytes: Uint8Array): { version: string; start: number; length: number } {
  if (bytes.length < 10 || !MAGIC.every((b, i) => bytes[i] === b)) {
    throw formatError(file, 'it does not start with the .npy magic "\\x93NUMPY"', 'write it with numpy.save, or use fromRaw for headerless bytes');
  }
  const major = bytes[6]!, minor = bytes[7]!;
  const version = `${major}.${minor}`;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (major === 1) return { version, start: 10, length: view.getUint16(8, true) };
  if (major === 2 || major === 3) {
    if (bytes.length < 12) throw formatError(file, `the header of a version ${version} file is cut short`);
    return { version, start: 12, length: view.getUint32(8, true) };
  }
  throw formatError(file, `format version ${version} is not 1.0, 2.0 or 3.0`, 'save it again with numpy.save');
}

/** Parses the header dict (the bytes after the preamble) and checks Tusk can read the data. */
export function parseNpyHeader(file: string, preamble: { version: string; start: number; length: number }, text: string): NpyHeader {
  const descr = /['"]descr['"]\s*:\s*(?:'([^']*)'|"([^"]*)"|(\[))/.exec(text);
  const fortran = /['"]fortran_order['"]\s*:\s*(True|False)/.exec(text);
  const shapeM = /['"]shape['"]\s*:\s*\(([^)]*)\)/.exec(text);
  if (!descr || !fortran || !shapeM) throw formatError(file, `the header ${JSON.stringify(text.trim())} lacks 'descr', 'fortran_order' or 'shape'`);
  const shape = shapeM[1]!.split(',').map((s) => s.trim().replace(/L$/, '')).filter((s) => s.length > 0).map(Number);
  if (!shape.every((d) => Number.isSafeInteger(d) && d >= 0)) throw formatError(file, `the shape (${shapeM[1]}) is not a tuple of non-negative integers`);
  if (descr[3]) {
    throw new TuskError('UnsupportedDtype', `${file} holds a structured array (dtype with fields); Tusk reads plain numeric arrays`, {
      context: { file }, hint: "save one field at a time: np.save(path, arr['field'].astype('<f8'))",
    });
  }
  const d = descr[1] ?? descr[2]!;
  const dtype = FROM_DESCR[d];
  if (!dtype) throw unsupportedDescr(file, d);
  if (fortran[1] === 'True') {
    throw new TuskError('FileFormat', `${file} is stored in Fortran (column-major) order; Tusk reads C-order .npy files`, {
      context: { file }, hint: 'save a C-order copy: np.save(path, np.ascontiguousarray(arr))',
    });
  }
  return { dtype, shape, dataOffset: preamble.start + preamble.length, version: preamble.version };
}

function unsupportedDescr(file: string, d: string): TuskError {
  const supported = Object.entries(DESCR).map(([k, v]) => `${v} (${k})`).join(', ');
  if (/O/.test(d)) {
    return new TuskError('UnsupportedDtype', `${file} holds an object array (dtype '${d}'): Python objects cannot be read outside Python`, {
      context: { file, descr: d }, hint: `save a numeric array instead, e.g. np.save(path, arr.astype('<f8')); supported: ${supported}`,
    });
  }
  if (d.startsWith('>') && d.length > 2 && d[2] !== '1') {
    return new TuskError('UnsupportedDtype', `${file} is big-endian (dtype '${d}'); Tusk reads little-endian data`, {
      context: { file, descr: d }, hint: `convert it: np.save(path, arr.astype('<${d.slice(1)}'))`,
    });
  }
  return new TuskError('UnsupportedDtype', `${file} has dtype '${d}', which Tusk does not support`, {
    context: { file, descr: d }, hint: `convert it with numpy to one of ${supported}, e.g. np.save(path, arr.astype('<f8'))`,
  });
}

/** The header bytes for a C-order array: version 1.0 unless the dict needs more than 65535 bytes (2.0). */
export function formatNpyHeader(dtype: Dtype, shape: readonly number[]): Uint8Array {
  const tuple = shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(', ')})`;
  const dict = `{'descr': '${DESCR[dtype]}', 'fortran_order': False, 'shape': ${tuple}, }`;
  const build = (pre: number): Uint8Array | undefined => {
    const total = Math.ceil((pre + dict.length + 1) / 64) * 64;
    const len = total - pre;
    if (pre === 10 && len > 0xffff) return undefined;
    const out = new Uint8Array(total);
    out.set(MAGIC);
    out[6] = pre === 10 ? 1 : 2;
    out[7] = 0;
    const view = new DataView(out.buffer);
    if (pre === 10) view.setUint16(8, len, true);
    else view.setUint32(8, len, true);
    const text = dict.padEnd(len - 1, ' ') + '\n';
    for (let i = 0; i < text.length; i++) out[pre + i] = text.charCodeAt(i);
    return out;
  };
  return build(10) ?? build(12)!;
}
