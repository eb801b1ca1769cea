// Stand-in for the `electron` module in Node tests: the real package would try to download a binary.
// Tests that exercise main/app/ hand in their own fakes; importing anything from here is a mistake.
const unavailable = (name: string): never => {
  throw new Error(`electron.${name} is not available in tests; pass a fake as a parameter instead`);
};
export const app = new Proxy({}, { get: (_t, p) => unavailable(`app.${String(p)}`) });
export default { app };
