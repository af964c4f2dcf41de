// Starts a built ASP.NET Core app of the repo (AgUi.Server unless told otherwise) on a free loopback
// port with the given environment, and stops it.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';

export async function startServer({ repoRoot, configuration, env = {}, project = 'src/AgUi.Server' }) {
  const name = path.basename(project);
  const dll = path.join(repoRoot, project, 'bin', configuration, 'net10.0', `${name}.dll`);
  if (!existsSync(dll)) {
    throw new Error(`${dll} does not exist: build ${project} -c ${configuration} first (scripts/test.sh does).`);
  }

  const child = spawn('dotnet', [dll, '--urls', 'http://127.0.0.1:0'], {
    cwd: path.dirname(dll),
    env: {
      ...process.env,
      ASPNETCORE_ENVIRONMENT: 'Production',
      DOTNET_NOLOGO: '1',
      Logging__LogLevel__Default: 'Warning',
      'Logging__LogLevel__Microsoft.Hosting.Lifetime': 'Information',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });

  let output = '';
  const baseUrl = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${name} did not start within 30 s:\n${output}`)), 30_000);
    const onData = (chunk) => {
      output += chunk.toString();
      const match = output.match(/Now listening on: (http:\/\/127\.0\.0\.1:\d+)/);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${name} exited with ${code} before listening:\n${output}`));
    });
  });

  return {
    url: `${baseUrl}/api/agent`,
    baseUrl,
    log: () => output,
    async stop() {
      if (child.exitCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
      await exited;
      clearTimeout(timer);
    },
  };
}
