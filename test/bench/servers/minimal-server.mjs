// The smallest correct Modbus TCP server (answers every read-holding frame with one register, 1500), in its own
// process: the ceiling any simulator can reach on this machine's loopback. Usage: node minimal-server.mjs PORT
import net from 'node:net';

const port = Number(process.argv[2]);
const server = net.createServer((sock) => {
  sock.setNoDelay(true);
  let buf = Buffer.alloc(0);
  sock.on('data', (chunk) => {
    buf = buf.length ? Buffer.concat([buf, chunk]) : chunk;
    while (buf.length >= 12) {
      const res = Buffer.from([buf[0], buf[1], 0, 0, 0, 5, buf[6], 3, 2, 0x05, 0xdc]);
      sock.write(res);
      buf = buf.subarray(6 + buf.readUInt16BE(4));
    }
  });
  sock.on('error', () => undefined);
});
server.listen(port, '127.0.0.1', () => process.stdout.write(`READY ${port}\n`));
process.on('SIGTERM', () => server.close(() => process.exit(0)));
