#!/usr/bin/env node
/**
 * The `tusk` command.
 *   tusk info                 what this machine and install offer (cores, memory, kernels)
 *   tusk demo [--workers N]   the tutorial walkthrough on a local cluster
 *   tusk version
 */
import os from 'node:os';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { config, defaultMemoryLimit, defaultWorkerCount, formatBytes } from '../config.js';
import { describeKernels } from '../kernels/select.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '../../..');

function version(): string {
  const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as { version: string };
  return pkg.version;
}

const HELP = `tusk ${version()} — lazy, chunked, parallel computing for data larger than memory

usage: tusk <command>

commands:
  info       this machine and install: cores, memory, default limits, kernels
  demo       run the tutorial walkthrough on a local cluster (what \`npm start\` runs)
  version    print the version
  help       this text
`;

async function main(argv: string[]): Promise<number> {
  const [cmd = 'help', ...rest] = argv;
  switch (cmd) {
    case 'info': {
      const c = config();
      const lines: Array<[string, string]> = [
        ['tusk', version()],
        ['node', process.version],
        ['platform', `${os.platform()} ${os.arch()} ${os.release()}`],
        ['cores', String(defaultWorkerCount())],
        ['memory', formatBytes(os.totalmem())],
        ['default memoryLimit', formatBytes(defaultMemoryLimit())],
        ['spillDir', c.spillDir ?? os.tmpdir()],
        ['kernels (requested)', c.kernels],
        ['kernels', describeKernels()],
      ];
      for (const [k, v] of lines) console.log(`${k.padEnd(22)}${v}`);
      return 0;
    }
    case 'demo': {
      const examples = path.join(root, 'dist/examples/run-all.js');
      if (!fs.existsSync(examples)) {
        console.error(`tusk demo: ${examples} is missing; the walkthrough ships with the source checkout (npm start)`);
        return 1;
      }
      void rest;
      await import(pathToFileURL(examples).href);
      return 0;
    }
    case 'version':
    case '--version':
    case '-v':
      console.log(version());
      return 0;
    case 'help':
    case '--help':
    case '-h':
      console.log(HELP);
      return 0;
    default:
      console.error(`tusk: unknown command "${cmd}"\n\n${HELP}`);
      return 2;
  }
}

process.exitCode = await main(process.argv.slice(2));
