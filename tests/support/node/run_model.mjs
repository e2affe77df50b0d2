// Runs a .tflite model in Google's LiteRT runtime (LiteRT.js, WebAssembly) or an .onnx model in
// onnxruntime-node, on inputs read from .npy files, and writes each output as a .npy file.
//
//   node run_model.mjs --modules DIR MODEL(.tflite|.onnx) --input a.npy [--input b.npy ...]
//                      --output-dir OUT [--threads N] [--bench RUNS]
//
// DIR holds the node_modules installed from this folder's package-lock.json. On success one JSON line
// goes to stdout: {"inputs":[{name,dtype,shape}],"outputs":[{name,dtype,shape,file}],"ms":...};
// on failure the process exits with 1 and one line on stderr names the model and the reason.

import fs from 'node:fs';
import path from 'node:path';
import vm from 'node:vm';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { performance } from 'node:perf_hooks';

// Element types: npy descr (without byte order), LiteRT ElementType value, onnxruntime type and the
// typed array onnxruntime expects for it.
const DTYPES = [
  { name: 'float32', npy: 'f4', litert: 1, ort: 'float32', array: Float32Array },
  { name: 'float16', npy: 'f2', litert: 10, ort: 'float16', array: Uint16Array },
  { name: 'float64', npy: 'f8', litert: 11, ort: 'float64', array: Float64Array },
  { name: 'int8', npy: 'i1', litert: 9, ort: 'int8', array: Int8Array },
  { name: 'uint8', npy: 'u1', litert: 3, ort: 'uint8', array: Uint8Array },
  { name: 'int16', npy: 'i2', litert: 7, ort: 'int16', array: Int16Array },
  { name: 'uint16', npy: 'u2', litert: 17, ort: 'uint16', array: Uint16Array },
  { name: 'int32', npy: 'i4', litert: 2, ort: 'int32', array: Int32Array },
  { name: 'uint32', npy: 'u4', litert: 16, ort: 'uint32', array: Uint32Array },
  { name: 'int64', npy: 'i8', litert: 4, ort: 'int64', array: BigInt64Array },
  { name: 'uint64', npy: 'u8', litert: 13, ort: 'uint64', array: BigUint64Array },
  { name: 'bool', npy: 'b1', litert: 6, ort: 'bool', array: Uint8Array },
];
const byteWidth = (dtype) => Number(dtype.npy.slice(1));
const numElements = (shape) => shape.reduce((n, d) => n * d, 1);
const shapeText = (shape) => `[${shape.join(',')}]`;

// ---- .npy files (format versions 1.0, 2.0 and 3.0, C order, little-endian) ----

function readNpy(file) {
  if (!fs.existsSync(file)) throw new Error(`${file}: file not found`);
  const bytes = fs.readFileSync(file);
  const magic = Buffer.from('\x93NUMPY', 'latin1');
  if (bytes.length < 10 || !bytes.subarray(0, 6).equals(magic)) {
    throw new Error(`${file}: not a .npy file`);
  }
  const major = bytes[6];
  const headerLengthSize = major === 1 ? 2 : 4;
  if (major < 1 || major > 3) throw new Error(`${file}: unsupported .npy version ${major}.${bytes[7]}`);
  const headerLength = headerLengthSize === 2 ? bytes.readUInt16LE(8) : bytes.readUInt32LE(8);
  const dataOffset = 8 + headerLengthSize + headerLength;
  const header = bytes.subarray(8 + headerLengthSize, dataOffset).toString(major === 3 ? 'utf8' : 'latin1');

  const descr = /['"]descr['"]\s*:\s*['"]([^'"]*)['"]/.exec(header)?.[1];
  const fortran = /['"]fortran_order['"]\s*:\s*(True|False)/.exec(header)?.[1];
  const shapeMatch = /['"]shape['"]\s*:\s*\(([^)]*)\)/.exec(header);
  if (descr === undefined || fortran === undefined || !shapeMatch) {
    throw new Error(`${file}: unsupported .npy header ${header.trim()}`);
  }
  if (fortran === 'True') throw new Error(`${file}: fortran_order arrays are not supported; save a C-order array`);
  const shape = shapeMatch[1].split(',').map((s) => s.trim()).filter((s) => s !== '').map(Number);

  const [, order, kind] = /^([<|=]?)(\?|[a-z]\d+)$/.exec(descr) ?? [];
  const dtype = DTYPES.find((d) => d.npy === (kind === '?' ? 'b1' : kind));
  if (!dtype || (order === '|' && byteWidth(dtype) !== 1)) {
    throw new Error(`${file}: unsupported dtype '${descr}'`);
  }
  const size = numElements(shape) * byteWidth(dtype);
  if (bytes.length - dataOffset < size) {
    throw new Error(`${file}: holds ${bytes.length - dataOffset} data bytes, shape ${shapeText(shape)} needs ${size}`);
  }
  return { dtype, shape, data: new Uint8Array(bytes.buffer, bytes.byteOffset + dataOffset, size) };
}

function writeNpy(file, dtype, shape, data) {
  const order = byteWidth(dtype) === 1 ? '|' : '<';
  const dims = shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(', ')})`;
  let header = `{'descr': '${order}${dtype.npy}', 'fortran_order': False, 'shape': ${dims}, }`;
  // Pad with spaces so that the data starts on a 64-byte boundary, as numpy does.
  header = header.padEnd(Math.ceil((10 + header.length + 1) / 64) * 64 - 10 - 1) + '\n';
  const prefix = Buffer.alloc(10);
  Buffer.from('\x93NUMPY\x01\x00', 'latin1').copy(prefix);
  prefix.writeUInt16LE(header.length, 8);
  fs.writeFileSync(file, Buffer.concat([prefix, Buffer.from(header, 'latin1'), data]));
}

// Checks an input array against the model's input; `shape` may hold null for a dynamic dimension.
function checkInput(spec, array, file) {
  if (array.dtype !== spec.dtype) {
    throw new Error(`input '${spec.name}' is ${spec.dtype.name}, but ${file} holds ${array.dtype.name}`);
  }
  const dynamic = spec.shape.includes(null);
  const fits = dynamic
    ? array.shape.length === spec.shape.length && spec.shape.every((d, i) => d === null || d === array.shape[i])
    : numElements(array.shape) === numElements(spec.shape);
  if (!fits) {
    const wanted = shapeText(spec.shape.map((d) => d ?? '?'));
    throw new Error(`input '${spec.name}' has shape ${wanted}, but ${file} has shape ${shapeText(array.shape)}`);
  }
}

// ---- LiteRT.js ----

// Loads the Emscripten module of LiteRT.js directly, bypassing the package's browser-oriented JS
// (which picks a build by feature detection and looks for a WebGPU device). The "compat" build is
// the single-threaded one without relaxed SIMD, so results do not depend on the CPU or Node version.
async function loadLiteRt(resolve, log) {
  const wasmDir = path.join(path.dirname(resolve('@litertjs/core/package.json')), 'wasm');
  const loader = path.join(wasmDir, 'litert_wasm_compat_internal.js');
  // The loader is a classic script that declares `var ModuleFactory`; its package is ESM, so it cannot
  // be require()d. Evaluate it in a function scope that provides the CommonJS names it expects.
  const source = fs.readFileSync(loader, 'utf8');
  const wrapped = `(function (require, __dirname, __filename) {\n${source}\nreturn ModuleFactory;\n})`;
  const moduleFactory = vm.runInThisContext(wrapped, { filename: loader })(createRequire(loader), wasmDir, loader);
  const wasm = await moduleFactory({ print: log, printErr: log });
  wasm.setupLogging();
  return wasm;
}

// LiteRT reports an input's shape signature, where a dynamic dimension is -1, but runs the model at
// the tensor's stored shape and cannot resize inputs. This reads the stored shapes of the first
// signature's inputs (or of subgraph 0's inputs when the model has no signature), by name, from the
// .tflite flatbuffer.
function storedInputShapes(bytes) {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const u32 = (at) => view.getUint32(at, true);
  const deref = (at) => at + u32(at);
  const field = (table, id) => {
    const vtable = table - view.getInt32(table, true);
    const slot = 4 + 2 * id;
    const offset = slot < view.getUint16(vtable, true) ? view.getUint16(vtable + slot, true) : 0;
    return offset ? table + offset : 0;
  };
  const scalar = (table, id) => (field(table, id) ? u32(field(table, id)) : 0);
  const vector = (table, id) => {
    if (!field(table, id)) return [];
    const start = deref(field(table, id));
    return Array.from({ length: u32(start) }, (_, i) => start + 4 + 4 * i);
  };
  const string = (table, id) => {
    const start = deref(field(table, id));
    return bytes.toString('utf8', start + 4, start + 4 + u32(start));
  };
  // Schema field ids: Model.subgraphs 2, Model.signature_defs 7; SubGraph.tensors 0, .inputs 1;
  // Tensor.shape 0, .name 3; SignatureDef.inputs 0, .subgraph_index 4; TensorMap.name 0, .tensor_index 1.
  const model = u32(0);
  const subgraphs = vector(model, 2).map(deref);
  const signature = vector(model, 7).map(deref)[0];
  const subgraph = subgraphs[signature ? scalar(signature, 4) : 0];
  const tensors = vector(subgraph, 0).map(deref);
  const inputs = signature
    ? vector(signature, 0).map(deref).map((map) => [string(map, 0), scalar(map, 1)])
    : vector(subgraph, 1).map((at) => [string(tensors[u32(at)], 3), u32(at)]);
  return new Map(inputs.map(([name, index]) => [name, vector(tensors[index], 0).map((at) => view.getInt32(at, true))]));
}

// LiteRT's exceptions only name source locations; its log (kept by `log` below) tells the cause.
async function liteRtStep(what, step) {
  try {
    return await step();
  } catch (error) {
    throw new Error(`LiteRT could not ${what}`, { cause: error });
  }
}

function vectorToArray(vector) {
  const array = [];
  for (let i = 0; i < vector.size(); i++) array.push(vector.get(i));
  vector.delete();
  return array;
}

// Returns the dtype and shape of a LiteRtRankedTensorType and deletes it.
function takeLiteRtType(name, tensorType) {
  const value = tensorType.elementType().value;
  const layout = tensorType.layout();
  const shape = vectorToArray(layout.dimensions());
  layout.delete();
  tensorType.delete();
  const dtype = DTYPES.find((d) => d.litert === value);
  if (!dtype) throw new Error(`tensor '${name}' has LiteRT element type ${value}, which this runner does not handle`);
  return { dtype, shape };
}

async function openTflite(resolve, modelFile, threads, log) {
  const wasm = await loadLiteRt(resolve, log);
  const env = wasm.LiteRtEnvironment.create(null);
  const bytes = fs.readFileSync(modelFile);
  // The model keeps pointing into this heap copy, so it is never freed.
  const modelPtr = wasm._malloc(bytes.length);
  wasm.HEAPU8.set(bytes, modelPtr);
  const model = await liteRtStep('load the model', () => wasm.loadModel(env, modelPtr, bytes.length));
  const compiled = await liteRtStep('compile the model', () => wasm.compileModel(env, model, {
    environment: null,
    accelerator: 'wasm',
    cpuOptions: { numThreads: threads },
    gpuOptions: {},
    webNNOptions: {},
  }));

  const signature = model.getSignature(0);
  const inputNames = vectorToArray(signature.inputNames());
  const outputNames = vectorToArray(signature.outputNames());
  const storedShapes = inputNames.length ? storedInputShapes(bytes) : new Map();
  const inputs = inputNames.map((name, i) => {
    const { dtype, shape } = takeLiteRtType(name, model.getInputTensorType(0, i));
    const stored = storedShapes.get(name);
    if (shape.includes(-1) && stored?.length !== shape.length) {
      throw new Error(`cannot find the stored shape of dynamic input '${name}'`);
    }
    return { name, dtype, shape: shape.map((d, axis) => (d === -1 ? stored[axis] : d)) };
  });

  let buffers;
  return {
    inputs,
    outputNames,
    bind(arrays) {
      buffers = inputs.map(({ dtype, shape }, i) => {
        const dimensions = new wasm.VectorInt32();
        for (const d of shape) dimensions.push_back(d);
        const layout = wasm.LiteRtLayout.create(dimensions);
        const type = wasm.LiteRtRankedTensorType.create({ value: dtype.litert }, layout);
        const buffer = wasm.LiteRtTensorBuffer.createManaged(env, wasm.LiteRtTensorBufferType.HOST_MEMORY, type, type.bytes());
        [dimensions, layout, type].forEach((object) => object.delete());
        const ptr = buffer.lock(wasm.LiteRtTensorBufferLockMode.WRITE);
        wasm.HEAPU8.set(arrays[i].data, ptr);
        buffer.unlock();
        return buffer;
      });
      return inputs;
    },
    async run() {
      const results = await liteRtStep('run the model', () => compiled.run(0, buffers));
      return results.map((buffer, i) => {
        const { dtype, shape } = takeLiteRtType(outputNames[i], buffer.tensorType());
        const size = numElements(shape) * byteWidth(dtype);
        if (buffer.packedSize() !== size || buffer.offset() !== 0) {
          throw new Error(`output '${outputNames[i]}' has a padded or offset buffer`);
        }
        const ptr = buffer.lock(wasm.LiteRtTensorBufferLockMode.READ);
        const data = wasm.HEAPU8.slice(ptr, ptr + size);
        buffer.unlock();
        buffer.delete();
        return { dtype, shape, data };
      });
    },
    async time() {
      const results = await compiled.run(0, buffers);
      for (const buffer of results) buffer.delete();
    },
  };
}

// ---- onnxruntime-node ----

async function openOnnx(resolve, modelFile, threads) {
  const ort = (await import(pathToFileURL(resolve('onnxruntime-node')).href)).default;
  const session = await ort.InferenceSession.create(modelFile, {
    intraOpNumThreads: threads,
    interOpNumThreads: 1,
    logSeverityLevel: 3,
  });
  const dtypeOf = (name, type) => {
    const dtype = DTYPES.find((d) => d.ort === type);
    if (!dtype) throw new Error(`value '${name}' has type ${type}, which this runner does not handle`);
    return dtype;
  };
  // A symbolic or unknown dimension is null: it takes the size of the given array.
  const inputs = session.inputMetadata.map(({ name, type, shape }) => ({
    name,
    dtype: dtypeOf(name, type),
    shape: shape.map((d) => (typeof d === 'number' && d >= 0 ? d : null)),
  }));

  let feeds;
  return {
    inputs,
    outputNames: session.outputNames,
    bind(arrays) {
      feeds = {};
      return inputs.map((spec, i) => {
        const { dtype, data } = arrays[i];
        const shape = spec.shape.includes(null) ? arrays[i].shape : spec.shape;
        feeds[spec.name] = new ort.Tensor(dtype.ort, new dtype.array(data.slice().buffer), shape);
        return { ...spec, shape };
      });
    },
    async run() {
      const results = await session.run(feeds);
      return session.outputNames.map((name) => {
        const { type, dims, data } = results[name];
        const dtype = dtypeOf(name, type);
        return { dtype, shape: [...dims], data: new Uint8Array(data.buffer, data.byteOffset, data.byteLength).slice() };
      });
    },
    async time() {
      await session.run(feeds);
    },
  };
}

// ---- command line ----

const USAGE = 'node run_model.mjs --modules DIR MODEL(.tflite|.onnx) --input a.npy [--input b.npy ...] '
  + '--output-dir OUT [--threads N] [--bench RUNS]';

function parseCommandLine() {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      modules: { type: 'string' },
      input: { type: 'string', multiple: true, default: [] },
      'output-dir': { type: 'string' },
      threads: { type: 'string', default: '1' },
      bench: { type: 'string' },
    },
  });
  const positiveInt = (option, text) => {
    if (!/^[1-9]\d*$/.test(text)) throw new Error(`--${option} needs a positive integer, got '${text}'`);
    return Number(text);
  };
  if (positionals.length !== 1) throw new Error(`expected one model file, got ${positionals.length}`);
  if (!values.modules) throw new Error('--modules DIR is required');
  if (!values['output-dir']) throw new Error('--output-dir OUT is required');
  return {
    model: positionals[0],
    modules: values.modules,
    inputs: values.input,
    outputDir: values['output-dir'],
    threads: positiveInt('threads', values.threads),
    bench: values.bench === undefined ? 0 : positiveInt('bench', values.bench),
  };
}

// Resolves a module request in the node_modules folder under DIR.
function packageResolver(dir) {
  const require = createRequire(path.join(dir, '/'));
  return (request) => {
    try {
      return require.resolve(request);
    } catch {
      throw new Error(`cannot find '${request}' under ${dir}; run 'npm ci --ignore-scripts' there`);
    }
  };
}

async function main(args, log) {
  const extension = path.extname(args.model).toLowerCase();
  const open = { '.tflite': openTflite, '.onnx': openOnnx }[extension];
  if (!open) throw new Error(`unknown model type '${extension}' (expected .tflite or .onnx)`);
  if (!fs.existsSync(args.model)) throw new Error('file not found');
  // Not recursive: Node 20's recursive mkdir never returns for some paths (e.g. under /proc).
  try {
    fs.mkdirSync(args.outputDir);
  } catch (error) {
    if (error.code !== 'EEXIST') throw error;
  }
  const model = await open(packageResolver(path.resolve(args.modules)), args.model, args.threads, log);

  if (args.inputs.length !== model.inputs.length) {
    throw new Error(`the model has ${model.inputs.length} input(s), ${args.inputs.length} given`);
  }
  const arrays = args.inputs.map((file, i) => {
    const array = readNpy(file);
    checkInput(model.inputs[i], array, file);
    return array;
  });
  const boundInputs = model.bind(arrays);
  const results = await model.run();

  let ms;
  if (args.bench > 0) {
    const times = [];
    for (let i = 0; i < args.bench; i++) {
      const start = performance.now();
      await model.time();
      times.push(performance.now() - start);
    }
    times.sort((a, b) => a - b);
    const mid = times.length >> 1;
    ms = times.length % 2 ? times[mid] : (times[mid - 1] + times[mid]) / 2;
  }

  const outputs = results.map(({ dtype, shape, data }, i) => {
    const file = path.join(args.outputDir, `output_${i}.npy`);
    writeNpy(file, dtype, shape, data);
    return { name: model.outputNames[i], dtype: dtype.name, shape, file };
  });
  const inputs = boundInputs.map(({ name, dtype, shape }) => ({ name, dtype: dtype.name, shape }));
  return { inputs, outputs, ...(ms === undefined ? {} : { ms }) };
}

// LiteRT logs through the Emscripten print hooks; keep its distinct ERROR lines to explain a failure.
const runtimeErrors = new Set();
const log = (line) => {
  const match = /^\s*(?:ERROR|FATAL):\s*(.*)|^\s*(Aborted.*)/.exec(line);
  if (match) runtimeErrors.add((match[1] ?? match[2]).trim());
};

let exitCode = 0;
let args;
try {
  args = parseCommandLine();
  const report = await main(args, log);
  fs.writeSync(1, JSON.stringify(report) + '\n');
} catch (error) {
  const reason = String(error?.message ?? error).split('\n')[0];
  const errors = [...runtimeErrors];
  if (!errors.length && error?.cause) errors.push(String(error.cause.message ?? error.cause).split('\n')[0]);
  const shown = errors.slice(0, 4).join(' | ') + (errors.length > 4 ? ` | (${errors.length - 4} more)` : '');
  const details = errors.length ? `: ${shown}` : '';
  const subject = args ? `${args.model}: ` : '';
  fs.writeSync(2, `run_model: ${subject}${reason}${details}\n`);
  if (!args) fs.writeSync(2, `usage: ${USAGE}\n`);
  exitCode = 1;
}
// The WebAssembly runtime and onnxruntime may keep handles open; do not wait for them.
process.exit(exitCode);
