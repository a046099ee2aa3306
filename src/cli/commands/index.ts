/**
 * The list of CLI command modules. Each module exports a `register…Command(program, ctx)` function.
 */
import type { Command } from 'commander';
import type { CliContext } from '../cli-context.ts';
import { registerParticipantsCommand } from './participants.ts';
import { createVerifyCommand } from './verify.ts';
import { archiveLookupFor, registerArchiveCommand } from './archive.ts';
import { registerSignCommand } from './sign.ts';
import { registerListsCommand } from './lists.ts';
import { registerDbCommand } from './db.ts';
import { registerRenderCommand } from './render.ts';
import { registerServeCommand } from './serve.ts';
import { registerOfficialsCommand } from './officials.ts';
import { registerDocumentsCommand } from './documents.ts';
import { registerAuditCommand } from './audit.ts';
import { registerDemoCommand } from './demo.ts';
import { registerUsersCommand } from './users.ts';

export type RegisterCommand = (program: Command, ctx: CliContext) => void;

export const COMMANDS: readonly RegisterCommand[] = [
  registerDbCommand,
  registerParticipantsCommand,
  createVerifyCommand({ archiveLookup: archiveLookupFor }),
  registerRenderCommand,
  registerServeCommand,
  registerOfficialsCommand,
  registerUsersCommand,
  registerDocumentsCommand,
  registerAuditCommand,
  registerDemoCommand,
  registerArchiveCommand,
  registerSignCommand,
  registerListsCommand,
];
