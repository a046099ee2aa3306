/**
 * E-mail through nodemailer over the SMTP server the configuration names (NASKAH_SMTP_URL); without
 * one, nothing is sent and notifications stay in the web app. One transport per process. Imports
 * nodemailer and the config type.
 */
import nodemailer from 'nodemailer';
import type { MailConfig } from '../config/load-config.ts';

export interface MailMessage {
  readonly to: string;
  readonly subject: string;
  readonly text: string;
}

export interface Mailer {
  send(message: MailMessage): Promise<void>;
  close(): void;
}

export function createMailer(config: MailConfig | undefined): Mailer | undefined {
  if (!config) return undefined;
  const transport = nodemailer.createTransport(config.smtpUrl);
  return {
    async send(message) {
      await transport.sendMail({ from: config.from, to: message.to, subject: message.subject, text: message.text });
    },
    close: () => transport.close(),
  };
}
