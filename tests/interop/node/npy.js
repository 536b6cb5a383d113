// Minimal .npy (format 1.0/2.0) reader and writer for the ONNX Runtime peer: little-endian,
// C order, dtypes float32, float64, int64,
// int32, uint8, bool. Anything else is rejected with the file name and the dtype.
'use strict';

const fs = require('fs');

const DTYPES = {
  '<f4': { ort: 'float32', array: Float32Array, size: 4 },
  '<f8': { ort: 'float64', array: Float64Array, size: 8 },
  '<i8': { ort: 'int64', array: BigInt64Array, size: 8 },
  '<i4': { ort: 'int32', array: Int32Array, size: 4 },
  '|u1': { ort: 'uint8', array: Uint8Array, size: 1 },
  '|i1': { ort: 'int8', array: Int8Array, size: 1 },
  '|b1': { ort: 'bool', array: Uint8Array, size: 1 },
};

function readNpy(file) {
  const bytes = fs.readFileSync(file);
  const magic = bytes.subarray(0, 6).toString('latin1');
  if (magic !== '\x93NUMPY') throw new Error(`${file}: not a .npy file (bad magic)`);
  const major = bytes[6];
  const headerLength = major === 1 ? bytes.readUInt16LE(8) : bytes.readUInt32LE(8);
  const headerStart = major === 1 ? 10 : 12;
  const header = bytes.subarray(headerStart, headerStart + headerLength).toString('latin1');
  const descr = /'descr':\s*'([^']+)'/.exec(header);
  const fortran = /'fortran_order':\s*(True|False)/.exec(header);
  const shape = /'shape':\s*\(([^)]*)\)/.exec(header);
  if (!descr || !fortran || !shape) throw new Error(`${file}: malformed .npy header: ${header}`);
  if (fortran[1] === 'True') throw new Error(`${file}: Fortran-order arrays are not supported`);
  const dtype = DTYPES[descr[1]];
  if (!dtype) throw new Error(`${file}: dtype ${descr[1]} is not supported (${Object.keys(DTYPES).join(', ')})`);
  const dims = shape[1].split(',').map((s) => s.trim()).filter((s) => s.length > 0).map(Number);
  const count = dims.reduce((a, b) => a * b, 1);
  const dataStart = headerStart + headerLength;
  if (bytes.length - dataStart !== count * dtype.size) {
    throw new Error(`${file}: ${bytes.length - dataStart} data bytes, expected ${count * dtype.size} for shape (${dims})`);
  }
  const copy = new Uint8Array(count * dtype.size);
  copy.set(bytes.subarray(dataStart));
  let data = new dtype.array(copy.buffer);
  if (descr[1] === '|b1') data = Uint8Array.from(data, (v) => (v ? 1 : 0));
  return { ortType: dtype.ort === 'bool' ? 'bool' : dtype.ort, shape: dims, data };
}

function writeNpy(file, ortType, dims, data) {
  const entry = Object.entries(DTYPES).find(([, d]) => d.ort === ortType);
  if (!entry) throw new Error(`${file}: cannot write ONNX Runtime type ${ortType}`);
  const [descr, dtype] = entry;
  const shapeText = dims.length === 1 ? `(${dims[0]},)` : `(${dims.join(', ')})`;
  let header = `{'descr': '${descr}', 'fortran_order': False, 'shape': ${shapeText}, }`;
  const unpadded = 10 + header.length + 1;
  header += ' '.repeat((64 - (unpadded % 64)) % 64) + '\n';
  const prefix = Buffer.alloc(10);
  prefix.write('\x93NUMPY', 0, 'latin1');
  prefix[6] = 1;
  prefix[7] = 0;
  prefix.writeUInt16LE(header.length, 8);
  const typed = data instanceof dtype.array ? data : dtype.array.from(data);
  const body = Buffer.from(typed.buffer, typed.byteOffset, typed.byteLength);
  const tmp = `${file}.partial.npy`;
  fs.writeFileSync(tmp, Buffer.concat([prefix, Buffer.from(header, 'latin1'), body]));
  fs.renameSync(tmp, file);
}

module.exports = { readNpy, writeNpy };
