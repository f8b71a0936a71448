'use strict';
/**
 * The reference the 0.7x target is measured against: express 5 with no middleware,
 * answering `/health/live` with the same `res.json(...)` as core/health/health-router.ts.
 * ETag and X-Powered-By are off here as in core/kernel/app.ts, so the ratio measures our
 * middleware and nothing else (express's default ETag hashing would slow this side down).
 */
const express = require('express');

const app = express();
app.disable('x-powered-by');
app.set('etag', false);
app.get('/health/live', (_req, res) => { res.json({ status: 'alive' }); });

const server = app.listen(0, '127.0.0.1', () => process.send?.({ type: 'ready', port: server.address().port }));
process.once('SIGTERM', () => { server.close(); server.closeAllConnections(); });
