// Runs a .tflite model in TFLite's classic interpreter (the WebAssembly build shipped by npm's
// @tensorflow/tfjs-tflite@0.0.1-alpha.10; LiteRT.js refuses the variable tensors an LSTM needs)
// several times in a row, so variable tensors carry over between runs.
//
//   node run_tflite.cjs WASM_DIR MODEL.tflite RUNS INPUT.bin OUTPUT.bin
//
// INPUT.bin holds the raw bytes of the single input for each run, one after another; OUTPUT.bin
// receives the raw bytes of the first output after each run. WASM_DIR is the package's wasm/ folder.
'use strict';
const fs = require('node:fs');
const path = require('node:path');

async function main() {
  const [wasmDir, modelPath, runsText, inputPath, outputPath] = process.argv.slice(2);
  const script = path.join(wasmDir, 'tflite_web_api_cc.js');
  const source = fs.readFileSync(script, 'utf8');
  const factory = new Function('require', '__dirname', '__filename', 'process',
    `${source}\nreturn tflite_web_api_ModuleFactory;`)(require, wasmDir, script, process);
  const module = await factory({
    locateFile: (file) => path.join(wasmDir, file),
    wasmBinary: fs.readFileSync(path.join(wasmDir, 'tflite_web_api_cc.wasm')),
  });
  const model = new Uint8Array(fs.readFileSync(modelPath));
  const pointer = module._malloc(model.length);
  module.HEAPU8.set(model, pointer);
  const created = module.TFLiteWebModelRunner.CreateFromBufferAndOptions(
    pointer, model.length, { numThreads: 1, enableProfiling: false, maxProfilingBufferEntries: 1 });
  if (!created.ok()) throw new Error(`${modelPath}: ${created.errorMessage()}`);
  const runner = created.value();
  const runs = Number(runsText);
  const inputs = fs.readFileSync(inputPath);
  const inputSize = inputs.length / runs;
  const outputs = [];
  for (let run = 0; run < runs; ++run) {
    const input = runner.GetInputs().get(0).data();
    if (input.byteLength !== inputSize) throw new Error(`input is ${input.byteLength} bytes, not ${inputSize}`);
    new Uint8Array(input.buffer, input.byteOffset, input.byteLength)
      .set(inputs.subarray(run * inputSize, (run + 1) * inputSize));
    if (!runner.Infer()) throw new Error(`${modelPath}: inference failed`);
    const output = runner.GetOutputs().get(0).data();
    outputs.push(Buffer.from(new Uint8Array(output.buffer, output.byteOffset, output.byteLength)));
  }
  fs.writeFileSync(outputPath, Buffer.concat(outputs));
}

main().catch((error) => {
  console.error(`run_tflite: ${error.message}`);
  process.exit(1);
});
