// Preloaded (`--import`) into the processes the fake `utilityProcess.fork` starts: gives them Electron's
// `process.parentPort` (messages arrive as `{ data }`, `postMessage` sends), carried over Node's IPC.
import { EventEmitter } from 'node:events';

const send = process.send?.bind(process);
const port = new EventEmitter();
process.on('message', (data) => port.emit('message', { data }));
Object.defineProperty(process, 'parentPort', {
  value: {
    on: (event: string, listener: (...args: unknown[]) => void) => port.on(event, listener),
    once: (event: string, listener: (...args: unknown[]) => void) => port.once(event, listener),
    postMessage: (message: unknown) => send?.(message),
  },
});
// A utility process has no Node IPC of its own: the code it runs must not see `process.send`.
Object.defineProperty(process, 'send', { value: undefined });
