'use strict';
/**
 * The floor: a bare node:http server answering `/health/live` with the same JSON and content type
 * as our server. Reports its port over IPC like core/main.ts.
 */
const http = require('node:http');

const BODY = JSON.stringify({ status: 'alive' });
const LENGTH = String(Buffer.byteLength(BODY));

const server = http.createServer((req, res) => {
  if (req.method === 'GET' && req.url === '/health/live') {
    res.writeHead(200, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': LENGTH });
    res.end(BODY);
    return;
  }
  res.writeHead(404).end();
});

server.listen(0, '127.0.0.1', () => process.send?.({ type: 'ready', port: server.address().port }));
process.once('SIGTERM', () => { server.close(); server.closeAllConnections(); });
