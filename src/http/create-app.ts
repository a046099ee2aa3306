/**
 * Builds the Express application of the web app and the JSON API from the services (openServices), so
 * tests run it in-process on port 0 and `naskah serve` listens with it. Order: security headers →
 * request log (with request ids) and metrics → probes and /metrics → body parsing (JSON, forms,
 * multipart into memory) → session → CSRF → routes → the one error middleware. Imports the http and
 * ops modules, storage (the preview cache) and pino.
 */
import cookieParser from 'cookie-parser';
import express, { type NextFunction, type Request, type Response } from 'express';
import multer from 'multer';
import { pino } from 'pino';
import { AppError } from '../errors/app-error.ts';
import type { Services } from '../app/services.ts';
import { inlineJobQueue } from '../jobs/open-job-queue.ts';
import { createMetrics } from '../ops/metrics.ts';
import { createPreviewCache } from '../storage/preview-cache.ts';
import { csrfMiddleware } from './csrf.ts';
import { errorMiddleware } from './error-middleware.ts';
import { createHealthRouter } from './health-router.ts';
import { httpMetrics } from './http-metrics.ts';
import { JOB_WAIT_MS } from './job-replies.ts';
import { LoginThrottle } from './login-throttle.ts';
import type { AppContext, HttpOptions } from './http-deps.ts';
import { requestLogging } from './request-logging.ts';
import { createApiRouter } from './routes/api-router.ts';
import { createJobPagesRouter } from './routes/job-pages.ts';
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
    fileStore: services.fileStore,
    previewCache: createPreviewCache({ db: services.db, previewStore: services.previewStore, maxBytes: services.config.previewCacheBytes }),
    jobs: options.jobs ?? inlineJobQueue(services, options.clock ? { now: options.clock } : {}),
    jobWaitMs: options.jobWaitMs ?? JOB_WAIT_MS,
  };
  const metrics = options.metrics ?? createMetrics({ defaultMetrics: false });
  metrics.setSources({ documentsIssued: () => ctx.db.prisma.issuedDocument.count(), jobCounts: () => ctx.jobs.counts() });
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', 'loopback');
  app.use(securityHeaders({ https: ctx.config.baseUrl.startsWith('https://') }));
  app.use(requestLogging(ctx.logger));
  app.use(httpMetrics(metrics));
  app.use(
    createHealthRouter({
      db: ctx.db,
      fileStore: ctx.fileStore,
      metrics,
      ...(ctx.config.metricsToken ? { metricsToken: ctx.config.metricsToken } : {}),
      isDraining: options.isDraining ?? (() => false),
    }),
  );
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
  app.use('/', createJobPagesRouter(ctx));
  app.use('/', createPagesRouter(ctx));

  app.use((req: Request, _res: Response, next: NextFunction) => {
    next(new AppError('NOT_FOUND', `Alamat ${req.path} tidak ada. Periksa tautan atau kembali ke beranda.`));
  });
  app.use(errorMiddleware(ctx.logger));
  return app;
}
