import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Kernel } from './kernel';

export interface RunningServer {
  server: http.Server;
  port: number;
  /** Stops accepting, drains in-flight requests (bounded), closes the kernel. */
  shutdown(reason: string): Promise<void>;
}

/**
 * Listens with timeouts against slow clients (headers ~10 s, whole request ~30 s), and shuts down
 * gracefully: readiness drops first, then the listener closes, in-flight requests get up to
 * SHUTDOWN_TIMEOUT_MS to finish, and only then are the database and Redis closed.
 */
export async function startServer(kernel: Kernel): Promise<RunningServer> {
  if (!kernel.app) throw new Error('kernel was booted without HTTP');
  const server = http.createServer(kernel.app);
  server.headersTimeout = 10_000;
  server.requestTimeout = 30_000;
  server.keepAliveTimeout = 5_000;
  server.maxHeadersCount = 100;

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(kernel.config.port, kernel.config.host, () => { server.off('error', reject); resolve(); });
  });
  const port = (server.address() as AddressInfo).port;
  kernel.logger.info({ port, host: kernel.config.host }, 'listening');

  let closing: Promise<void> | null = null;
  const shutdown = (reason: string): Promise<void> => {
    if (closing) return closing;
    closing = (async () => {
      kernel.logger.info({ reason }, 'shutting down');
      kernel.phase = 'stopping';
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      // Keep-alive sockets become idle as their last response finishes; close each as soon as it does.
      const sweep = setInterval(() => server.closeIdleConnections(), 50);
      server.closeIdleConnections();
      const deadline = new Promise<void>((resolve) => setTimeout(resolve, kernel.config.shutdownTimeoutMs).unref());
      await Promise.race([closed, deadline]);
      clearInterval(sweep);
      server.closeAllConnections();
      await kernel.close();
      kernel.logger.info('stopped');
    })();
    return closing;
  };
  return { server, port, shutdown };
}
