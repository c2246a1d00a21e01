/** Starts bench/support/instant-server.ts in a child process and waits for its address. */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export interface ServerProcess {
  baseUrl: string;
  close(): Promise<void>;
}

export function startServerProcess(questions: number): Promise<ServerProcess> {
  const script = fileURLToPath(new URL('./instant-server.ts', import.meta.url));
  const child = spawn(process.execPath, ['--import', 'tsx', script, String(questions)], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    let output = '';
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`the server process ended (${code})`)));
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString('utf8');
      const line = output.split('\n').find((l) => l.startsWith('{'));
      if (!line) return;
      const { baseUrl } = JSON.parse(line) as { baseUrl: string };
      resolve({
        baseUrl,
        close: () =>
          new Promise<void>((done) => {
            child.removeAllListeners('exit');
            child.once('exit', () => done());
            child.stdin.end();
          }),
      });
    });
  });
}
