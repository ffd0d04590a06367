export { startEmulator, type Emulator, type EmulatorOptions, type TokenRule } from './server';
export { Store, type KObject } from './store';
export { Faults } from './faults';
export { Traffic, type TrafficSnapshot } from './traffic';
export { Logs, type LogSource } from './logs';
export { RESOURCE_TYPES, findType } from './resources';
export { kubectlPath } from './kubectl';
