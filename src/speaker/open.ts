// Chooses the data plane a vbrd node drives: the emulated one (default) or FRR.
import type { Logger } from 'pino';
import type { ServerConfig } from '../config/server-config.js';
import { ConfigError } from '../config/server-config.js';
import { SimSpeaker } from './sim/sim-speaker.js';
import type { Speaker } from './speaker.js';

export interface SpeakerHooks {
  /** A daemon of the speaker restarted and lost what vbrd pushed into it: everything must be re-applied. */
  onLostState(): void;
}

export async function openSpeaker(config: ServerConfig, log: Logger, hooks: SpeakerHooks): Promise<Speaker> {
  if (config.dataPlane === 'sim') {
    // Read at every use: the control API may change the timings while it runs.
    const timings = config.seed.timings;
    return new SimSpeaker({
      get applyMs() {
        return timings.bgpApplyMs;
      },
      get sessionUpMs() {
        return timings.simSessionUpMs;
      },
    });
  }
  // Loaded only here: the FRR modules are a sizeable part of start-up time that the default never needs.
  const { createFrrSpeaker, frrAvailable } = await import('./frr/index.js');
  const pre = await frrAvailable({ needBird: false });
  if (!pre.ok) throw new ConfigError(`--data-plane frr: ${pre.reason}`);
  return createFrrSpeaker({
    runDir: config.frr.runDir,
    namespacePrefix: config.frr.namespacePrefix,
    onDaemonRestart: (daemon, pid) => {
      log.warn({ daemon, pid }, 'FRR daemon restarted; re-applying every VBR');
      hooks.onLostState();
    },
    log: (message) => log.info({ dataPlane: 'frr' }, message),
  });
}
