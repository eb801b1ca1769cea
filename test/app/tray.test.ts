import type { Rectangle } from 'electron';
import { describe, expect, it } from 'vitest';
import type { RunEvent } from '../../common/api.js';
import type { RunStatus } from '../../common/run-manifest.js';
import {
  popoverPosition,
  TrayController,
  trayIsAvailable,
  trayStateFor,
  trayTitleFor,
  type MenuItemSpec,
  type PanelLike,
  type TrayControllerDeps,
  type TrayLike,
} from '../../main/app/tray.js';

class FakePanel implements PanelLike {
  visible = false;
  position: [number, number] | null = null;
  blur: (() => void) | null = null;
  constructor(readonly name: string) {}
  isVisible = (): boolean => this.visible;
  show = (): void => void (this.visible = true);
  hide = (): void => void (this.visible = false);
  focus = (): void => undefined;
  setPosition = (x: number, y: number): void => void (this.position = [x, y]);
  getSize = (): number[] => [380, 560];
  on(_event: 'blur', listener: () => void): this {
    this.blur = listener;
    return this;
  }
}

class FakeTray implements TrayLike<MenuItemSpec[], string> {
  /** Every icon set, the one it was created with first. */
  readonly images: string[] = [];
  title = '';
  tooltip = '';
  contextMenu: MenuItemSpec[] | null = null;
  popped: MenuItemSpec[] | null = null;
  readonly listeners = new Map<string, () => void>();
  constructor(private readonly bounds: Rectangle) {}
  setImage = (image: string): void => void this.images.push(image);
  setToolTip = (t: string): void => void (this.tooltip = t);
  setTitle = (t: string): void => void (this.title = t);
  getBounds = (): Rectangle => this.bounds;
  on(event: 'click' | 'right-click', listener: () => void): this {
    this.listeners.set(event, listener);
    return this;
  }
  popUpContextMenu = (menu?: MenuItemSpec[]): void => void (this.popped = menu ?? null);
  setContextMenu = (menu: MenuItemSpec[] | null): void => void (this.contextMenu = menu);
}

function setup(platform: NodeJS.Platform, trayAvailable: boolean, trayBounds: Rectangle) {
  const made: string[] = [];
  const calls: string[] = [];
  const tray = new FakeTray(trayBounds);
  const popover = new FakePanel('popover');
  const window = new FakePanel('window');
  let ink = 'black';
  const deps: TrayControllerDeps<MenuItemSpec[], string> = {
    platform,
    trayAvailable,
    createTray: (icon) => (made.push('tray'), tray.setImage(icon), tray),
    trayIcon: (state) => `${state}-${ink}`,
    createPopover: () => (made.push('popover'), popover),
    createWindow: () => (made.push('window'), window),
    screen: { getDisplayNearestPoint: () => ({ workArea: { x: 0, y: 25, width: 1440, height: 875 } }) },
    buildMenu: (items) => items,
    actions: {
      run: () => calls.push('run'),
      cancel: () => calls.push('cancel'),
      openDashboard: () => calls.push('dashboard'),
      quit: () => calls.push('quit'),
    },
  };
  const darkenBar = (): void => void (ink = 'white');
  return { controller: new TrayController(deps), tray, popover, window, made, calls, darkenBar };
}

describe('tray controller', () => {
  it('takes the Linux fallback when told there is no tray: a normal window, no tray icon', () => {
    const { controller, made, window } = setup('linux', false, { x: 0, y: 0, width: 0, height: 0 });
    controller.start();
    expect(controller.mode).toBe('window');
    expect(made).toEqual(['window']);
    expect(window.visible).toBe(true);
    controller.toggle();
    expect(made).toEqual(['window']);
  });

  it('decides about the tray from the platform and the desktop', () => {
    expect(trayIsAvailable('darwin', {})).toBe(true);
    expect(trayIsAvailable('win32', {})).toBe(true);
    expect(trayIsAvailable('linux', { XDG_CURRENT_DESKTOP: 'ubuntu:GNOME' })).toBe(false);
    expect(trayIsAvailable('linux', {})).toBe(false);
    expect(trayIsAvailable('linux', { XDG_CURRENT_DESKTOP: 'KDE' })).toBe(true);
    expect(trayIsAvailable('linux', { XDG_CURRENT_DESKTOP: 'GNOME', TOKENBENCH_TRAY: '1' })).toBe(true);
    expect(trayIsAvailable('darwin', { TOKENBENCH_TRAY: '0' })).toBe(false);
  });

  it('macOS: a click toggles the popover anchored under the icon; it hides on blur', () => {
    const { controller, tray, popover, made } = setup('darwin', true, { x: 1000, y: 0, width: 24, height: 24 });
    controller.start();
    expect(made).toEqual(['tray', 'popover']);
    expect(popover.visible).toBe(false);
    tray.listeners.get('click')!();
    expect(made).toEqual(['tray', 'popover']);
    expect(popover.visible).toBe(true);
    // centred on the icon (1012 − 190), just inside the work area under the menu bar
    expect(popover.position).toEqual([822, 29]);
    tray.listeners.get('click')!();
    expect(popover.visible).toBe(false);
    tray.listeners.get('click')!();
    popover.blur!();
    expect(popover.visible).toBe(false);
  });

  it('keeps the popover on screen and puts it above a bottom taskbar', () => {
    const work = { x: 0, y: 0, width: 1920, height: 1040 };
    expect(popoverPosition({ x: 1900, y: 1045, width: 20, height: 30 }, { width: 380, height: 560 }, work)).toEqual({ x: 1536, y: 476 });
    expect(popoverPosition({ x: 0, y: 0, width: 20, height: 20 }, { width: 380, height: 560 }, work)).toEqual({ x: 4, y: 24 });
  });

  it('shows run progress in the title (macOS) and the tooltip; the menu follows the run', () => {
    const { controller, tray, calls } = setup('darwin', true, { x: 0, y: 0, width: 20, height: 20 });
    controller.start();
    tray.listeners.get('right-click')!();
    const idle = tray.popped!;
    expect(idle.map((i) => i.label ?? i.type)).toEqual(['Run', 'Cancel', 'Open dashboard', 'separator', 'Quit']);
    expect(idle.find((i) => i.label === 'Run')!.enabled).toBe(true);
    expect(idle.find((i) => i.label === 'Cancel')!.enabled).toBe(false);
    for (const item of idle) item.click?.();
    expect(calls).toEqual(['run', 'cancel', 'dashboard', 'quit']);

    controller.onRunEvent({ type: 'progress', runId: 'r', levelIndex: 1, levelCount: 4, done: 1, total: 2, liveTokensPerSecond: 20, etaMs: 1000, errors: 0 });
    expect(tray.title).toBe('2/4 50%');
    expect(tray.tooltip).toBe('Tokenbench — 2/4 50%');
    tray.listeners.get('right-click')!();
    expect(tray.popped!.find((i) => i.label === 'Cancel')!.enabled).toBe(true);
    controller.onRunEvent({ type: 'finished', runId: 'r', status: 'completed', reason: null });
    expect(tray.title).toBe('');
    expect(tray.tooltip).toBe('Tokenbench');
  });

  it('Linux with a tray: the context menu is set on the icon and rebuilt when a run starts', () => {
    const { controller, tray } = setup('linux', true, { x: 0, y: 0, width: 20, height: 20 });
    controller.start();
    expect(tray.contextMenu!.find((i) => i.label === 'Cancel')!.enabled).toBe(false);
    controller.onRunEvent({ type: 'phase', runId: 'r', phase: 'warmup', levelIndex: -1, concurrency: null });
    expect(tray.contextMenu!.find((i) => i.label === 'Cancel')!.enabled).toBe(true);
    expect(tray.title).toBe('');
  });

  it('titles: sustained levels without a total show the count', () => {
    expect(trayTitleFor({ type: 'progress', runId: 'r', levelIndex: 0, levelCount: 1, done: 7, total: null, liveTokensPerSecond: null, etaMs: null, errors: 0 })).toBe('1/1 7');
    expect(trayTitleFor({ type: 'requests', runId: 'r', records: [] })).toBeNull();
  });

  it('the icon tells the run state: running on the first event, done, failed, idle after a cancel', () => {
    const { controller, tray } = setup('darwin', true, { x: 0, y: 0, width: 20, height: 20 });
    controller.start();
    expect(tray.images).toEqual(['idle-black']);
    const progress: RunEvent = { type: 'progress', runId: 'r', levelIndex: 0, levelCount: 2, done: 1, total: 4, liveTokensPerSecond: null, etaMs: null, errors: 0 };
    controller.onRunEvent({ type: 'phase', runId: 'r', phase: 'warmup', levelIndex: -1, concurrency: null });
    controller.onRunEvent(progress);
    controller.onRunEvent({ type: 'requests', runId: 'r', records: [] });
    expect(tray.images).toEqual(['idle-black', 'running-black']);
    controller.onRunEvent({ type: 'finished', runId: 'r', status: 'completed', reason: null });
    expect(tray.images.at(-1)).toBe('done-black');
    controller.onRunEvent(progress);
    controller.onRunEvent({ type: 'finished', runId: 'r', status: 'failed', reason: 'server went away' });
    expect(tray.images.at(-1)).toBe('failed-black');
    controller.onRunEvent(progress);
    controller.onRunEvent({ type: 'finished', runId: 'r', status: 'cancelled', reason: 'cancelled by user' });
    expect(tray.images).toEqual(['idle-black', 'running-black', 'done-black', 'running-black', 'failed-black', 'running-black', 'idle-black']);
  });

  it('opening the popover is seeing the result: done and failed go back to idle, running stays', () => {
    const { controller, tray, popover } = setup('darwin', true, { x: 0, y: 0, width: 20, height: 20 });
    controller.start();
    controller.onRunEvent({ type: 'finished', runId: 'r', status: 'failed', reason: 'x' });
    tray.listeners.get('click')!();
    expect(popover.visible).toBe(true);
    expect(tray.images).toEqual(['idle-black', 'failed-black', 'idle-black']);
    tray.listeners.get('click')!();
    controller.onRunEvent({ type: 'phase', runId: 'r2', phase: 'level', levelIndex: 0, concurrency: 1 });
    tray.listeners.get('click')!();
    expect(tray.images.at(-1)).toBe('running-black');
  });

  it('refreshIcon sets the current state\'s icon again (the bar changed colour)', () => {
    const { controller, tray, darkenBar } = setup('win32', true, { x: 0, y: 0, width: 20, height: 20 });
    controller.start();
    controller.onRunEvent({ type: 'finished', runId: 'r', status: 'completed', reason: null });
    darkenBar();
    controller.refreshIcon();
    expect(tray.images).toEqual(['idle-black', 'done-black', 'done-white']);
  });

  it('states: every event of a run is running; the finished status decides the rest', () => {
    const finished = (status: RunStatus): RunEvent => ({ type: 'finished', runId: 'r', status, reason: null });
    expect(trayStateFor({ type: 'telemetry', runId: 'r', gpu: null, process: [] })).toBe('running');
    expect(trayStateFor(finished('completed'))).toBe('done');
    expect(trayStateFor(finished('failed'))).toBe('failed');
    expect(trayStateFor(finished('interrupted'))).toBe('failed');
    expect(trayStateFor(finished('cancelled'))).toBe('idle');
  });
});
