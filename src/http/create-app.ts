/**
 * Builds the Express application of the web app and the JSON API from the services (openServices, the
 * same object the CLI uses), so tests run it in-process on port 0 and `naskah serve` listens with it.
 * Order: security headers → request log (with request ids) and metrics → probes and /metrics → static
 * assets → cookies → who is asking (session or API token; headers only) → the routers, one per
 * resource, each route running guard → CSRF → bounded body → handler (route-kit.ts) → the one error
 * middleware. At start the upload folder is swept of abandoned uploads. Imports the http and ops
 * modules, storage (the preview cache), the job queue and pino.
 */
import { readFileSync } from 'node:fs';
import cookieParser from 'cookie-parser';
import express, { type NextFunction, type Request, type Response } from 'express';
import { pino } from 'pino';
import { z } from 'zod';
import { PROJECT_ROOT } from '../config/load-config.ts';
import { AppError } from '../errors/app-error.ts';
import type { Services } from '../app/services.ts';
import { EventDispatcher } from '../events/event-dispatcher.ts';
import { inlineJobQueue } from '../jobs/open-job-queue.ts';
import { createMetrics } from '../ops/metrics.ts';
import { createPreviewCache } from '../storage/preview-cache.ts';
import { errorMiddleware } from './error-middleware.ts';
import { createHealthRouter } from './health-router.ts';
import type { AppContext, HttpOptions } from './http-deps.ts';
import { httpMetrics } from './http-metrics.ts';
import { LoginThrottle } from './login-throttle.ts';
import { buildOpenApiDocument } from './openapi.ts';
import { requestLogging } from './request-logging.ts';
import { ApiRegistry, PageRoutes } from './route-kit.ts';
import { registerAdminRoutes } from './routes/admin-routes.ts';
import { registerArchiveRoutes } from './routes/archive-routes.ts';
import { registerAuthRoutes } from './routes/auth-routes.ts';
import { registerDocumentRoutes } from './routes/document-routes.ts';
import { registerJobRoutes } from './routes/job-routes.ts';
import { registerListRoutes } from './routes/list-routes.ts';
import { registerNotificationRoutes } from './routes/notification-routes.ts';
import { registerReferenceRoutes } from './routes/reference-routes.ts';
import { registerTaskRoutes } from './routes/task-routes.ts';
import { registerTemplateRoutes } from './routes/template-routes.ts';
import { registerVerificationRoutes } from './routes/verification-routes.ts';
import { securityHeaders } from './security-headers.ts';
import { authenticate } from './session.ts';
import { openUploadFolder } from './upload-folder.ts';
import { PAGE_SCRIPT } from './views/page-script.ts';
import { STYLESHEET } from './views/styles.ts';

function version(): string {
  try {
    return (JSON.parse(readFileSync(`${PROJECT_ROOT}package.json`, 'utf8')) as { version: string }).version;
  } catch {
    return '0.0.0';
  }
}

export function createApp(services: Services, options: HttpOptions = {}): express.Application {
  // zod's own messages (API input checks) in Indonesian
  z.config(z.locales.id());
  const clock = options.clock ?? (() => new Date());
  const logger = options.logger ?? pino({ level: services.config.logLevel });
  const uploads = openUploadFolder(services.config.dataDir);
  void uploads.sweep(clock()).catch((error: unknown) => logger.warn({ err: error }, 'upload sweep failed'));
  const ctx: AppContext = {
    services,
    db: services.db,
    config: services.config,
    clock,
    logger,
    loginThrottle: new LoginThrottle(clock),
    uploads,
    events: options.events ?? new EventDispatcher({ db: services.db, config: services.config, clock, logger }),
    fileStore: services.fileStore,
    previewCache: createPreviewCache({ db: services.db, previewStore: services.previewStore, maxBytes: services.config.previewCacheBytes }),
    jobs: options.jobs ?? inlineJobQueue(services, options.clock ? { now: options.clock } : {}),
    jobWaitMs: options.jobWaitMs ?? services.config.jobWaitMs,
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
  app.get('/aset/naskah.js', (_req, res) => {
    res.setHeader('Cache-Control', 'public, max-age=3600');
    res.type('text/javascript').send(PAGE_SCRIPT);
  });

  app.get('/favicon.ico', (_req, res) => {
    res.setHeader('Cache-Control', 'public, max-age=86400');
    res.status(204).end();
  });

  app.use(cookieParser());
  app.use(authenticate(ctx));

  const apiRouter = express.Router();
  const pagesRouter = express.Router();
  const api = new ApiRegistry(ctx, apiRouter);
  const pages = new PageRoutes(ctx, pagesRouter);
  // one router module per resource; order matters only where paths overlap (/dokumen/baru before /dokumen/:id)
  registerAuthRoutes(ctx, api, pages);
  registerTaskRoutes(ctx, api, pages);
  registerDocumentRoutes(ctx, api, pages);
  registerListRoutes(ctx, api, pages);
  registerArchiveRoutes(ctx, api, pages);
  registerVerificationRoutes(ctx, api, pages);
  registerTemplateRoutes(ctx, api);
  registerReferenceRoutes(ctx, api, pages);
  registerNotificationRoutes(ctx, api, pages);
  registerAdminRoutes(ctx, api, pages);
  registerJobRoutes(ctx, api, pages);

  let openApi: ReturnType<typeof buildOpenApiDocument> | undefined;
  apiRouter.get('/openapi.json', (_req, res) => {
    openApi ??= buildOpenApiDocument(api.routes, { serverUrl: `${ctx.config.baseUrl}/api/v1`, version: version() });
    res.json(openApi);
  });
  apiRouter.use((req, _res, next) => next(new AppError('NOT_FOUND', `Rute API ${req.method} ${req.path.slice(0, 200)} tidak ada; lihat /api/v1/openapi.json.`)));
  app.use('/api/v1', apiRouter);
  app.use('/', pagesRouter);

  app.use((req: Request, _res: Response, next: NextFunction) => {
    next(new AppError('NOT_FOUND', `Alamat ${req.path.slice(0, 200)} tidak ada. Periksa tautan atau kembali ke beranda.`));
  });
  app.use(errorMiddleware(ctx.logger));
  return app;
}
