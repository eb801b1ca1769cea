// Runs in the sandboxed preload of every app window (bundled to dist/preload/preload.cjs by
// scripts/build-preload.mjs: a sandboxed preload can require only 'electron').
import { contextBridge, ipcRenderer } from 'electron';
import { createPreloadApi } from '../main/app/preload-api.js';

contextBridge.exposeInMainWorld('tokenbench', createPreloadApi(ipcRenderer));
