import type { Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export interface LoopbackListening {
  port: number;
  /** Open connections, so a test server's close() can cut the ones a client (or the server itself) holds. */
  sockets: Set<Socket>;
}

/**
 * Listens on 127.0.0.1 (`port` 0: a free one) and tracks the server's sockets. Protocol garbage or a
 * vanished client drops its socket, never crashes the test process.
 */
export async function listenOnLoopback(server: Server, opts: { port?: number; backlog?: number } = {}): Promise<LoopbackListening> {
  const sockets = new Set<Socket>();
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  server.on('clientError', (_err, socket) => socket.destroy());
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen({ port: opts.port ?? 0, host: '127.0.0.1', backlog: opts.backlog }, () => {
      server.off('error', reject);
      resolve();
    });
  });
  return { port: (server.address() as AddressInfo).port, sockets };
}
