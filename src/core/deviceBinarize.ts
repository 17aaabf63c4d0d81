import * as tf from './tf';
import { binarizeDynamic, noiseKey } from './binarize';

/**
 * A training batch drawn and binarized on the device in one kernel: rows `indices` of the
 * resident images [N, P] (intensities in [0, 1]) become x ~ Bernoulli(intensity), with the
 * counter-based noise of core/binarize.ts (noiseUniform). Per step only the M indices cross
 * to the device: no batch, no noise.
 *
 * tfjs has no such op and its own random ops draw on the CPU and upload (randomUniform is
 * seedrandom in JavaScript on every backend), so the WebGL and WebGPU backends get a shader
 * of their own through tfjs's program runners (compileAndRun, runWebGPUProgram). Other
 * backends (wasm, cpu: their "device" is this worker's memory) gather, binarize in
 * JavaScript and wrap the result: the same bits.
 */
export function gatherBinarized(images: tf.Tensor2D, indices: Int32Array, seed: number): tf.Tensor2D {
  const m = indices.length;
  const cols = images.shape[1];
  const kernel = binarizeKernel(m * cols);
  const idx = tf.tensor1d(indices, 'int32');
  try {
    if (kernel === 'webgl') return webgl(images, idx, noiseKey(seed));
    if (kernel === 'webgpu') return webgpu(images, idx, noiseKey(seed));
    const rows = tf.gather(images, idx);
    // eslint-disable-next-line no-restricted-syntax -- cpu/wasm: the data is in this worker's memory, the read does not wait for a device
    const pixels = Float32Array.from(rows.dataSync());
    rows.dispose();
    return tf.tensor2d(binarizeDynamic(pixels, seed), [m, cols]);
  } finally {
    idx.dispose();
  }
}

/** Which shader draws a binarized batch of `size` elements on the current backend, or null (gather + JavaScript). */
export function binarizeKernel(size: number): 'webgl' | 'webgpu' | null {
  const name = tf.getBackend();
  // WebGL 1 has no unsigned integers in its shaders.
  if (name === 'webgl' && tf.env().getNumber('WEBGL_VERSION') === 2) return 'webgl';
  // One dimension of workgroups of 64 (at most 65,535 of them): batches up to 5,349 images.
  if (name === 'webgpu' && Math.ceil(size / WORKGROUP) <= 65535) return 'webgpu';
  return null;
}

const WORKGROUP = 64;

interface WebGLRunner {
  compileAndRun(program: object, inputs: tf.TensorInfo[], dtype?: tf.DataType, uniforms?: number[][]): tf.TensorInfo;
}
interface WebGPURunner {
  runWebGPUProgram(program: object, inputs: tf.TensorInfo[], dtype: tf.DataType, uniforms?: { type: string; data: number[] }[]): tf.TensorInfo;
}

/** A tensor around a kernel's output (tracked by tidy and tf.memory like any other). */
function wrap(info: tf.TensorInfo): tf.Tensor2D {
  return tf.engine().makeTensorFromTensorInfo(info) as tf.Tensor2D;
}

function webgl(images: tf.Tensor2D, idx: tf.Tensor1D, key: number): tf.Tensor2D {
  const cols = images.shape[1];
  const program = {
    variableNames: ['Images', 'Idx'],
    outputShape: [idx.size, cols],
    customUniforms: [{ name: 'noiseKey', type: 'int' as const }],
    // GLSL ES 3.00: uint arithmetic wraps modulo 2^32 and int → uint keeps the bits, so this
    // is mix32/noiseUniform of core/binarize.ts exactly. Int32 indices live in float
    // textures; values up to 2^24 are exact.
    userCode: `
      uint vaeMix32(uint v) {
        uint x = v;
        x ^= x >> 16u; x *= 0x7feb352du; x ^= x >> 15u; x *= 0x846ca68bu; x ^= x >> 16u;
        return x;
      }
      void main() {
        ivec2 rc = getOutputCoords();
        float p = getImages(int(getIdx(rc.x)), rc.y);
        uint h = vaeMix32(vaeMix32(uint(rc.x * ${cols} + rc.y)) ^ uint(noiseKey));
        float u = float(h >> 8u) * (1.0 / 16777216.0);
        setOutput(u < p ? 1.0 : 0.0);
      }`,
  };
  const runner = tf.backend() as unknown as WebGLRunner;
  return wrap(runner.compileAndRun(program, [images, idx], 'float32', [[key | 0]]));
}

function webgpu(images: tf.Tensor2D, idx: tf.Tensor1D, key: number): tf.Tensor2D {
  const cols = images.shape[1];
  const size = idx.size * cols;
  const program = {
    variableNames: ['Images', 'Idx'],
    outputShape: [idx.size, cols],
    shaderKey: `vaeGatherBinarize_${cols}`,
    dispatchLayout: { x: [0, 1] },
    dispatch: [Math.ceil(size / WORKGROUP), 1, 1] as [number, number, number],
    workgroupSize: [WORKGROUP, 1, 1] as [number, number, number],
    size: true,
    uniforms: 'noiseKey : u32,',
    // WGSL: u32 arithmetic wraps modulo 2^32, so this is mix32/noiseUniform exactly. The
    // flat output index is row · cols + pixel, the element index of the reference.
    getUserCode: () => `
      fn vaeMix32(v : u32) -> u32 {
        var x = v;
        x = x ^ (x >> 16u); x = x * 0x7feb352du; x = x ^ (x >> 15u); x = x * 0x846ca68bu; x = x ^ (x >> 16u);
        return x;
      }
      fn main(index : i32) {
        if (index < uniforms.size) {
          let rc = getCoordsFromIndex(index);
          let p = getImages(i32(getIdx(rc.x)), rc.y);
          let h = vaeMix32(vaeMix32(u32(index)) ^ uniforms.noiseKey);
          let u = f32(h >> 8u) * (1.0 / 16777216.0);
          setOutputAtIndex(index, select(0.0, 1.0, u < p));
        }
      }`,
  };
  const runner = tf.backend() as unknown as WebGPURunner;
  return wrap(runner.runWebGPUProgram(program, [images, idx], 'float32', [{ type: 'uint32', data: [key] }]));
}
