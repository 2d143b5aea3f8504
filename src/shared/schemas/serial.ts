import { z } from 'zod';

export const SerialPortInfo = z.object({
  path: z.string(),
  /** "USB-RS485 (FTDI FT232R) — COM5" */
  friendlyName: z.string(),
  manufacturer: z.string().optional(),
  vendorId: z.string().optional(),
  productId: z.string().optional(),
  serialNumber: z.string().optional(),
  /** Adapter family recognised by VID/PID. */
  adapter: z.enum(['FTDI', 'CH340', 'CP210x', 'PL2303']).nullable(),
});
export type SerialPortInfo = z.infer<typeof SerialPortInfo>;

export const SerialPortList = z.object({
  ports: z.array(SerialPortInfo),
  /** Set when the OS listing failed and the list comes from device nodes instead: says why, in one line. */
  note: z.string().optional(),
});
export type SerialPortList = z.infer<typeof SerialPortList>;
