/**
 * The list of CLI command modules. Each module exports a `register…Command(program, ctx)` function.
 */
import type { Command } from 'commander';
import type { CliContext } from '../cli-context.ts';
import { registerParticipantsCommand } from './participants.ts';
import { registerVerifyCommand } from './verify.ts';
import { registerDbCommand } from './db.ts';
import { registerRenderCommand } from './render.ts';
import { registerServeCommand } from './serve.ts';
import { registerOfficialsCommand } from './officials.ts';
import { registerDocumentsCommand } from './documents.ts';
import { registerAuditCommand } from './audit.ts';

export type RegisterCommand = (program: Command, ctx: CliContext) => void;

export const COMMANDS: readonly RegisterCommand[] = [
  registerDbCommand,
  registerParticipantsCommand,
  registerVerifyCommand,
  registerRenderCommand,
  registerServeCommand,
  registerOfficialsCommand,
  registerDocumentsCommand,
  registerAuditCommand,
];
