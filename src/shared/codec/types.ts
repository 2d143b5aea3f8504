import { z } from 'zod';

/** Register data types the foundation decodes; the importer issue grows this list. */
export const DataType = z.enum(['bool', 'int16', 'uint16', 'int32', 'uint32', 'float32', 'float64']);
export type DataType = z.infer<typeof DataType>;

/**
 * Byte and word order for multi-register values, named by where bytes A (most significant) .. D land:
 * ABCD big-endian (Modbus default), CDAB word-swapped, BADC byte-swapped, DCBA little-endian.
 */
export const ByteOrder = z.enum(['ABCD', 'CDAB', 'BADC', 'DCBA']);
export type ByteOrder = z.infer<typeof ByteOrder>;

export const REGISTERS_PER_TYPE: Record<DataType, number> = {
  bool: 1,
  int16: 1,
  uint16: 1,
  int32: 2,
  uint32: 2,
  float32: 2,
  float64: 4,
};
