// `vbrd lab up|down`: argument parsing and output around src/lab (which does the work). A machine
// without root, FRR or BIRD gets one sentence saying what is missing (a ConfigError: exit code 2).
import { ConfigError } from '../config/server-config.js';
import { defaultLabCircuits, labDown, LabError, labUp, printLabNextSteps } from '../lab/lab.js';

/** Every option `vbrd lab` accepts (--namespace only with up), each taking a value. */
export const LAB_OPTIONS: readonly string[] = ['--state-dir', '--namespace'];

interface LabArgs {
  action: 'up' | 'down';
  stateDir?: string;
  namespace?: string;
}

function parseLabArgs(args: string[]): LabArgs {
  const [action, ...rest] = args;
  if (action !== 'up' && action !== 'down')
    throw new ConfigError(`vbrd lab needs up or down (got ${action ?? 'nothing'}; see vbrd --help)`);
  const out: LabArgs = { action };
  for (let i = 0; i < rest.length; i++) {
    const a = rest[i]!;
    const eq = a.indexOf('=');
    const name = eq > 0 ? a.slice(0, eq) : a;
    const value = eq > 0 ? a.slice(eq + 1) : rest[++i];
    if (!LAB_OPTIONS.includes(name) || (name === '--namespace' && action !== 'up'))
      throw new ConfigError(`unknown option ${a} for vbrd lab ${action} (see vbrd --help)`);
    if (value === undefined || value === '') throw new ConfigError(`${name} needs a value`);
    if (name === '--state-dir') out.stateDir = value;
    else out.namespace = value;
  }
  if (out.namespace !== undefined && !/^[a-z0-9][a-z0-9-]{0,30}$/.test(out.namespace)) {
    throw new ConfigError(`--namespace "${out.namespace}" must be 1-31 characters of a-z, 0-9 and '-'`);
  }
  return out;
}

export async function labCommand(args: string[], write: (text: string) => void): Promise<void> {
  const a = parseLabArgs(args);
  try {
    if (a.action === 'up') {
      const circuits = defaultLabCircuits().map((c) => (a.namespace ? { ...c, farSideNamespace: a.namespace } : c));
      const state = await labUp({ stateDir: a.stateDir, circuits });
      write(printLabNextSteps(state) + '\n');
    } else {
      const r = await labDown({ stateDir: a.stateDir });
      write(
        r.stopped + r.namespacesRemoved === 0
          ? 'No lab was up here (nothing to remove).\n'
          : `Lab removed: stopped ${r.stopped} process(es), deleted ${r.namespacesRemoved} namespace(s).\n`,
      );
    }
  } catch (e) {
    // Missing prerequisites and "already up" are the user's to fix, not bugs: no stack trace.
    if (e instanceof LabError) throw new ConfigError(e.message);
    throw e;
  }
}
