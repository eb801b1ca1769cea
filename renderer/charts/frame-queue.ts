// Chart redraws wait their turn, one per animation frame, so several live charts updating together
// never stretch one frame past its budget. A chart queued twice keeps one place and its latest redraw.
const queue = new Map<object, () => void>();
let scheduled = false;

function runOne(): void {
  scheduled = false;
  const first = queue.entries().next();
  if (first.done) return;
  const [owner, work] = first.value;
  queue.delete(owner);
  work();
  if (queue.size > 0) schedule();
}

function schedule(): void {
  if (scheduled) return;
  scheduled = true;
  requestAnimationFrame(runOne);
}

export function queueFrameWork(owner: object, work: () => void): void {
  queue.set(owner, work); // an owner already queued keeps its place (Map keeps insertion order)
  schedule();
}

export function cancelFrameWork(owner: object): void {
  queue.delete(owner);
}
