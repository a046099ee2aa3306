/**
 * Builds the Express application of the web app and the JSON API from the services (openServices), so tests run
 * it in-process on port 0 and `naskah serve` listens with it. Order: security headers → logging →
 * body parsing (JSON, forms, multipart into memory) → session → CSRF → routes → the one error
 * middleware. Imports the http modules and pino.
 */
import cookieParser from 'cookie-parser';
import express, { type NextFunction, type Request, type Response } from 'express';
import multer from 'multer';
import { pino } from 'pino';
import { AppError } from '../errors/app-error.ts';
import { csrfMiddleware } from './csrf.ts';
import { errorMiddleware } from './error-middleware.ts';
import { LoginThrottle } from './login-throttle.ts';
import type { Services } from '../app/services.ts';
import type { AppContext, HttpOptions } from './http-deps.ts';
import { createApiRouter } from './routes/api-router.ts';
import { createPagesRouter } from './routes/pages-router.ts';
import { securityHeaders } from './security-headers.ts';
import { sessionMiddleware } from './session.ts';
import { STYLESHEET } from './views/styles.ts';

export const MAX_UPLOAD_BYTES = 50 * 1024 * 1024;

export function createApp(services: Services, options: HttpOptions = {}): express.Application {
  const ctx: AppContext = {
    services,
    db: services.db,
    config: services.config,
    clock: options.clock ?? (() => new Date()),
    logger: options.logger ?? pino({ level: services.config.logLevel }),
    loginThrottle: new LoginThrottle(options.clock ?? (() => new Date())),
  };
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', 'loopback');
  app.use(securityHeaders({ https: ctx.config.baseUrl.startsWith('https://') }));
  app.use((req: Request, res: Response, next: NextFunction) => {
    const started = process.hrtime.bigint();
    res.on('finish', () => {
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      ctx.logger.info({ method: req.method, path: req.path, status: res.statusCode, ms: Math.round(ms) }, 'request');
    });
    next();
  });

  app.get('/healthz', async (_req, res) => {
    try {
      await ctx.db.prisma.$queryRawUnsafe('SELECT 1');
      res.json({ status: 'ok' });
    } catch (error) {
      ctx.logger.error({ err: error }, 'health check failed');
      res.status(503).json({ status: 'error', error: { code: 'DATABASE_ERROR', message: 'Basis data tidak menjawab.' } });
    }
  });
  app.get('/aset/naskah.css', (_req, res) => {
    res.setHeader('Cache-Control', 'public, max-age=3600');
    res.type('text/css').send(STYLESHEET);
  });

  const upload = multer({ storage: multer.memoryStorage(), limits: { fileSize: MAX_UPLOAD_BYTES, files: 2, fields: 50 } });
  app.use(express.json({ limit: '5mb' }));
  app.use(express.urlencoded({ extended: false, limit: '5mb' }));
  app.use((req: Request, res: Response, next: NextFunction) => (req.is('multipart/form-data') ? upload.any()(req, res, next) : next()));
  app.use(cookieParser());
  app.use(sessionMiddleware(ctx));
  app.use(csrfMiddleware());

  app.use('/api/v1', createApiRouter(ctx));
  app.use('/', createPagesRouter(ctx));

  app.use((req: Request, _res: Response, next: NextFunction) => {
    next(new AppError('NOT_FOUND', `Alamat ${req.path} tidak ada. Periksa tautan atau kembali ke beranda.`));
  });
  app.use(errorMiddleware(ctx.logger));
  return app;
}
