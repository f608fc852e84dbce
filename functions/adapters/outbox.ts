import { randomUUID } from 'node:crypto';
import { SendEmailCommand } from '@aws-sdk/client-sesv2';
import { PublishCommand } from '@aws-sdk/client-sns';
import { PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { documents, ses, sns } from './aws.js';
import { config, env } from './env.js';
import { logger } from './logger.js';

/**
 * The outbox port: every message the registry sends to a person (one-time codes, SMS replies, link and
 * onboarding e-mails). Two transports behind one `send`:
 * - `local` (IYS_OUTBOX=local, the default when IYS_STAGE is "local"): the message is kept in the Registry
 *   table (kind OUTBOX, one day TTL) and listed by `GET /local/outbox`, newest first;
 * - `aws`: SMS through SNS Publish (transactional, sender id IYS) and e-mail through SES v2 SendEmail from
 *   IYS_EMAIL_FROM (docs/citizen.md). Nothing is kept: the message leaves and only its id is logged.
 * Logs carry the channel and a message id only, never the address or the text (codes are secrets).
 */
export type OutboxChannel = 'SMS' | 'EPOSTA';

export interface OutboxMessage {
  channel: OutboxChannel;
  to: string;
  text: string;
  /** E-mail subject (EPOSTA only). */
  subject?: string;
}

export interface SentMessage extends OutboxMessage {
  sentAt: string;
}

const outboxPk = 'OUTBOX';
const keepSeconds = 86_400;

export function outboxMode(): 'local' | 'aws' {
  const m = config().IYS_OUTBOX ?? (env.stage() === 'local' ? 'local' : 'aws');
  return m === 'local' ? 'local' : 'aws';
}

export async function send(m: OutboxMessage, now: Date = new Date()): Promise<string> {
  const id = randomUUID();
  if (outboxMode() !== 'local') {
    if (m.channel === 'SMS') {
      await sns().send(
        new PublishCommand({
          PhoneNumber: m.to,
          Message: m.text,
          MessageAttributes: {
            'AWS.SNS.SMS.SMSType': { DataType: 'String', StringValue: 'Transactional' },
            'AWS.SNS.SMS.SenderID': {
              DataType: 'String',
              StringValue: config().IYS_SMS_SENDER_ID,
            },
          },
        }),
      );
    } else {
      await ses().send(
        new SendEmailCommand({
          FromEmailAddress: config().IYS_EMAIL_FROM,
          Destination: { ToAddresses: [m.to] },
          Content: {
            Simple: {
              Subject: { Data: m.subject ?? 'İYS', Charset: 'UTF-8' },
              Body: { Text: { Data: m.text, Charset: 'UTF-8' } },
            },
          },
        }),
      );
    }
    logger.info('outbox message', { channel: m.channel, id, transport: 'aws' });
    return id;
  }
  const sentAt = now.toISOString();
  await documents().send(
    new PutCommand({
      TableName: env.registryTable(),
      Item: {
        pk: outboxPk,
        sk: `${sentAt}#${id}`,
        kind: 'OUTBOX',
        channel: m.channel,
        to: m.to,
        text: m.text,
        ...(m.subject ? { subject: m.subject } : {}),
        sentAt,
        expiresAt: Math.floor(now.getTime() / 1000) + keepSeconds,
      },
    }),
  );
  logger.info('outbox message', { channel: m.channel, id });
  return id;
}

/** The local outbox, newest first (development and tests only). */
export async function listOutbox(limit = 200): Promise<SentMessage[]> {
  const r = await documents().send(
    new QueryCommand({
      TableName: env.registryTable(),
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': outboxPk },
      ScanIndexForward: false,
      Limit: limit,
    }),
  );
  return (r.Items ?? []).map((i) => ({
    channel: i.channel as OutboxChannel,
    to: i.to as string,
    text: i.text as string,
    ...(i.subject ? { subject: i.subject as string } : {}),
    sentAt: i.sentAt as string,
  }));
}
