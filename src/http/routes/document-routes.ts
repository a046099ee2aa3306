/**
 * Documents as pages and API: the list (paged, filtered), drafting from the kind's form or from YAML,
 * the form's preview, one document, revising (form or YAML; a returned one answered and resubmitted in
 * one step), submitting, paraf, return, signing, deleting a draft, revoking an issued one, previews and
 * downloads, the audit trail. Thin: parse, call the bridge or a read model, render or redirect.
 * Imports the http modules.
 */
import type { Request, Response } from 'express';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { dataError } from '../../compose/document-data.ts';
import type { DataProblem } from '../../compose/yaml-source.ts';
import { validateKindData, type JsonSchema } from '../../compose/kind-schema.ts';
import { AppError, isAppError } from '../../errors/app-error.ts';
import { searchLegalReferences } from '../../use-cases/manage-legal-references.ts';
import { ANY_ROLE, currentUser, hasRole } from '../auth.ts';
import * as documents from '../bridge/documents.ts';
import { approvedListFigures } from '../bridge/lists.ts';
import { kindMeta, kindSchema, listKinds, regionName, regionsForUser } from '../bridge/templates.ts';
import { answeredPending, isPending, sendPending } from '../job-replies.ts';
import type { AppContext, SessionUser } from '../http-deps.ts';
import { applyOperation, carriedOver, parseKindForm, parseOperation, pruneEmpty, propertiesOf, starterData, unrepresentable, widgetOf, type FormData } from '../kind-form.ts';
import { limitOf, pagedSchema, PagingQuery } from '../paging.ts';
import { getDocumentDetail, listDocumentAudit, listDocuments, type DocumentDetail } from '../read-models/documents.ts';
import { approvedListsFor } from '../read-models/lists.ts';
import { formField, sendBinary, type ApiRegistry, type PageRoutes } from '../route-kit.ts';
import { auditPageView, documentListView, documentView, previewNoticePage, previewProblemsPage, yamlNewView } from '../views/document-views.ts';
import { angka } from '../views/format.ts';
import { kindFormView, kindPickerView, type KindFormModel } from '../views/kind-form-views.ts';
import { redirectOk, sendPage, viewContext } from './page-response.ts';

const Sha256 = z.string().regex(/^[0-9a-f]{64}$/, 'harus sha256 heksadesimal 64 karakter');
const IdParams = z.object({ id: z.string().min(1).max(100).describe('id dokumen') });
const STATES = ['draft', 'in_paraf', 'returned', 'ready_to_sign', 'signed'] as const;
const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

const DocumentSummarySchema = z.object({
  id: z.string(),
  kindId: z.string(),
  tentang: z.string(),
  state: z.string(),
  number: z.string().nullable(),
  versionNo: z.number().int().nullable(),
  contentHash: z.string().nullable(),
  parafDone: z.number().int(),
  parafTotal: z.number().int(),
  updatedAt: z.string(),
});
const ParafStepSchema = z.object({
  position: z.number().int(),
  jabatan: z.string(),
  officialName: z.string(),
  state: z.string(),
  actedAt: z.string().nullable(),
  actedBy: z.string().nullable(),
  note: z.string().nullable(),
});
const DocumentDetailSchema = DocumentSummarySchema.extend({
  drafter: z.string(),
  dataYaml: z.string().nullable(),
  data: z.unknown().describe('data versi kini (YAML yang sama, sebagai JSON)'),
  parafSteps: z.array(ParafStepSchema),
  returned: z.object({ jabatan: z.string(), officialName: z.string(), actedBy: z.string().nullable(), at: z.string(), note: z.string() }).nullable(),
  versions: z.array(z.object({ versionNo: z.number().int(), contentHash: z.string(), createdAt: z.string(), createdBy: z.string() })),
});
const AuditSchema = z.object({
  seq: z.number().int(),
  at: z.string(),
  actor: z.string(),
  action: z.string(),
  versionHash: z.string().nullable(),
  details: z.unknown(),
  prevHash: z.string(),
  hash: z.string(),
});
const StateResult = z.object({ documentId: z.string(), state: z.string() });
const DataInput = {
  dataYaml: z.string().min(1).max(5_000_000).optional().describe('data dokumen sebagai YAML'),
  data: z.record(z.string(), z.unknown()).optional().describe('data dokumen sebagai JSON (bentuknya: GET /templates/{kind})'),
};

/** Whichever of data (JSON) or dataYaml the request gave, as the YAML a version stores. */
function dataYamlOf(body: { dataYaml?: string | undefined; data?: Record<string, unknown> | undefined }, kind: string): string {
  if (body.data !== undefined && body.dataYaml !== undefined) throw new AppError('USAGE', 'Kirim data (JSON) atau dataYaml, bukan keduanya.');
  if (body.data !== undefined) return documents.dataToYaml({ ...body.data, template: kind });
  if (body.dataYaml !== undefined) return body.dataYaml;
  throw new AppError('USAGE', 'Kirim data dokumen: "data" (JSON, bentuknya di GET /api/v1/templates/{kind}) atau "dataYaml".');
}

function parseStoredData(yamlText: string): Record<string, unknown> {
  try {
    const v: unknown = parseYaml(yamlText);
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

function hashField(req: Request): string {
  const v = formField(req, 'contentHash', 100);
  if (!/^[0-9a-f]{64}$/.test(v)) throw new AppError('USAGE', 'Formulir tidak membawa hash isi dokumen yang sah; muat ulang halaman lalu coba lagi.');
  return v;
}

/** The problems an AppError of the data carries, as the form shows them. */
function problemsOf(error: AppError): DataProblem[] {
  const details = Array.isArray(error.details) ? (error.details as unknown[]) : [];
  const listed = details.filter((d): d is DataProblem => !!d && typeof d === 'object' && typeof (d as DataProblem).field === 'string' && typeof (d as DataProblem).message === 'string');
  if (listed.length > 0) return listed;
  return [{ field: error.location.field ?? '(dokumen)', message: error.message }];
}

/** The region a new document is drafted for: one of the user's own (a form cannot name another). */
function chosenRegion(user: SessionUser, asked: string): string {
  if (user.regions.includes(asked)) return asked;
  throw new AppError('FORBIDDEN', 'Pilih salah satu daerah Anda untuk dokumen ini; minta admin menambahkan daerah ke akun Anda bila perlu.', { field: 'daerah' });
}

const DATA_ERRORS = new Set(['DOCUMENT_INVALID', 'YAML_INVALID', 'SOURCE_NOT_FOUND', 'MARKUP_INVALID', 'TEMPLATE_ERROR', 'USAGE']);

export function registerDocumentRoutes(ctx: AppContext, api: ApiRegistry, pages: PageRoutes): void {
  const readDocument = async (user: SessionUser, id: string): Promise<DocumentDetail> => {
    const d = await getDocumentDetail(ctx.db, user, id);
    if (!d) throw new AppError('NOT_FOUND', 'Dokumen tidak ada; mungkin tautannya salah atau konsepnya sudah dihapus.');
    return d;
  };

  // ===== the form ================================================================================

  /** The participant-list field of a kind, if it has one: its name, source, figures field and program. */
  const participantField = (schema: JsonSchema) => {
    for (const [name, s] of Object.entries(propertiesOf(schema))) {
      if (widgetOf(s) === 'participant-list') return { name, source: String(s['x-source'] ?? 'peserta'), figures: String(s['x-figures'] ?? 'iuran'), program: s['x-program'] as string | undefined };
    }
    return undefined;
  };

  /**
   * The data a form save stores: what the form shows (empties pruned), over what the stored version has
   * that the form does not show, with the attached list's source and figures.
   */
  const documentDataOf = async (user: SessionUser, kind: string, daerah: string, schema: JsonSchema, form: FormData, stored: Record<string, unknown>): Promise<Record<string, unknown>> => {
    const shown = (pruneEmpty(form) as Record<string, unknown> | undefined) ?? {};
    // a required group left empty is kept as {}, so each of its missing fields is named
    for (const [name, s] of Object.entries(propertiesOf(schema))) if (widgetOf(s) === 'object' && s['x-required'] === true && shown[name] === undefined) shown[name] = {};
    const data: Record<string, unknown> = { ...carriedOver(schema, stored), template: kind, daerah, ...shown };
    const pl = participantField(schema);
    const listId = typeof shown[pl?.name ?? ''] === 'string' ? (shown[pl!.name] as string) : undefined;
    if (pl && listId) {
      const attached = await approvedListFigures(ctx, user, listId, pl.program);
      const sumber = data.sumber && typeof data.sumber === 'object' ? (data.sumber as Record<string, unknown>) : {};
      const figures = data[pl.figures] && typeof data[pl.figures] === 'object' ? (data[pl.figures] as Record<string, unknown>) : {};
      data.sumber = { ...sumber, [pl.source]: attached.source };
      data[pl.figures] = { ...figures, ...attached.stated };
    }
    return data;
  };

  const formModel = async (
    req: Request,
    res: Response,
    kind: string,
    daerah: string,
    data: FormData,
    problems: readonly DataProblem[],
    extra: Partial<KindFormModel> & Pick<KindFormModel, 'action' | 'mode'>,
  ): Promise<KindFormModel> => {
    const user = currentUser(res);
    const { summary, schema } = kindSchema(ctx, kind, daerah);
    const references = (await searchLegalReferences(ctx.db, { username: user.username, limit: 200, offset: 0 })).items.map((r) => ({ title: r.title, citation: `${r.citation};` }));
    const pl = participantField(schema);
    const lists = pl ? (await approvedListsFor(ctx.db, user, pl.program)).filter((l) => l.region === daerah) : [];
    let figures: KindFormModel['figures'];
    const chosen = pl ? data[pl.name] : undefined;
    if (pl && typeof chosen === 'string' && chosen) figures = (await approvedListFigures(ctx, user, chosen, pl.program).catch(() => undefined))?.figures;
    // problems of the figures and the source belong to the list picker
    const mapped = pl
      ? problems.map((p) => (p.field.startsWith(`${pl.figures}.`) || p.field === pl.figures || p.field.startsWith(`sumber.${pl.source}`) ? { ...p, field: pl.name } : p))
      : problems;
    void req;
    return {
      kind,
      kindLabel: summary.label,
      daerah,
      regionName: regionName(ctx, daerah),
      schema,
      data,
      problems: mapped,
      references,
      approvedLists: lists.map((l) => ({ id: l.id, label: `${l.fileName} — ${l.program} ${l.year} — ${angka(l.approved ?? 0)} orang disetujui` })),
      figures,
      ...extra,
    };
  };

  const renderForm = async (req: Request, res: Response, model: KindFormModel, status = 200) =>
    sendPage(ctx, req, res, { title: model.mode === 'baru' ? 'Konsep baru' : 'Ubah konsep', active: 'dokumen', body: kindFormView(viewContext(ctx, res), model) }, status);

  /** The citation a register pick names (by its exact title), or undefined. */
  const citationFor = async (user: SessionUser, title: string): Promise<string | undefined> => {
    if (!title.trim()) return undefined;
    const hits = await searchLegalReferences(ctx.db, { username: user.username, q: title.slice(0, 300), limit: 20, offset: 0 });
    const hit = hits.items.find((r) => r.title === title.trim()) ?? (hits.items.length === 1 ? hits.items[0] : undefined);
    return hit ? `${hit.citation};` : undefined;
  };

  /**
   * A form post: a structural button (add, remove, move, cite) re-renders the form with the change;
   * "simpan" stores — or, when the data is refused, re-renders with every problem next to its field.
   */
  const handleFormPost = async (req: Request, res: Response, target: { mode: 'baru' } | { mode: 'ubah'; doc: DocumentDetail }) => {
    const user = currentUser(res);
    const kind = target.mode === 'ubah' ? target.doc.kindId : formField(req, 'jenis', 100);
    const stored = target.mode === 'ubah' ? parseStoredData(target.doc.current?.dataYaml ?? '') : {};
    const daerah = target.mode === 'ubah' ? String(stored.daerah ?? target.doc.region ?? '') : chosenRegion(user, formField(req, 'daerah', 100));
    const { schema } = kindSchema(ctx, kind, daerah);
    const form = parseKindForm(schema, (req.body ?? {}) as Record<string, unknown>);
    const action = target.mode === 'baru' ? '/dokumen/baru' : `/dokumen/${target.doc.id}/ubah`;
    const extra: Partial<KindFormModel> & Pick<KindFormModel, 'action' | 'mode'> =
      target.mode === 'baru'
        ? { action, mode: 'baru' }
        : { action, mode: 'ubah', documentId: target.doc.id, baseContentHash: hashField(req), returned: target.doc.returned, answer: formField(req, 'tanggapan', 4000) };
    const op = parseOperation(formField(req, 'aksi', 300));
    if (op) {
      const citation = op.op === 'rujukan' ? await citationFor(user, formField(req, `rujukan.${op.path.join('.')}`, 500)) : undefined;
      applyOperation(schema, form, op, citation);
      const problems = op.op === 'rujukan' && !citation ? [{ field: op.path.join('.'), message: 'rujukan itu tidak ditemukan di register; pilih dari saran yang muncul saat mengetik' }] : [];
      return renderForm(req, res, await formModel(req, res, kind, daerah, form, problems, extra));
    }
    try {
      const data = await documentDataOf(user, kind, daerah, schema, form, stored);
      const dataYaml = documents.dataToYaml(data);
      if (target.mode === 'baru') {
        const created = await documents.draftDocument(ctx, user, { kind, dataYaml });
        return redirectOk(res, `/dokumen/${created.documentId}`, 'buat');
      }
      const input = { documentId: target.doc.id, dataYaml, baseContentHash: hashField(req), note: formField(req, 'tanggapan', 4000) || undefined };
      if (target.doc.state === 'returned') {
        await documents.resubmitDocument(ctx, user, input);
        return redirectOk(res, `/dokumen/${target.doc.id}`, 'ajukan-ulang');
      }
      await documents.reviseDocument(ctx, user, input);
      return redirectOk(res, `/dokumen/${target.doc.id}`, 'simpan');
    } catch (error) {
      if (!isAppError(error) || !DATA_ERRORS.has(error.code)) throw error;
      return renderForm(req, res, await formModel(req, res, kind, daerah, form, problemsOf(error), extra), 400);
    }
  };

  pages.get('/dokumen/baru', ['drafter', 'admin'], async (req, res) => {
    const user = currentUser(res);
    const kind = typeof req.query.jenis === 'string' ? req.query.jenis : '';
    const regions = regionsForUser(ctx, user.regions);
    const asked = typeof req.query.daerah === 'string' ? req.query.daerah : regions.length === 1 ? regions[0]!.id : '';
    if (!kind || !asked) {
      const choices = listKinds(ctx).flatMap((k) => regions.map((r) => ({ kind: k.kind, label: k.label, regionId: r.id, regionName: r.name })));
      await sendPage(ctx, req, res, { title: 'Konsep baru', active: 'dokumen', body: kindPickerView(choices) });
      return;
    }
    const daerah = chosenRegion(user, asked);
    const { summary, schema } = kindSchema(ctx, kind, daerah);
    if (req.query.mode === 'yaml') {
      const starter = documents.dataToYaml({ template: kind, daerah, ...(pruneEmpty(starterData(schema)) as object | undefined) });
      await sendPage(ctx, req, res, { title: 'Konsep baru', active: 'dokumen', body: yamlNewView(viewContext(ctx, res), { ...summary, daerah, regionName: regionName(ctx, daerah) }, starter) });
      return;
    }
    await renderForm(req, res, await formModel(req, res, kind, daerah, starterData(schema), [], { action: '/dokumen/baru', mode: 'baru' }));
  });
  pages.post('/dokumen/baru', ['drafter', 'admin'], 'form', (req, res) => handleFormPost(req, res, { mode: 'baru' }));

  /** The form's preview: the data as typed, rendered to PDF, stored nowhere (problems shown as a small page). */
  pages.post('/dokumen/pratinjau', ['drafter', 'admin'], 'form', async (req, res) => {
    const user = currentUser(res);
    const kind = formField(req, 'jenis', 100);
    const daerah = chosenRegion(user, formField(req, 'daerah', 100));
    const { schema } = kindSchema(ctx, kind, daerah);
    const form = parseKindForm(schema, (req.body ?? {}) as Record<string, unknown>);
    const documentId = /^[0-9a-f-]{36}$/.test(formField(req, 'documentId', 100)) ? formField(req, 'documentId', 100) : undefined;
    const stored = documentId ? parseStoredData((await getDocumentDetail(ctx.db, user, documentId))?.current?.dataYaml ?? '') : {};
    // the preview may sit in the page's frame: allow same-origin framing for this reply only
    res.setHeader('X-Frame-Options', 'SAMEORIGIN');
    res.setHeader('Content-Security-Policy', "default-src 'none'; style-src 'self'; frame-ancestors 'self'");
    try {
      const data = await documentDataOf(user, kind, daerah, schema, form, stored);
      const problems = validateKindData(kindMeta(ctx, kind), data);
      if (problems.length > 0) throw dataError(`${kind}.yaml`, problems);
      const out = await documents.renderUnsaved(ctx, documents.dataToYaml(data), kind);
      await sendBinary(res, { kind: 'binary', mediaType: 'application/pdf', fileName: out.fileName, bytes: out.bytes, inline: true });
    } catch (error) {
      if (isAppError(error) && error.code === 'INPUT_TOO_LARGE') {
        res.status(200).type('html').send(previewNoticePage(error.message));
        return;
      }
      if (!isAppError(error) || !DATA_ERRORS.has(error.code)) throw error;
      res.status(422).type('html').send(previewProblemsPage(problemsOf(error)));
    }
  });

  pages.get('/dokumen/:id/ubah', ['drafter', 'admin'], async (req, res) => {
    const doc = await readDocument(currentUser(res), String(req.params.id));
    if (!doc.current) throw new AppError('INVALID_STATE', 'Dokumen belum punya versi.');
    if (doc.state === 'signed') throw new AppError('INVALID_STATE', 'Dokumen sudah ditandatangani dan tidak dapat diubah.');
    const stored = parseStoredData(doc.current.dataYaml);
    const daerah = String(stored.daerah ?? doc.region ?? '');
    const { schema } = kindSchema(ctx, doc.kindId, daerah);
    const blockers = unrepresentable(schema, stored);
    if (blockers.length > 0) throw new AppError('INVALID_STATE', `Dokumen ini memuat bagian yang hanya dapat diubah di mode YAML (${blockers.slice(0, 3).join('; ')}); ubah di halaman dokumen.`);
    const data: FormData = {};
    for (const [k, v] of Object.entries(stored)) data[k] = v;
    await renderForm(
      req,
      res,
      await formModel(req, res, doc.kindId, daerah, data, [], { action: `/dokumen/${doc.id}/ubah`, mode: 'ubah', documentId: doc.id, baseContentHash: doc.current.contentHash, returned: doc.returned }),
    );
  });
  pages.post('/dokumen/:id/ubah', ['drafter', 'admin'], 'form', async (req, res) => handleFormPost(req, res, { mode: 'ubah', doc: await readDocument(currentUser(res), String(req.params.id)) }));

  // ===== documents: pages ========================================================================
  pages.get('/dokumen', ANY_ROLE, async (req, res) => {
    const q = (name: string) => (typeof req.query[name] === 'string' ? (req.query[name] as string).slice(0, 200) : undefined);
    const state = (STATES as readonly string[]).includes(q('keadaan') ?? '') ? q('keadaan') : undefined;
    const kind = q('jenis') || undefined;
    const text = q('teks')?.trim() || undefined;
    const cursor = q('cursor');
    const page = await listDocuments(ctx.db, currentUser(res), { state, kind, text, limit: limitOf(undefined), cursor });
    await sendPage(ctx, req, res, {
      title: 'Dokumen',
      active: 'dokumen',
      body: documentListView(viewContext(ctx, res), { items: page.items, nextCursor: page.nextCursor, isFirst: !cursor, filter: { state, kind, text }, kinds: listKinds(ctx), canDraft: hasRole(currentUser(res), 'drafter', 'admin') }),
    });
  });

  pages.get('/dokumen/:id', ANY_ROLE, async (req, res) => {
    const user = currentUser(res);
    const d = await readDocument(user, String(req.params.id));
    const mine = d.drafterId === user.id || hasRole(user, 'admin');
    const canRevise = hasRole(user, 'drafter', 'admin') && mine && d.state !== 'signed' && d.current !== null;
    let formBlockers: string[] = [];
    if (canRevise && d.current) {
      try {
        formBlockers = unrepresentable(kindSchema(ctx, d.kindId).schema, parseStoredData(d.current.dataYaml));
      } catch {
        formBlockers = ['templat jenis ini tidak dapat dimuat'];
      }
    }
    const audit = await listDocumentAudit(ctx.db, user, d.id, 50, undefined);
    await sendPage(ctx, req, res, {
      title: d.tentang.slice(0, 120),
      active: 'dokumen',
      body: documentView(viewContext(ctx, res), {
        detail: d,
        canRevise,
        canSubmit: canRevise && d.state === 'draft',
        canDelete: mine && hasRole(user, 'drafter', 'admin') && (d.state === 'draft' || d.state === 'returned') && !d.issued,
        canRevoke: hasRole(user, 'admin') && d.issued?.status === 'berlaku',
        formBlockers,
        audit,
      }),
    });
  });

  pages.get('/dokumen/:id/audit', ANY_ROLE, async (req, res) => {
    const user = currentUser(res);
    const d = await readDocument(user, String(req.params.id));
    const cursor = typeof req.query.cursor === 'string' ? req.query.cursor : undefined;
    const page = await listDocumentAudit(ctx.db, user, d.id, limitOf(undefined), cursor);
    await sendPage(ctx, req, res, { title: 'Jejak audit', active: 'dokumen', body: auditPageView(viewContext(ctx, res), d, page.items, page.nextCursor, !cursor) });
  });

  // --- workflow actions (forms) --------------------------------------------------------------------
  pages.post('/dokumen/:id/paraf', ['paraf'], 'form', async (req, res) => {
    await documents.giveParaf(ctx, currentUser(res), { documentId: String(req.params.id), contentHash: hashField(req), passphrase: formField(req, 'passphrase', 1000) || undefined });
    redirectOk(res, '/', 'paraf');
  });
  pages.post('/dokumen/:id/kembalikan', ['paraf'], 'form', async (req, res) => {
    const note = formField(req, 'note', 4000).trim();
    if (!note) throw new AppError('USAGE', 'Tulis catatan untuk perancang sebelum mengembalikan dokumen.', { field: 'note' });
    await documents.returnDocument(ctx, currentUser(res), { documentId: String(req.params.id), contentHash: hashField(req), note });
    redirectOk(res, '/', 'kembali');
  });
  pages.post('/dokumen/:id/tandatangani', ['signer'], 'form', async (req, res) => {
    const signed = await documents.signDocument(ctx, currentUser(res), { documentId: String(req.params.id), contentHash: hashField(req), passphrase: formField(req, 'passphrase', 1000) || undefined });
    if (isPending(signed)) return sendPending(req, res, signed);
    redirectOk(res, `/dokumen/${encodeURIComponent(String(req.params.id))}`, 'tandatangan');
  });
  pages.post('/dokumen/:id/ajukan', ['drafter', 'admin'], 'form', async (req, res) => {
    await documents.submitDocument(ctx, currentUser(res), { documentId: String(req.params.id), contentHash: hashField(req) });
    redirectOk(res, `/dokumen/${encodeURIComponent(String(req.params.id))}`, 'ajukan');
  });
  pages.post('/dokumen/:id/hapus', ['drafter', 'admin'], 'form', async (req, res) => {
    await documents.deleteDraftDocument(ctx, currentUser(res), { documentId: String(req.params.id), contentHash: hashField(req) });
    redirectOk(res, '/dokumen', 'hapus');
  });
  pages.post('/dokumen/:id/cabut', ['admin'], 'form', async (req, res) => {
    const reason = formField(req, 'alasan', 2000).trim();
    await documents.revokeIssuedDocument(ctx, currentUser(res), { documentId: String(req.params.id), reason, reasonPublic: formField(req, 'publik', 10) === 'ya' });
    redirectOk(res, `/dokumen/${encodeURIComponent(String(req.params.id))}`, 'cabut');
  });
  pages.post('/dokumen/:id', ['drafter', 'admin'], 'form', async (req, res) => {
    const dataYaml = formField(req, 'dataYaml', ctx.config.limits.formBytes);
    if (!dataYaml.trim()) throw new AppError('USAGE', 'Data YAML kosong; isi data dokumen sebelum menyimpan.', { field: 'dataYaml' });
    await documents.reviseDocument(ctx, currentUser(res), { documentId: String(req.params.id), dataYaml, baseContentHash: hashField(req) });
    redirectOk(res, `/dokumen/${encodeURIComponent(String(req.params.id))}`, 'simpan');
  });
  pages.post('/dokumen', ['drafter', 'admin'], 'form', async (req, res) => {
    const kind = formField(req, 'kind', 100).trim();
    const dataYaml = formField(req, 'dataYaml', ctx.config.limits.formBytes);
    if (!kind || !dataYaml.trim()) throw new AppError('USAGE', 'Isi jenis dokumen dan data YAML-nya.');
    try {
      const created = await documents.draftDocument(ctx, currentUser(res), { kind, dataYaml });
      redirectOk(res, `/dokumen/${encodeURIComponent(created.documentId)}`, 'buat');
    } catch (error) {
      if (!isAppError(error) || !DATA_ERRORS.has(error.code)) throw error;
      const summary = (() => {
        try {
          return kindSchema(ctx, kind).summary;
        } catch {
          return { kind, label: kind };
        }
      })();
      const problems = problemsOf(error);
      await sendPage(ctx, req, res, { title: 'Konsep baru', active: 'dokumen', body: yamlNewView(viewContext(ctx, res), summary, dataYaml, problems.map((p) => `${p.line ? `baris ${p.line}: ` : ''}${p.field}: ${p.message}`).join(' · ')) }, 400);
    }
  });

  for (const [route, format] of [
    ['/dokumen/:id/pratinjau.pdf', 'pdf'],
    ['/dokumen/:id/unduh.docx', 'docx'],
  ] as const) {
    pages.get(route, ANY_ROLE, async (req, res) => {
      const out = await documents.renderCurrentVersion(ctx, currentUser(res), String(req.params.id), format);
      if (isPending(out)) return sendPending(req, res, out);
      await sendBinary(res, { kind: 'binary', mediaType: format === 'pdf' ? 'application/pdf' : DOCX, fileName: out.fileName, reader: out.reader, inline: format === 'pdf' }, 200, ctx.logger);
    });
  }

  // ===== API ======================================================================================
  api.define(
    {
      method: 'get',
      path: '/documents',
      summary: 'Daftar dokumen dengan keadaan paraf (berhalaman: limit, cursor)',
      tag: 'dokumen',
      roles: ANY_ROLE,
      query: PagingQuery.extend({
        state: z.enum(STATES).optional(),
        kind: z.string().max(100).optional(),
        text: z.string().max(200).optional().describe('kata dalam judul (tentang)'),
      }),
      response: z.object({ ...pagedSchema(DocumentSummarySchema), documents: z.array(DocumentSummarySchema).describe('sama dengan items (nama lama)') }),
    },
    async ({ query, user }) => {
      const page = await listDocuments(ctx.db, user!, { state: query.state, kind: query.kind, text: query.text, limit: limitOf(query.limit), cursor: query.cursor });
      const items = page.items.map(({ region: _r, ...d }) => ({ ...d, updatedAt: d.updatedAt.toISOString() }));
      return { nextCursor: page.nextCursor, items, documents: items };
    },
  );

  api.define(
    {
      method: 'post',
      path: '/documents',
      summary: 'Membuat konsep dokumen dari data JSON ({ kind, data }) atau YAML ({ kind, dataYaml })',
      tag: 'dokumen',
      roles: ['drafter', 'admin'],
      body: z.object({ kind: z.string().min(1).max(100).describe('jenis templat, mis. keputusan-gubernur-ntt (GET /templates)'), ...DataInput }),
      response: z.object({ documentId: z.string(), contentHash: z.string() }),
      status: 201,
      errors: ['DOCUMENT_INVALID', 'YAML_INVALID', 'TEMPLATE_NOT_FOUND'],
    },
    async ({ body, user }) => {
      kindMeta(ctx, body.kind);
      return documents.draftDocument(ctx, user!, { kind: body.kind, dataYaml: dataYamlOf(body, body.kind) });
    },
  );

  api.define(
    { method: 'get', path: '/documents/:id', summary: 'Satu dokumen: versi kini, langkah paraf, riwayat versi', tag: 'dokumen', roles: ANY_ROLE, params: IdParams, response: DocumentDetailSchema, errors: ['NOT_FOUND'] },
    async ({ params, user }) => {
      const d = await readDocument(user!, params.id);
      return {
        id: d.id,
        kindId: d.kindId,
        tentang: d.tentang,
        state: d.state,
        number: d.number,
        versionNo: d.current?.versionNo ?? null,
        contentHash: d.current?.contentHash ?? null,
        parafDone: d.chain.filter((s) => s.state === 'done').length,
        parafTotal: d.chain.length,
        updatedAt: d.updatedAt.toISOString(),
        drafter: d.drafterName,
        dataYaml: d.current?.dataYaml ?? null,
        data: d.current ? parseStoredData(d.current.dataYaml) : null,
        parafSteps: d.chain.map((s) => ({ ...s, actedAt: s.actedAt?.toISOString() ?? null })),
        returned: d.returned ? { ...d.returned, at: d.returned.at.toISOString() } : null,
        versions: d.versions.map((v) => ({ ...v, createdAt: v.createdAt.toISOString() })),
      };
    },
  );

  api.define(
    {
      method: 'put',
      path: '/documents/:id/data',
      summary: 'Menyimpan data baru (JSON atau YAML): versi baru, rantai paraf dimulai lagi',
      tag: 'dokumen',
      roles: ['drafter', 'admin'],
      params: IdParams,
      body: z.object({ ...DataInput, baseContentHash: Sha256.describe('hash versi yang diubah (menolak perubahan di atas versi usang)'), note: z.string().max(4000).optional().describe('tanggapan atas catatan pengembalian') }),
      response: z.object({ contentHash: z.string(), versionNo: z.number().int() }),
      errors: ['NOT_FOUND', 'STALE_VERSION', 'INVALID_STATE', 'DOCUMENT_INVALID'],
    },
    async ({ params, body, user }) => {
      const d = await readDocument(user!, params.id);
      return documents.reviseDocument(ctx, user!, { documentId: params.id, dataYaml: dataYamlOf(body, d.kindId), baseContentHash: body.baseContentHash, note: body.note });
    },
  );

  api.define(
    {
      method: 'delete',
      path: '/documents/:id',
      summary: 'Menghapus konsep (hanya konsep atau dokumen dikembalikan; jejak audit tetap)',
      tag: 'dokumen',
      roles: ['drafter', 'admin'],
      params: IdParams,
      query: z.object({ contentHash: Sha256.optional() }),
      response: z.object({ ok: z.literal(true) }),
      errors: ['NOT_FOUND', 'INVALID_STATE', 'STALE_VERSION'],
    },
    async ({ params, query, user }) => {
      await documents.deleteDraftDocument(ctx, user!, { documentId: params.id, contentHash: query.contentHash });
      return { ok: true as const };
    },
  );

  const ActionBody = z.object({ contentHash: Sha256.describe('hash isi versi yang ditampilkan kepada pengguna') });
  api.define(
    {
      method: 'post',
      path: '/documents/:id/submit',
      summary: 'Mengajukan konsep untuk paraf hierarki (rantai bawaan templat, atau chainOfficialIds berurutan)',
      tag: 'paraf',
      roles: ['drafter', 'admin'],
      params: IdParams,
      body: ActionBody.extend({
        chainOfficialIds: z.array(z.string().min(1).max(100)).max(20).optional().describe('id pejabat dalam urutan paraf (yang pertama memaraf lebih dulu); wajib bila templat tidak menyebut rantai'),
      }),
      response: StateResult,
      errors: ['NOT_FOUND', 'STALE_VERSION', 'INVALID_STATE'],
    },
    async ({ params, body, user }) => ({ documentId: params.id, ...(await documents.submitDocument(ctx, user!, { documentId: params.id, ...body })) }),
  );
  api.define(
    {
      method: 'post',
      path: '/documents/:id/paraf',
      summary: 'Memberi paraf pada versi dengan hash ini (hanya pejabat yang gilirannya); dengan passphrase, paraf ditandatangani kunci pejabat sebagai bukti',
      tag: 'paraf',
      roles: ['paraf'],
      params: IdParams,
      body: ActionBody.extend({ passphrase: z.string().max(1000).optional() }),
      response: StateResult,
      errors: ['NOT_FOUND', 'PARAF_OUT_OF_TURN', 'STALE_VERSION', 'INVALID_STATE'],
    },
    async ({ params, body, user }) => ({ documentId: params.id, ...(await documents.giveParaf(ctx, user!, { documentId: params.id, ...body })) }),
  );
  api.define(
    {
      method: 'post',
      path: '/documents/:id/return',
      summary: 'Mengembalikan dokumen kepada perancang dengan catatan (pejabat yang gilirannya paraf; tidak kepada diri sendiri)',
      tag: 'paraf',
      roles: ['paraf'],
      params: IdParams,
      body: ActionBody.extend({ note: z.string().trim().min(1, 'catatan wajib diisi').max(4000) }),
      response: StateResult,
      errors: ['NOT_FOUND', 'PARAF_OUT_OF_TURN', 'STALE_VERSION', 'INVALID_STATE'],
    },
    async ({ params, body, user }) => ({ documentId: params.id, ...(await documents.returnDocument(ctx, user!, { documentId: params.id, ...body })) }),
  );
  api.define(
    {
      method: 'post',
      path: '/documents/:id/sign',
      summary: 'Menandatangani: nomor dan tanggal ditetapkan, PDF ditandatangani (PAdES) dan diarsipkan',
      tag: 'paraf',
      roles: ['signer'],
      params: IdParams,
      body: ActionBody.extend({ passphrase: z.string().max(1000).optional() }),
      response: StateResult.extend({ number: z.string() }),
      errors: ['NOT_FOUND', 'STALE_VERSION', 'INVALID_STATE', 'NUMBER_CONFLICT'],
    },
    async ({ params, body, user, req, res }) => {
      const out = await documents.signDocument(ctx, user!, { documentId: params.id, ...body });
      if (isPending(out)) return answeredPending(req, res, out);
      return { documentId: params.id, ...out };
    },
  );
  api.define(
    {
      method: 'post',
      path: '/documents/:id/revoke',
      summary: 'Mencatat pencabutan dokumen terbit (alasan hanya tampil di halaman publik bila public = true)',
      tag: 'arsip',
      roles: ['admin'],
      params: IdParams,
      body: z.object({ reason: z.string().trim().min(5).max(2000), public: z.boolean().default(false) }),
      response: z.object({ documentId: z.string(), number: z.string(), status: z.literal('dicabut') }),
      errors: ['NOT_FOUND', 'INVALID_STATE'],
    },
    async ({ params, body, user }) => {
      const r = await documents.revokeIssuedDocument(ctx, user!, { documentId: params.id, reason: body.reason, reasonPublic: body.public });
      return { documentId: params.id, number: r.number, status: 'dicabut' as const };
    },
  );

  for (const format of ['pdf', 'docx'] as const) {
    api.define(
      {
        method: 'get',
        path: `/documents/:id/preview.${format}`,
        summary: `Pratinjau ${format.toUpperCase()} versi kini`,
        tag: 'dokumen',
        roles: ANY_ROLE,
        params: IdParams,
        response: z.unknown(),
        produces: [format === 'pdf' ? 'application/pdf' : DOCX],
        errors: ['NOT_FOUND'],
      },
      async ({ params, user, req, res }) => {
        const out = await documents.renderCurrentVersion(ctx, user!, params.id, format);
        if (isPending(out)) return answeredPending(req, res, out);
        return { kind: 'binary' as const, mediaType: format === 'pdf' ? 'application/pdf' : DOCX, fileName: out.fileName, reader: out.reader, inline: format === 'pdf' };
      },
    );
  }

  api.define(
    {
      method: 'get',
      path: '/documents/:id/audit',
      summary: 'Jejak audit dokumen (rantai hash), berhalaman',
      tag: 'dokumen',
      roles: ANY_ROLE,
      params: IdParams,
      query: PagingQuery,
      response: z.object({ ...pagedSchema(AuditSchema), events: z.array(AuditSchema).describe('sama dengan items (nama lama)') }),
      errors: ['NOT_FOUND'],
    },
    async ({ params, query, user }) => {
      const page = await listDocumentAudit(ctx.db, user!, params.id, limitOf(query.limit ?? 200), query.cursor);
      const items = page.items.map((e) => ({ ...e, at: e.at.toISOString() }));
      return { nextCursor: page.nextCursor, items, events: items };
    },
  );
}
