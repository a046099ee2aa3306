/**
 * One log line per request (pino-http) carrying a request id: the caller's X-Request-Id when it is a
 * plain token, else a new UUID, echoed in the response header so a user's report can be matched to the
 * log. `req.log` is a child logger with that id, used by the error middleware. Only the path is logged,
 * never the query string (archive searches carry NIKs) nor cookies or bodies.
 * Imports pino-http and pino types.
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import { pinoHttp } from 'pino-http';

const REQUEST_ID = /^[A-Za-z0-9._-]{1,64}$/;

function pathOf(req: IncomingMessage): string {
  const url = req.url ?? '/';
  const q = url.indexOf('?');
  return q === -1 ? url : url.slice(0, q);
}

export function requestLogging(logger: Logger) {
  return pinoHttp({
    logger,
    genReqId(req: IncomingMessage, res: ServerResponse) {
      const incoming = req.headers['x-request-id'];
      const id = typeof incoming === 'string' && REQUEST_ID.test(incoming) ? incoming : randomUUID();
      res.setHeader('X-Request-Id', id);
      return id;
    },
    customLogLevel(_req: IncomingMessage, res: ServerResponse, error?: Error) {
      if (error || res.statusCode >= 500) return 'error';
      if (res.statusCode >= 400) return 'warn';
      return 'info';
    },
    serializers: {
      req: (req: { id: unknown; method: string; raw?: IncomingMessage; url?: string }) => ({ id: req.id, method: req.method, path: req.raw ? pathOf(req.raw) : (req.url ?? '').split('?')[0] }),
      res: (res: { statusCode: number }) => ({ status: res.statusCode }),
    },
    customSuccessMessage: () => 'request',
    customErrorMessage: () => 'request failed',
    // probes and scrapes every few seconds would drown everything else
    autoLogging: { ignore: (req: IncomingMessage) => ['/healthz', '/readyz', '/metrics'].includes(pathOf(req)) },
  });
}
