// `node --import …/register.js <app main>`: installs hooks.ts before the app's first import. The
// packages the app may not import come as JSON in FAKE_ELECTRON_EXCLUDED; FAKE_ELECTRON_PLATFORM
// makes process.platform lie (darwin, win32), so the app takes that platform's branches.
import { register } from 'node:module';

register('./hooks.js', { parentURL: import.meta.url, data: { excluded: JSON.parse(process.env.FAKE_ELECTRON_EXCLUDED ?? '[]') as string[] } });

const platform = process.env.FAKE_ELECTRON_PLATFORM;
if (platform) Object.defineProperty(process, 'platform', { value: platform });
