// Runs a program without a shell (arguments are never re-parsed), collecting its output.
import { execFile } from 'node:child_process';

export class CommandError extends Error {
  constructor(
    readonly file: string,
    readonly args: readonly string[],
    readonly exitCode: number | null,
    readonly stderr: string,
  ) {
    super(`${file} ${args.join(' ')} failed (exit ${exitCode ?? 'signal'}): ${stderr.trim()}`);
    this.name = 'CommandError';
  }
}

export interface CommandResult {
  stdout: string;
  stderr: string;
}

export function runCommand(file: string, args: readonly string[], timeoutMs = 20_000): Promise<CommandResult> {
  return new Promise((resolve, reject) => {
    execFile(file, args, { timeout: timeoutMs, maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (error) {
        const code = typeof error.code === 'number' ? error.code : null;
        reject(new CommandError(file, args, code, String(stderr || error.message)));
      } else {
        resolve({ stdout: String(stdout), stderr: String(stderr) });
      }
    });
  });
}

/** Like runCommand, but reports failure as `false` instead of throwing (for probes and best-effort cleanup). */
export async function tryCommand(file: string, args: readonly string[]): Promise<boolean> {
  try {
    await runCommand(file, args);
    return true;
  } catch {
    return false;
  }
}
