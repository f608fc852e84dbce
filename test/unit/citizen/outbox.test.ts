import { SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { send } from '../../../functions/adapters/outbox.js';

describe('outbox, production transport', () => {
  const snsMock = mockClient(SNSClient);
  const sesMock = mockClient(SESv2Client);
  afterEach(() => {
    snsMock.reset();
    sesMock.reset();
    delete process.env.IYS_OUTBOX;
  });

  it('sends SMS through SNS and e-mail through SES, keeping nothing', async () => {
    process.env.IYS_OUTBOX = 'aws';
    process.env.IYS_EMAIL_FROM = 'no-reply@iys.example';
    snsMock.on(PublishCommand).resolves({ MessageId: 'm1' });
    sesMock.on(SendEmailCommand).resolves({ MessageId: 'm2' });
    await send({ channel: 'SMS', to: '+905321234567', text: 'Kod: 123456' });
    await send({ channel: 'EPOSTA', to: 'ali@example.com', text: 'Merhaba', subject: 'İYS' });
    const sms = snsMock.commandCalls(PublishCommand)[0]!.args[0].input;
    expect(sms).toMatchObject({ PhoneNumber: '+905321234567', Message: 'Kod: 123456' });
    expect(sms.MessageAttributes?.['AWS.SNS.SMS.SMSType']?.StringValue).toBe('Transactional');
    const mail = sesMock.commandCalls(SendEmailCommand)[0]!.args[0].input;
    expect(mail).toMatchObject({
      FromEmailAddress: 'no-reply@iys.example',
      Destination: { ToAddresses: ['ali@example.com'] },
    });
    expect(mail.Content?.Simple?.Body?.Text?.Data).toBe('Merhaba');
  });
});
