#!/usr/bin/env node
// Runs an ONNX model with ONNX Runtime (npm onnxruntime-node, CPU) on .npy inputs and
// writes every graph output as OUT_DIR/<output name>.npy. This is the independent peer
// that npusim's float executor is compared with (docs/interop.md).
//
//   node run_ort.js --model M.onnx --input X.npy [--input name=Y.npy ...] --out-dir D
//                   [--optimize disabled|basic|extended|all] [--threads N] [--repeat N]
//
// --optimize: ONNX Runtime's graph optimisation level (default disabled, so ops run as
// written; "all" fuses QDQ models into integer kernels). --repeat N: run N more times after
// the first and print the median time per run in milliseconds (for benchmarks).
// A single --input without a name feeds the model's only input. Exit status: 0 on
// success, 2 on bad usage, 3 when onnxruntime-node is not installed, 1 on other errors.
'use strict';

const fs = require('fs');
const path = require('path');
const npy = require('./npy');

function usage(message) {
  process.stderr.write(`run_ort.js: ${message}\n` +
    'usage: node run_ort.js --model M.onnx --input [name=]X.npy ... --out-dir DIR\n');
  process.exit(2);
}

function parseArgs(argv) {
  const args = { inputs: [] };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    const value = argv[i + 1];
    if (flag === '--model' || flag === '--out-dir' || flag === '--input' || flag === '--threads' ||
        flag === '--optimize' || flag === '--repeat') {
      if (value === undefined) usage(`${flag} needs a value`);
      i++;
      if (flag === '--input') args.inputs.push(value);
      else args[flag.slice(2).replace('-', '_')] = value;
    } else {
      usage(`unknown argument '${flag}'`);
    }
  }
  if (!args.model) usage('--model is required');
  if (!args.out_dir) usage('--out-dir is required');
  if (args.inputs.length === 0) usage('at least one --input is required');
  return args;
}

function loadOrt() {
  try {
    return require('onnxruntime-node');
  } catch (error) {
    process.stderr.write('run_ort.js: onnxruntime-node is not installed in ' +
      `${__dirname}/node_modules (${error.message.split('\n')[0]}); run ` +
      '`ONNXRUNTIME_NODE_INSTALL=skip npm install` there, or bash scripts/setup.sh\n');
    process.exit(3);
  }
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  const ort = loadOrt();
  const level = args.optimize || 'disabled';
  if (!['disabled', 'basic', 'extended', 'all'].includes(level)) usage(`--optimize '${level}' (disabled, basic, extended, all)`);
  const options = { intraOpNumThreads: Number(args.threads || 1), interOpNumThreads: 1, graphOptimizationLevel: level };
  const session = await ort.InferenceSession.create(args.model, options);
  const feeds = {};
  for (const spec of args.inputs) {
    const eq = spec.indexOf('=');
    let name = eq > 0 ? spec.slice(0, eq) : null;
    const file = eq > 0 ? spec.slice(eq + 1) : spec;
    if (name === null) {
      if (session.inputNames.length !== 1) {
        usage(`model has inputs ${session.inputNames.join(', ')}: name each --input as name=file.npy`);
      }
      name = session.inputNames[0];
    }
    if (!session.inputNames.includes(name)) {
      usage(`model has no input '${name}' (inputs: ${session.inputNames.join(', ')})`);
    }
    const array = npy.readNpy(file);
    feeds[name] = new ort.Tensor(array.ortType, array.data, array.shape);
  }
  const results = await session.run(feeds);
  const repeat = Number(args.repeat || 0);
  if (repeat > 0) {
    const times = [];
    for (let i = 0; i < repeat; i++) {
      const start = process.hrtime.bigint();
      await session.run(feeds);
      times.push(Number(process.hrtime.bigint() - start) / 1e6);
    }
    times.sort((a, b) => a - b);
    process.stdout.write(`median_ms ${times[Math.floor(times.length / 2)].toFixed(3)} over ${repeat} runs\n`);
  }
  fs.mkdirSync(args.out_dir, { recursive: true });
  for (const name of session.outputNames) {
    const tensor = results[name];
    const file = path.join(args.out_dir, `${name.replace(/[^A-Za-z0-9_.-]/g, '_')}.npy`);
    npy.writeNpy(file, tensor.type, tensor.dims, tensor.data);
    process.stdout.write(`${name} ${tensor.type} [${tensor.dims.join(',')}] -> ${file}\n`);
  }
}

main().catch((error) => {
  process.stderr.write(`run_ort.js: ${error && error.message ? error.message : error}\n`);
  process.exit(1);
});
