import { exceptionLabel } from '../../shared/modbus/exceptions';

export { EXCEPTION_NAMES, exceptionLabel } from '../../shared/modbus/exceptions';

/** A Modbus exception response, as a typed value. */
export class ModbusException extends Error {
  constructor(
    readonly functionCode: number,
    readonly exceptionCode: number,
  ) {
    super(exceptionLabel(exceptionCode));
    this.name = 'ModbusException';
  }
}
