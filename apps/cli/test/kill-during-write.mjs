// Loaded with `node --import` by the fault-injection tests: the Nth atomic write of the file named
// by DNN_FAULT_FILE writes half its bytes to the temp file, then the process kills itself with
// SIGKILL — a real `kill -9` in the middle of a write, at a chosen place.
import { createRequire, syncBuiltinESMExports } from 'node:module';
import { basename } from 'node:path';

const require = createRequire(import.meta.url);
const fsp = require('node:fs/promises');
const target = process.env.DNN_FAULT_FILE;
const nth = Number(process.env.DNN_FAULT_NTH ?? '1');
let seen = 0;
const open = fsp.open;
fsp.open = async (path, flags, mode) => {
  const handle = await open(path, flags, mode);
  if (!target || !basename(String(path)).startsWith(`.${target}.`) || ++seen !== nth) return handle;
  const writeFile = handle.writeFile.bind(handle);
  handle.writeFile = async (data) => {
    const bytes = typeof data === 'string' ? new TextEncoder().encode(data) : data;
    await writeFile(bytes.subarray(0, bytes.length >> 1));
    await handle.sync();
    process.kill(process.pid, 'SIGKILL');
    await new Promise(() => {});
  };
  return handle;
};
syncBuiltinESMExports();
