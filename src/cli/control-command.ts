// The control API from the shell: `vbrd state export|import FILE`, `vbrd reset`, `vbrd settle`, each a
// thin client of a running server's /_vbrd/ (the data directory belongs to that server).
import { readFile, writeFile } from 'node:fs/promises';
import { ConfigError } from '../config/server-config.js';

export const CONTROL_OPTIONS = ['--url', '--account'] as const;

interface Parsed {
  positional: string[];
  url: string;
  account?: string;
}

function parse(args: string[], env: NodeJS.ProcessEnv): Parsed {
  const positional: string[] = [];
  let url = env.VBRD_URL ?? `http://${env.VBRD_HOST ?? '127.0.0.1'}:${env.VBRD_PORT ?? '8080'}`;
  let account: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === '--url' || a === '--account') {
      const v = args[++i];
      if (v === undefined) throw new ConfigError(`${a} needs a value`);
      if (a === '--url') url = v;
      else account = v;
    } else if (a.startsWith('--')) throw new ConfigError(`unknown option ${a} (see vbrd --help)`);
    else positional.push(a);
  }
  return { positional, url: url.replace(/\/$/, ''), account };
}

async function request(p: Parsed, env: NodeJS.ProcessEnv, method: string, path: string, body?: string): Promise<string> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (env.VBRD_ADMIN_TOKEN) headers.authorization = `Bearer ${env.VBRD_ADMIN_TOKEN}`;
  let res: Response;
  try {
    res = await fetch(`${p.url}/_vbrd/${path}`, { method, headers, body });
  } catch (e) {
    throw new ConfigError(`no vbrd answers at ${p.url} (${(e as Error).message}); --url names another`, { cause: e });
  }
  const text = await res.text();
  if (!res.ok) {
    let message = text;
    try {
      message = (JSON.parse(text) as { error: { message: string } }).error.message;
    } catch {
      // not the control API's error shape: show it as it came
    }
    throw new ConfigError(`${method} /_vbrd/${path}: ${res.status} ${message}`);
  }
  return text;
}

export async function controlCommand(
  cmd: 'state' | 'reset' | 'settle',
  args: string[],
  env: NodeJS.ProcessEnv,
  out: (line: string) => void,
): Promise<void> {
  const p = parse(args, env);
  const scope = p.account === undefined ? '' : `?accountId=${encodeURIComponent(p.account)}`;
  if (cmd === 'reset') {
    out(await request(p, env, 'POST', 'reset', JSON.stringify(p.account === undefined ? {} : { accountId: p.account })));
    return;
  }
  if (cmd === 'settle') {
    out(await request(p, env, 'POST', 'settle', '{}'));
    return;
  }
  const [verb, file] = p.positional;
  if ((verb !== 'export' && verb !== 'import') || file === undefined)
    throw new ConfigError('usage: vbrd state export|import FILE [--account ID] [--url URL]');
  if (verb === 'export') {
    await writeFile(file, await request(p, env, 'GET', `state${scope}`));
    out(`vbrd: state written to ${file}`);
  } else {
    out(await request(p, env, 'PUT', `state${scope}`, await readFile(file, 'utf8')));
  }
}
