import net from 'node:net';

/**
 * A TCP port that was free a moment ago on `host`, for services that cannot listen on port 0 themselves (the
 * hub's PORT must be 1-65535). Another process may take it in between: callers retry on "address in use".
 */
export function freePort(host = '127.0.0.1'): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.once('error', reject);
    server.listen({ host, port: 0 }, () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => (port ? resolve(port) : reject(new Error('no port assigned'))));
    });
  });
}
