/**
 * The numeric values of GPUBufferUsage and GPUMapMode from the WebGPU spec. The globals of those names
 * exist in browsers but not in every Node binding, so the backend never relies on them.
 */
export const BufferUsage = {
  MAP_READ: 0x0001,
  COPY_SRC: 0x0004,
  COPY_DST: 0x0008,
  STORAGE: 0x0080,
} as const;

export const MapMode = { READ: 0x0001 } as const;
