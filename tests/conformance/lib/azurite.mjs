// A real Azurite Table service on a free loopback port (in memory), for servers that keep threads in Table Storage.
import { spawn } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const bin = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'node_modules', '.bin', 'azurite-table');
const accountKey = 'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==';

export async function startAzurite() {
  const port = await freePort();
  const child = spawn(bin, ['--inMemoryPersistence', '--skipApiVersionCheck', '--disableTelemetry', '--silent', '--tableHost', '127.0.0.1', '--tablePort', String(port)], {
    stdio: 'ignore',
  });
  const deadline = Date.now() + 60_000;
  while (!(await accepts(port))) {
    if (child.exitCode !== null) throw new Error(`azurite-table exited with ${child.exitCode}`);
    if (Date.now() > deadline) throw new Error('azurite-table did not listen within 60 s');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }

  return {
    connectionString: `DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=${accountKey};TableEndpoint=http://127.0.0.1:${port}/devstoreaccount1;`,
    async stop() {
      if (child.exitCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGKILL');
      await exited;
    },
  };
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

function accepts(port) {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.once('connect', () => { socket.destroy(); resolve(true); });
    socket.once('error', () => resolve(false));
  });
}
