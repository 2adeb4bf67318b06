// The FRR speaker: real BGP/BFD sessions, one network namespace (FRR VRF) per VBR.
export { createFrrSpeaker, type FrrSpeaker, type FrrSpeakerOptions } from './frr-speaker.js';
export { frrAvailable, DEFAULT_FRR_BIN_DIR, type PrerequisiteResult, type PrerequisiteOptions } from './prerequisites.js';
export { DEFAULT_RENDER_OPTIONS, type RenderOptions } from './frr-config.js';
export { VtyClient, VtyCommandError, VtyStatus, type VtyReply } from './vty-client.js';
export { FrrSupervisor, type FrrDaemon } from './supervisor.js';
export { namespaceNameFor, vlanInterfaceName } from './vbr-namespace.js';
