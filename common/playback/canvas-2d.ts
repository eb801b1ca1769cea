// The part of the Canvas 2D API the frame painter uses: the browser's CanvasRenderingContext2D and
// @napi-rs/canvas's context (Node) both fit it, so one painter draws the app's export and the CLI's.
// Style properties are `unknown` because each implementation types them its own way; the painter only
// ever writes CSS colour strings and font shorthands to them.

export interface Canvas2D {
  fillStyle: unknown;
  strokeStyle: unknown;
  font: string;
  lineWidth: number;
  textBaseline: unknown;
  fillRect(x: number, y: number, width: number, height: number): void;
  strokeRect(x: number, y: number, width: number, height: number): void;
  fillText(text: string, x: number, y: number): void;
  measureText(text: string): { width: number };
  beginPath(): void;
  moveTo(x: number, y: number): void;
  lineTo(x: number, y: number): void;
  stroke(): void;
  setLineDash(segments: number[]): void;
  rect(x: number, y: number, width: number, height: number): void;
  clip(): void;
  save(): void;
  restore(): void;
}
