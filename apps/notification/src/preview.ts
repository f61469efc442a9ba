/**
 * Renders a template for its built-in sample event, to proof-read wording and SMS length:
 *   npm run --silent preview -- bill-issued [--channel sms|email] [--name "Nguyễn Thị Minh Khai"]
 */
import {
  isTemplateId,
  renderEmail,
  renderSms,
  SAMPLE_DATA,
  TEMPLATE_IDS,
  type TemplateId,
} from '@gridpay/notification/domain';
import { DomainError } from '@gridpay/shared/ddd';

const USAGE = `usage: preview <${TEMPLATE_IDS.join('|')}> [--channel sms|email] [--name "customer name"]`;

function parse(argv: string[]): { templateId: TemplateId; channel: 'sms' | 'email'; name?: string } {
  const [templateId, ...rest] = argv;
  if (!templateId || !isTemplateId(templateId))
    throw new DomainError(
      'bad-argument',
      templateId ? `unknown template "${templateId}"` : 'give a template id',
    );
  const options: Record<string, string> = {};
  for (let i = 0; i < rest.length; i += 2) {
    const key = rest[i];
    const value = rest[i + 1];
    if (key !== '--channel' && key !== '--name')
      throw new DomainError('bad-argument', `unknown option ${key}`);
    if (value === undefined || value.startsWith('--'))
      throw new DomainError('bad-argument', `${key} needs a value`);
    options[key.slice(2)] = value;
  }
  const channel = options['channel'] ?? 'sms';
  if (channel !== 'sms' && channel !== 'email')
    throw new DomainError('bad-argument', `--channel must be sms or email, got "${channel}"`);
  return { templateId, channel, name: options['name'] };
}

/** The preview as printed: the message, then one line with its template version and size. */
export function runPreview(argv: string[]): string {
  const { templateId, channel, name } = parse(argv);
  const data = { ...SAMPLE_DATA[templateId], ...(name === undefined ? {} : { customerName: name }) };
  if (channel === 'sms') {
    const sms = renderSms(templateId, data as never);
    const limit = sms.encoding === 'GSM-7' ? 160 : 70;
    const shortened = sms.shortened.length ? `, shortened: ${sms.shortened.join(', ')}` : '';
    const plural = sms.segments === 1 ? '' : 's';
    return `${sms.text}\n--- ${templateId} v${sms.templateVersion} sms: ${sms.segments} segment${plural}, ${sms.encoding}, ${sms.length}/${limit}${shortened}\n`;
  }
  const email = renderEmail(templateId, data as never);
  return `Subject: ${email.subject}\n\n${email.text}\n\n--- html ---\n${email.html}\n--- ${templateId} v${email.templateVersion} email\n`;
}

if (require.main === module) {
  try {
    process.stdout.write(runPreview(process.argv.slice(2)));
  } catch (error) {
    process.stderr.write(`preview: ${(error as Error).message}\n${USAGE}\n`);
    process.exit(2);
  }
}
