// modbus-serial's own ServerTCP with one holding register, in its own process: the simulator benchmark's baseline.
// Usage: node modbus-serial-server.mjs PORT   (prints "READY PORT")
import ModbusRTU from 'modbus-serial';

const port = Number(process.argv[2]);
const server = new ModbusRTU.ServerTCP({ getHoldingRegister: (addr) => (addr === 0 ? 1500 : 0) }, { host: '127.0.0.1', port, unitID: 1 });
server.on('socketError', () => undefined);
server.on('initialized', () => process.stdout.write(`READY ${port}\n`));
process.on('SIGTERM', () => server.close(() => process.exit(0)));
