import { readdir } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { LegacyFormatError } from './csv-table.js';

/** `test_results_<N>`: one level of the study, N parallel requests. */
export const LEVEL_FOLDER_PATTERN = /^test_results_(\d+)$/;

export interface LevelFolder {
  concurrency: number;
  dir: string;
  name: string;
  /** File names inside the folder. */
  files: string[];
}

/**
 * The level folders of one model folder (`<model>/test_results_N/`), by ascending N. A folder holding model
 * folders instead (the study's `ollama/`) is refused with their names: one run folder is one model.
 */
export async function listLevelFolders(modelDir: string): Promise<LevelFolder[]> {
  const entries = await readDirOrFail(modelDir);
  const levels: LevelFolder[] = [];
  for (const entry of entries) {
    const match = entry.isDirectory() ? LEVEL_FOLDER_PATTERN.exec(entry.name) : null;
    if (!match) continue;
    const concurrency = Number(match[1]);
    if (!(concurrency >= 1)) throw new LegacyFormatError(`${join(modelDir, entry.name)}: a level of 0 parallel requests`);
    const dir = join(modelDir, entry.name);
    levels.push({ concurrency, dir, name: entry.name, files: (await readdir(dir)).sort() });
  }
  if (levels.length === 0) {
    const models = await modelFoldersIn(modelDir, entries.filter((e) => e.isDirectory()).map((e) => e.name));
    if (models.length > 0) {
      throw new LegacyFormatError(
        `${modelDir} holds several model folders (${models.join(', ')}); import one at a time, e.g. ${join(modelDir, models[0] ?? '')}`,
      );
    }
    throw new LegacyFormatError(`${modelDir} has no test_results_<N> folders; give a model folder of the study's results`);
  }
  levels.sort((a, b) => a.concurrency - b.concurrency);
  for (let i = 1; i < levels.length; i++) {
    const [prev, cur] = [levels[i - 1], levels[i]];
    if (prev && cur && prev.concurrency === cur.concurrency) {
      throw new LegacyFormatError(`${modelDir}: ${prev.name} and ${cur.name} are the same level`);
    }
  }
  return levels;
}

/**
 * The study's tool named a model's folder with ':' replaced by '-' (`deepseek-r1:8b` → `deepseek-r1-8b`).
 * The last '-' goes back to ':' only when what follows reads as a tag (a size such as 8b, 1.5b, or
 * `latest`); otherwise the folder name is kept as it is.
 */
export function modelFromFolderName(folder: string): string {
  const match = /^(.+)-(\d+(?:\.\d+)?[bBmMkK]|latest)$/.exec(folder);
  return match ? `${match[1]}:${match[2]}` : folder;
}

async function readDirOrFail(dir: string) {
  try {
    return await readdir(dir, { withFileTypes: true });
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'does not exist' : code === 'ENOTDIR' ? 'is not a folder' : `cannot be read (${code ?? String(err)})`;
    throw new LegacyFormatError(`${dir} ${why}`);
  }
}

async function modelFoldersIn(parent: string, names: string[]): Promise<string[]> {
  const found: string[] = [];
  for (const name of names.sort()) {
    const inner = await readdir(join(parent, name), { withFileTypes: true }).catch(() => []);
    if (inner.some((e) => e.isDirectory() && LEVEL_FOLDER_PATTERN.test(e.name))) found.push(basename(name));
  }
  return found;
}
