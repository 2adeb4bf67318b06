// A real `vbrd serve` in a child process (the bundled command an operator runs), for tests that must
// kill it: spawned with the given arguments, resolved once it says where it serves. Every child is
// SIGKILLed when the test process exits, also when a test fails before its after() hook.
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const VBRD_CLI = fileURLToPath(new URL('../../src/cli/vbrd.js', import.meta.url));

export interface VbrdProcess {
  child: ChildProcess;
  /** host:port, as the SDK's endpoint wants it. */
  endpoint: string;
  port: number;
  /** Everything it wrote to stderr so far. */
  stderr(): string;
  /** Resolves when the process has exited. */
  exited: Promise<void>;
}

const children = new Set<ChildProcess>();
process.on('exit', () => {
  for (const c of children) c.kill('SIGKILL');
});

/** `vbrd serve ARGS` (with `--port 0` unless ARGS name a port); resolves once it serves, rejects if it exits first. */
export async function spawnVbrd(
  args: readonly string[],
  opts: { timeoutMs?: number; onStdout?: (chunk: Buffer) => void } = {},
): Promise<VbrdProcess> {
  const child = spawn(process.execPath, [VBRD_CLI, 'serve', ...(args.includes('--port') ? [] : ['--port', '0']), ...args], {
    stdio: ['ignore', opts.onStdout ? 'pipe' : 'ignore', 'pipe'],
  });
  children.add(child);
  if (opts.onStdout) child.stdout!.on('data', opts.onStdout);
  const exited = new Promise<void>((r) =>
    child.once('exit', () => {
      children.delete(child);
      r();
    }),
  );
  let err = '';
  const timeoutMs = opts.timeoutMs ?? 30_000;
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`vbrd serve did not start within ${timeoutMs} ms: ${err}`)), timeoutMs);
    child.stderr!.on('data', (c: Buffer) => {
      err += c.toString();
      const m = /serving the VPC API on http:\/\/[^\s]*:(\d+)\//.exec(err);
      if (m) {
        clearTimeout(timer);
        resolve(Number(m[1]));
      }
    });
    child.once('exit', (code, sig) => {
      clearTimeout(timer);
      reject(new Error(`vbrd serve exited (${code ?? sig}) before serving: ${err}`));
    });
  });
  return { child, endpoint: `127.0.0.1:${port}`, port, stderr: () => err, exited };
}

/** SIGKILL (as a crash would) and wait until it is gone. */
export async function killHard(p: VbrdProcess): Promise<void> {
  if (p.child.exitCode === null && p.child.signalCode === null) p.child.kill('SIGKILL');
  await p.exited;
}
