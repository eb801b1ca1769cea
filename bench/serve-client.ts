// The load generator of `npm run bench:serve` in its own process, so that reading the streams never runs
// on the server's event loop (as with `tokenbench serve` and a separate `tokenbench run`). Receives one
// job over IPC, answers with its ClientResult and exits.
import { runLoad, type ClientJob } from './serve-load.js';

process.once('message', (job: ClientJob) => {
  runLoad(job)
    .then((result) => process.send?.(result, () => process.exit(0)))
    .catch((error: unknown) => {
      console.error(String(error));
      process.exit(1);
    });
});
