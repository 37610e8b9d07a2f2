/**
 * `x.explain()`: a stable, readable text of the optimized graph — one line per layer (its
 * task count, what each task runs, the layers it reads), the fused program of one block, and
 * the shape of reduction trees. Tokens are left out so the text changes only when fusion,
 * chunking or tree shape does; golden tests pin it.
 */
import { keyName } from '../graph/tokenize.js';
import type { Key, Task } from '../graph/types.js';
import { taskDependencies } from '../graph/types.js';
import type { ChunkedArray } from './chunked-array.js';
import { graphOf } from './compute.js';
import type { Program } from './kernels.js';

function layerOf(key: Key): string {
  const dot = key.indexOf('.');
  return dot < 0 ? key : key.slice(0, dot);
}

function isTask(v: unknown): v is Task {
  return typeof v === 'object' && v !== null && typeof (v as Task).op === 'string' && Array.isArray((v as Task).args);
}

function opLabel(op: string): string {
  return op.startsWith('mod:') ? op.slice(op.lastIndexOf('#') + 1) : op;
}

function num(x: number | string): string {
  return typeof x === 'string' ? x : Object.is(x, -0) ? '-0' : String(x);
}

/** One line per instruction: `r1 = sin(r0) float64`. */
export function formatProgram(p: Program, inputs: readonly string[] = []): string[] {
  return p.instrs.map((ins) => {
    const r = (i: number) => `r${i}`;
    let rhs: string;
    switch (ins.op) {
      case 'input': rhs = `input ${ins.input}${inputs[ins.input] ? ` (${inputs[ins.input]})` : ''}`; break;
      case 'const': rhs = `const ${num(ins.value)}`; break;
      case 'arange': rhs = `arange(start=${num(ins.start)}, step=${num(ins.step)})`; break;
      case 'linspace': rhs = `linspace(${num(ins.start)}, ${num(ins.stop)}, num=${ins.num}, endpoint=${ins.endpoint})`; break;
      case 'randomNormal': rhs = `randomNormal(seed=${ins.seed})`; break;
      case 'randomUniform': rhs = `randomUniform(seed=${ins.seed}, ${num(ins.lo)}, ${num(ins.hi)})`; break;
      case 'randomIntegers': rhs = `randomIntegers(seed=${ins.seed}, ${num(ins.lo)}, ${num(ins.hi)})`; break;
      default: rhs = `${ins.op}(${ins.srcs.map(r).join(', ')})`;
    }
    return `${r(ins.dst)} = ${rhs} ${ins.dtype}${ins.dst === p.out && ins === p.instrs[p.instrs.length - 1] ? '  → out' : ''}`;
  });
}

export function explain(x: ChunkedArray): string {
  const { graph, name } = graphOf(x);
  const layers = new Map<string, { keys: Key[]; deps: Set<string> }>();
  for (const [key, v] of Object.entries(graph)) {
    const l = layerOf(key);
    if (!layers.has(l)) layers.set(l, { keys: [], deps: new Set() });
    const entry = layers.get(l)!;
    entry.keys.push(key);
    if (isTask(v)) for (const d of taskDependencies(v)) if (layerOf(d) !== l) entry.deps.add(layerOf(d));
  }
  // Topological order (inputs first); ties keep first-seen order, which lowering makes stable.
  const order: string[] = [];
  const seen = new Set<string>();
  const visit = (l: string): void => {
    if (seen.has(l)) return;
    seen.add(l);
    for (const d of layers.get(l)?.deps ?? []) visit(d);
    if (layers.has(l)) order.push(l);
  };
  for (const l of layers.keys()) visit(l);
  // Readable names: the label without its token, numbered when two layers share a label.
  const names = new Map<string, string>();
  const used = new Map<string, number>();
  for (const l of order) {
    const base = keyName(l);
    const n = (used.get(base) ?? 0) + 1;
    used.set(base, n);
    names.set(l, n === 1 ? base : `${base}#${n}`);
  }
  const nameOf = (l: string) => names.get(l) ?? keyName(l);
  let nTasks = 0;
  const lines: string[] = [];
  for (const l of order) {
    const { keys, deps } = layers.get(l)!;
    const first = graph[keys[0]!];
    const reads = deps.size ? `  ← ${[...deps].map(nameOf).join(', ')}` : '';
    const count = `${keys.length} ${keys.length === 1 ? 'task' : 'tasks'}`;
    if (!isTask(first)) {
      lines.push(`${nameOf(l)}: ${keys.length} stored ${keys.length === 1 ? 'chunk' : 'chunks'}`);
      continue;
    }
    nTasks += keys.length;
    const op = opLabel(first.op);
    const refs = op === 'blockProgram' || op === 'blockReduce' ? (first.args[2] as { $ref: string }[]) : [];
    const inputs = refs.map((a) => nameOf(layerOf(a.$ref)));
    if (op === 'blockProgram') {
      lines.push(`${nameOf(l)}: ${count}, fused program per block${reads}`);
      for (const s of formatProgram(first.args[0] as Program, inputs)) lines.push(`    ${s}`);
    } else if (op === 'blockReduce') {
      const spec = first.args[0] as { kind: string; program: Program; axes: number[] };
      lines.push(`${nameOf(l)}: ${count}, ${spec.kind} over block axes [${spec.axes.join(', ')}] of${reads ? '' : ' a'} fused program${reads}`);
      for (const s of formatProgram(spec.program, inputs)) lines.push(`    ${s}`);
    } else if (op === 'combineBlocks' || op === 'finalizeBlocks') {
      const fanIn = keys.map((k) => ((graph[k] as Task).args[op === 'combineBlocks' ? 1 : 3] as unknown[]).length);
      lines.push(`${nameOf(l)}: ${count}, ${op === 'combineBlocks' ? 'combine' : 'combine + finalize'} ${(first.args[0] as string)} of ≤ ${Math.max(...fanIn)} partials${reads}`);
    } else {
      lines.push(`${nameOf(l)}: ${count}, ${op}${reads}`);
    }
  }
  const header = `${x.toString()}\noptimized graph: ${order.length} ${order.length === 1 ? 'layer' : 'layers'}, ${nTasks} tasks, output ${nameOf(name)}`;
  return [header, ...lines.map((s) => `  ${s}`)].join('\n');
}
