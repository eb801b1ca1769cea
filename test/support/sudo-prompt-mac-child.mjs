// Drives sudo-prompt's REAL macOS code path on any Unix, without a password prompt and without root:
// process.platform reads 'darwin', and the three macOS tools sudo-prompt shells out to are faked through
// child_process.exec (looked up on the module object at each call, so patching it here reaches
// sudo-prompt): `unzip` (makes the applet's folders), `defaults` (nothing), and the applet itself, which on
// a Mac asks for the password and runs the generated script as root. Here the "applet" prints the script
// sudo-prompt generated and runs it with /bin/sh as the current user, in `sandbox`, so a test sees what
// root would have run. Everything else (rm of the temp folder) runs for real.
//
// argv: mode ('sudo-prompt' | 'guarded'), safe-elevation.js URL, sudo-prompt's path, cwd, sandbox.
// stdout: `SCRIPT <json>` when the applet ran, then `RESULT <json>` or `REFUSED <json>`.
import childProcess from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

const [mode, elevationUrl, sudoPromptPath, cwd, sandbox] = process.argv.slice(2);
Object.defineProperty(process, 'platform', { value: 'darwin' });
process.env.USER ??= 'tester';

const realExec = childProcess.exec;
childProcess.exec = (command, options, callback) => {
  const done = typeof options === 'function' ? options : callback;
  if (command.startsWith('/usr/bin/unzip ')) {
    const target = /-d "(.*)"$/.exec(command)[1].replaceAll('\\"', '"');
    mkdirSync(path.join(target, 'Contents', 'MacOS'), { recursive: true });
    return setImmediate(() => done(null, '', ''));
  }
  if (command.startsWith('/usr/bin/defaults ')) return setImmediate(() => done(null, '', ''));
  if (command === './applet') {
    const dir = options.cwd;
    const script = readFileSync(path.join(dir, 'sudo-prompt-command'), 'utf8');
    console.log(`SCRIPT ${JSON.stringify(script)}`);
    const ran = childProcess.spawnSync('/bin/sh', [path.join(dir, 'sudo-prompt-command')], { cwd: sandbox, encoding: 'utf8' });
    writeFileSync(path.join(dir, 'code'), `${ran.status}\n`);
    writeFileSync(path.join(dir, 'stdout'), ran.stdout);
    writeFileSync(path.join(dir, 'stderr'), ran.stderr);
    return setImmediate(() => done(null, '', ''));
  }
  return realExec(command, options, callback);
};

const sudoPrompt = createRequire(import.meta.url)(sudoPromptPath);
const { execElevated } = await import(elevationUrl);
process.chdir(cwd);

const report = (error, stdout) =>
  console.log(`RESULT ${JSON.stringify({ error: error ? error.message : null, stdout: stdout === undefined ? null : String(stdout) })}`);
try {
  if (mode === 'sudo-prompt') sudoPrompt.exec('echo root-command', { name: 'Tokenbench' }, report);
  else execElevated(sudoPrompt.exec, 'echo root-command', report);
} catch (error) {
  console.log(`REFUSED ${JSON.stringify({ name: error.name, message: error.message })}`);
}
